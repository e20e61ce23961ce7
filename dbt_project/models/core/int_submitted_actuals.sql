{{ config(
    materialized='incremental',
    pre_hook="{{ delete_changed(['region_code', 'year']) }}",
) }}
-- The submitted actuals of fct_actual, per region × indicator × year × quarter (quarter null: the
-- annual row from Q4). When several lead departments report the same region × indicator, the year's
-- figures come from one of them: the one with most quarters reported that year, then the latest
-- received. Incremental per region × year (the choice of department is made per region × year).
with quarterly as (
    select
        *,
        count(*) over (partition by department_code, region_code, indicator_code, year) as quarters_reported,
        max(received_at) over (partition by department_code, region_code, indicator_code, year) as last_received
    from {{ ref('int_quarterly_actuals') }} as actuals
    {% if is_incremental() %}
    where {{ is_changed('actuals', ['region_code', 'year']) }}
    {% endif %}
),

ranked as (
    select
        *,
        dense_rank() over (
            partition by region_code, indicator_code, year
            order by quarters_reported desc, last_received desc, department_code
        ) as department_rank,
        count(distinct department_code) over (partition by region_code, indicator_code, year) as n_reporting_departments
    from quarterly
),

submitted as (
    select * from ranked where department_rank = 1
),

submitted_rows as (
    select region_code, indicator_code, year, quarter, value, ytd_value, value_status, value_basis, reported_basis,
        unit, original_value, original_unit, submission_id, received_at, is_synthetic, department_code,
        n_reporting_departments
    from submitted
    union all
    select region_code, indicator_code, year, cast(null as integer),
        case when value_basis = 'quarter' then ytd_value else value end,
        ytd_value, 'complete', case when value_basis = 'quarter' then 'annual' else 'level' end, reported_basis, unit,
        original_value, original_unit, submission_id, received_at, is_synthetic, department_code,
        n_reporting_departments
    from submitted
    where quarter = 4 and (case when value_basis = 'quarter' then ytd_value else value end) is not null
)

select * from submitted_rows
