-- Expected against received submissions, per lead department × region × indicator × quarter.
-- Expected: every lead department (牵头/责任单位) of a target with a value, for every quarter of that
-- plan's horizon whose deadline (macro submission_deadline: quarter end + var submission_deadline_days)
-- has passed by var as_of_date. Received: a value in an accepted version. Status: on_time (first
-- received by the deadline), late (after it), missing (nothing by the as-of date). revision_count =
-- accepted versions that carried this figure, after the first.
with leads as (
    select distinct targets.plan_id, bridge.department_code, targets.region_code, targets.indicator_code
    from {{ ref('fct_target') }} as targets
    join {{ ref('bridge_target_department') }} as bridge using (target_key)
    where bridge.department_role = 'lead' and targets.value_status = 'value'
),

-- distinct per year first (plans may overlap), then the four quarters: a quarter of the rows to
-- de-duplicate, which is what this model spends its time on at national scale
lead_years as (
    select distinct leads.department_code, leads.region_code, leads.indicator_code, years.year
    from leads
    join {{ ref('dim_plan') }} as plans using (plan_id),
        range(plans.horizon_start, plans.horizon_end + 1) as years(year)
),

expected as (
    select lead_years.department_code, lead_years.region_code, lead_years.indicator_code, quarters.year, quarters.quarter
    from lead_years
    join {{ ref('dim_quarter') }} as quarters using (year)
),

received as (
    select
        department_code, region_code, indicator_code, year, quarter,
        min(received_at) as first_received_at,
        max(received_at) as latest_received_at,
        arg_max(submission_id, version) as latest_submission_id,
        count(distinct submission_id) - 1 as revision_count,
        bool_or(is_synthetic) as is_synthetic
    from {{ ref('int_submission_values') }}
    where version_status = 'valid'
    group by all
),

joined as (
    select
        coalesce(expected.department_code, received.department_code) as department_code,
        coalesce(expected.region_code, received.region_code) as region_code,
        coalesce(expected.indicator_code, received.indicator_code) as indicator_code,
        coalesce(expected.year, received.year) as year,
        coalesce(expected.quarter, received.quarter) as quarter,
        expected.department_code is not null as is_expected,
        received.first_received_at,
        received.latest_received_at,
        received.latest_submission_id,
        coalesce(received.revision_count, 0) as revision_count,
        coalesce(received.is_synthetic, false) as is_synthetic
    from expected
    full join received using (department_code, region_code, indicator_code, year, quarter)
),

judged as (
    select
        joined.*,
        {{ submission_deadline('joined.year', 'joined.quarter') }} as deadline
    from joined
)

select
    md5(concat_ws('|', judged.department_code, judged.region_code, judged.indicator_code, judged.year, judged.quarter))
        as completeness_key,
    judged.department_code,
    departments.name_zh as department_name_zh,
    judged.region_code,
    regions.name_zh as region_name_zh,
    judged.indicator_code,
    indicators.name_zh as indicator_name_zh,
    judged.year,
    judged.quarter,
    judged.year || 'Q' || judged.quarter as quarter_key,
    judged.deadline,
    judged.is_expected,
    case
        when judged.first_received_at is null then 'missing'
        when judged.first_received_at < judged.deadline + interval 1 day then 'on_time'
        else 'late'
    end as status,
    judged.first_received_at,
    judged.latest_received_at,
    case when judged.first_received_at >= judged.deadline + interval 1 day
        then date_diff('day', judged.deadline, cast(judged.first_received_at as date)) end as days_late,
    judged.revision_count,
    judged.latest_submission_id,
    judged.is_synthetic
from judged
left join {{ ref('dim_department') }} as departments on departments.department_code = judged.department_code
left join {{ ref('dim_region') }} as regions on regions.region_code = judged.region_code
left join {{ ref('dim_indicator') }} as indicators on indicators.indicator_code = judged.indicator_code
where judged.first_received_at is not null or judged.deadline < {{ as_of_date() }}
