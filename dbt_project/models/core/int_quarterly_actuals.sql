-- THE de-accumulation of quarterly statistics (the one home of this rule), per department × region ×
-- indicator × year × quarter, from the latest version of each submission:
--   flows reported year-to-date (累计): quarter value = YTD − the previous quarter's YTD of the same
--     year (Q1: the YTD itself); flows reported for the quarter alone (当季): YTD = running sum of the
--     quarters since the last YTD-reported quarter (or since Q1). A value that needs a quarter the
--     department has not reported is null rather than guessed.
--   stocks, shares, growth rates and ratios are end-of-period levels: never summed, ytd_value null.
-- A gap is normal (Q2 sent, Q1 never): the Q2 year-to-date figure is still true, only the Q2-alone
-- value is unknown. `value_status` says which: complete, quarter_unknown (value null: the previous
-- quarter's year-to-date is missing) or ytd_unknown (ytd_value null: an earlier quarter is missing).
-- Incremental per department × region × year (a changed quarter changes the later quarters' values).
{{ config(
    materialized='incremental',
    pre_hook="{{ delete_changed(['department_code', 'region_code', 'year']) }}",
) }}
with latest as (
    select *
    from {{ ref('int_submission_values') }} as values
    where is_latest
    {% if is_incremental() %}
        and {{ is_changed('values', ['department_code', 'region_code', 'year']) }}
    {% endif %}
),

flows as (
    select
        *,
        sum(case when reported_basis = 'quarter' then canonical_value else 0 end) over upto as quarter_sum,
        max(case when reported_basis = 'ytd' then quarter end) over upto as anchor_quarter,
        count(*) over upto as n_reported
    from latest
    where measure_type = 'flow'
    window upto as (
        partition by department_code, region_code, indicator_code, year
        order by quarter rows between unbounded preceding and current row
    )
),

anchored as (
    select
        *,
        last_value(case when reported_basis = 'ytd' then canonical_value end ignore nulls) over upto as anchor_ytd,
        last_value(case when reported_basis = 'ytd' then quarter_sum end ignore nulls) over upto as anchor_sum,
        last_value(case when reported_basis = 'ytd' then n_reported end ignore nulls) over upto as anchor_n
    from flows
    window upto as (
        partition by department_code, region_code, indicator_code, year
        order by quarter rows between unbounded preceding and current row
    )
),

flow_ytd as (
    select
        *,
        case
            when reported_basis = 'ytd' then canonical_value
            -- quarters only since Q1, none missing
            when anchor_quarter is null and n_reported = quarter then quarter_sum
            -- the last YTD figure plus the quarters after it, none missing
            when anchor_quarter is not null and n_reported - anchor_n = quarter - anchor_quarter
                then anchor_ytd + quarter_sum - anchor_sum
        end as ytd_value
    from anchored
),

flow_values as (
    select
        *,
        case
            when reported_basis = 'quarter' then canonical_value
            when quarter = 1 then ytd_value
            when lag(quarter) over series = quarter - 1 then ytd_value - lag(ytd_value) over series
        end as quarter_value
    from flow_ytd
    window series as (partition by department_code, region_code, indicator_code, year order by quarter)
)

select
    department_code, region_code, indicator_code, year, quarter, measure_type,
    quarter_value as value,
    ytd_value,
    case when quarter_value is null then 'quarter_unknown' when ytd_value is null then 'ytd_unknown'
        else 'complete' end as value_status,
    'quarter' as value_basis,
    reported_basis,
    canonical_value as reported_canonical_value,
    canonical_unit as unit,
    original_value, original_unit, original_value_text, original_unit_text,
    submission_id, version, received_at, is_synthetic
from flow_values

union all

select
    department_code, region_code, indicator_code, year, quarter, measure_type,
    canonical_value as value,
    cast(null as double) as ytd_value,
    'complete' as value_status,
    'level' as value_basis,
    reported_basis,
    canonical_value as reported_canonical_value,
    canonical_unit as unit,
    original_value, original_unit, original_value_text, original_unit_text,
    submission_id, version, received_at, is_synthetic
from latest
where measure_type <> 'flow'
