-- Target against actual per plan × region × indicator × year × tier.
-- A finished year (before the as-of date's year) is judged with the target's operator: met, not met,
-- or no data. For the current and later years the latest reported actual is shown as progress.
with targets as (
    select * from {{ ref('fct_target') }}
),

annual_actuals as (
    select region_code, indicator_code, year, value, figure_kind, source_type
    from {{ ref('fct_actual') }}
    where quarter is null
),

latest_actual as (
    select
        targets.target_key,
        annual_actuals.year as latest_actual_year,
        annual_actuals.value as latest_actual_value,
        row_number() over (partition by targets.target_key order by annual_actuals.year desc) as recency
    from targets
    join annual_actuals
        on annual_actuals.region_code = targets.region_code
        and annual_actuals.indicator_code = targets.indicator_code
        and annual_actuals.year <= targets.year
),

leads as (
    select
        bridge.target_key,
        string_agg(departments.name_zh, '、' order by departments.name_zh) as lead_departments_zh,
        string_agg(departments.name_en, '; ' order by departments.name_en) as lead_departments_en
    from {{ ref('bridge_target_department') }} as bridge
    join {{ ref('dim_department') }} as departments using (department_code)
    where bridge.department_role = 'lead'
    group by bridge.target_key
),

joined as (
    select
        targets.*,
        indicators.name_zh as indicator_name_zh,
        indicators.name_en as indicator_name_en,
        indicators.measure_type,
        indicators.direction,
        same_year.value as actual_value,
        same_year.figure_kind as actual_kind,
        latest_actual.latest_actual_year,
        latest_actual.latest_actual_value,
        leads.lead_departments_zh,
        leads.lead_departments_en,
        targets.year < year({{ as_of_date() }}) as year_finished
    from targets
    join {{ ref('dim_indicator') }} as indicators using (indicator_code)
    left join annual_actuals as same_year
        on same_year.region_code = targets.region_code
        and same_year.indicator_code = targets.indicator_code
        and same_year.year = targets.year
    left join latest_actual
        on latest_actual.target_key = targets.target_key and latest_actual.recency = 1
    left join leads on leads.target_key = targets.target_key
)

select
    target_key,
    plan_id,
    region_code,
    indicator_code,
    indicator_name_zh,
    indicator_name_en,
    year,
    target_tier,
    target_operator,
    target_value,
    unit,
    measure_type,
    direction,
    actual_value,
    actual_kind,
    latest_actual_year,
    latest_actual_value,
    latest_actual_value - target_value as gap_to_target,
    {{ target_met('target_operator', 'actual_value', 'target_value', 'direction') }} as is_met,
    case
        when value_status <> 'value' then 'no_target_value'
        when year_finished and actual_value is null then 'no_data'
        when year_finished and {{ target_met('target_operator', 'actual_value', 'target_value', 'direction') }} then 'met'
        when year_finished then 'not_met'
        when latest_actual_value is null then 'no_data_yet'
        else 'in_progress'
    end as status,
    lead_departments_zh,
    lead_departments_en,
    value_text,
    source_text,
    seed_file,
    source_line
from joined
