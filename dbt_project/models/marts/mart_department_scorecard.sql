-- Per department × year: the indicators it leads and co-leads, and how they stand.
-- An indicator counts once per department × region × year: as lead where the department leads any
-- target of it, judged by the base tier of the most recent plan's target (a later plan restates an
-- earlier goal). Buckets (met, on_track, off_track, no_data, not_assessed) come from
-- dim_progress_vocabulary. Beside them, the department's quarterly submissions of the year
-- (mart_submission_completeness): expected, missing, late; a department expected to report in a
-- year without a target of its own that year has a row too.
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
),

submissions as (
    select
        department_code,
        year,
        count(*) filter (where is_expected) as submissions_expected,
        count(*) filter (where status = 'missing') as submissions_missing,
        count(*) filter (where status = 'late') as submissions_late
    from {{ ref('mart_submission_completeness') }}
    group by department_code, year
),

department_years as (
    select department_code, year from counted
    union
    select department_code, year from submissions
)

select
    department_years.department_code,
    departments.region_code,
    departments.name_zh as department_name_zh,
    departments.name_en as department_name_en,
    department_years.year,
    coalesce(counted.indicators_led, 0) as indicators_led,
    coalesce(counted.led_met, 0) as led_met,
    coalesce(counted.led_on_track, 0) as led_on_track,
    coalesce(counted.led_off_track, 0) as led_off_track,
    coalesce(counted.led_no_data, 0) as led_no_data,
    coalesce(counted.led_not_assessed, 0) as led_not_assessed,
    coalesce(counted.indicators_co_led, 0) as indicators_co_led,
    coalesce(counted.co_met, 0) as co_met,
    coalesce(counted.co_on_track, 0) as co_on_track,
    coalesce(counted.co_off_track, 0) as co_off_track,
    coalesce(counted.co_no_data, 0) as co_no_data,
    coalesce(counted.co_not_assessed, 0) as co_not_assessed,
    -- share of the led indicators that can be judged and are met or on track
    (counted.led_met + counted.led_on_track)
        / nullif(counted.led_met + counted.led_on_track + counted.led_off_track, 0) as led_share_met_or_on_track,
    coalesce(submissions.submissions_expected, 0) as submissions_expected,
    coalesce(submissions.submissions_missing, 0) as submissions_missing,
    coalesce(submissions.submissions_late, 0) as submissions_late
from department_years
join {{ ref('dim_department') }} as departments using (department_code)
left join counted using (department_code, year)
left join submissions using (department_code, year)
