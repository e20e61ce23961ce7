-- Per department × year: the indicators it leads and co-leads, and how they stand.
-- An indicator counts once per department × region × year: as lead where the department leads any
-- target of it, judged by the base tier of the most recent plan's target (a later plan restates an
-- earlier goal). Buckets (met, on_track, off_track, no_data, not_assessed) come from
-- dim_progress_vocabulary. Submission completeness joins here once it exists (see `submissions`).
with progress as (
    select * from {{ ref('mart_progress') }}
),

plans as (
    select plan_id, coalesce(issued_date, make_date(horizon_start, 1, 1)) as plan_date
    from {{ ref('dim_plan') }}
),

answered_for as (
    select
        bridge.department_code,
        bridge.department_role,
        progress.region_code,
        progress.indicator_code,
        progress.year,
        progress.scorecard_bucket
    from {{ ref('bridge_target_department') }} as bridge
    join progress using (target_key)
    join plans using (plan_id)
    where bridge.department_code is not null
    qualify row_number() over (
        partition by bridge.department_code, progress.region_code, progress.indicator_code, progress.year
        order by
            case bridge.department_role when 'lead' then 0 else 1 end,
            case progress.target_tier when 'base' then 0 else 1 end,
            plans.plan_date desc nulls last,
            progress.plan_id
    ) = 1
),

counted as (
    select
        department_code,
        year,
        count(*) filter (where department_role = 'lead') as indicators_led,
        count(*) filter (where department_role = 'lead' and scorecard_bucket = 'met') as led_met,
        count(*) filter (where department_role = 'lead' and scorecard_bucket = 'on_track') as led_on_track,
        count(*) filter (where department_role = 'lead' and scorecard_bucket = 'off_track') as led_off_track,
        count(*) filter (where department_role = 'lead' and scorecard_bucket = 'no_data') as led_no_data,
        count(*) filter (where department_role = 'lead' and scorecard_bucket = 'not_assessed') as led_not_assessed,
        count(*) filter (where department_role = 'co') as indicators_co_led,
        count(*) filter (where department_role = 'co' and scorecard_bucket = 'met') as co_met,
        count(*) filter (where department_role = 'co' and scorecard_bucket = 'on_track') as co_on_track,
        count(*) filter (where department_role = 'co' and scorecard_bucket = 'off_track') as co_off_track,
        count(*) filter (where department_role = 'co' and scorecard_bucket = 'no_data') as co_no_data,
        count(*) filter (where department_role = 'co' and scorecard_bucket = 'not_assessed') as co_not_assessed
    from answered_for
    group by department_code, year
)

select
    counted.department_code,
    departments.region_code,
    departments.name_zh as department_name_zh,
    departments.name_en as department_name_en,
    counted.year,
    counted.indicators_led,
    counted.led_met,
    counted.led_on_track,
    counted.led_off_track,
    counted.led_no_data,
    counted.led_not_assessed,
    counted.indicators_co_led,
    counted.co_met,
    counted.co_on_track,
    counted.co_off_track,
    counted.co_no_data,
    counted.co_not_assessed,
    -- share of the led indicators that can be judged and are met or on track
    (counted.led_met + counted.led_on_track)
        / nullif(counted.led_met + counted.led_on_track + counted.led_off_track, 0) as led_share_met_or_on_track
from counted
join {{ ref('dim_department') }} as departments using (department_code)
