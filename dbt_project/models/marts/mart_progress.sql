-- Target against actual per plan × region × indicator × year × tier: "are we on track?".
--   year_status        a finished year: met / not_met / no_data, by the target's operator;
--                      the current year: on_pace / behind_pace / no_data_yet (int_progress_pace);
--                      a later year: not_due
--   trajectory_status  towards this target from the plan's baseline (int_progress_trajectory);
--                      rows with is_final_target carry the plan's final target
--   status             the year status where it judges the year, else the trajectory status
-- A growth target (增速达到15%) is judged by the reported growth, else the growth computed from
-- the level actuals (int_actual_growth). Status names, thresholds and scorecard buckets:
-- dim_progress_vocabulary.
-- A target over a span (2021-2023年累计, 到2024年新增) or for each year of one (每年) is judged over
-- its span (int_progress_period): its year_status and status are the span's. A target for an area
-- (a park, a development zone, an institution) is never judged by the region's figures.
with targets as (
    select * from {{ ref('int_progress_targets') }}
),

facts as (
    select * from {{ ref('fct_target') }}
),

year_actual as (
    select * from {{ ref('int_actual_annual') }}
),

year_growth as (
    select * from {{ ref('int_actual_growth') }}
    where quarter is null
),

departments as (
    select
        bridge.target_key,
        bridge.department_role,
        string_agg(departments.name_zh, '、' order by departments.name_zh) as names_zh,
        string_agg(departments.name_en, '; ' order by departments.name_en) as names_en
    from {{ ref('bridge_target_department') }} as bridge
    join {{ ref('dim_department') }} as departments using (department_code)
    group by bridge.target_key, bridge.department_role
),

judged as (
    select
        targets.*,
        year_actual.value as actual_value,
        year_actual.figure_kind as actual_kind,
        year_actual.taken_from as actual_taken_from,
        year_actual.source_type as actual_source_type,
        year_actual.is_synthetic as actual_is_synthetic,
        year_growth.computed_growth,
        case when targets.target_kind in ('growth_rate', 'growth_pp')
            then coalesce(year_actual.value, year_growth.computed_growth)
            else year_actual.value end as judged_value,
        case
            when year_actual.value is not null then 'reported'
            when targets.target_kind in ('growth_rate', 'growth_pp') and year_growth.computed_growth is not null
                then 'computed_from_levels'
        end as judged_value_basis
    from targets
    left join year_actual
        on year_actual.region_code = targets.region_code
        and year_actual.indicator_code = targets.indicator_code
        and year_actual.year = targets.year
        and targets.scope = 'region'
        and targets.target_period = 'year'
    left join year_growth
        on year_growth.region_code = targets.region_code
        and year_growth.indicator_code = targets.indicator_code
        and year_growth.year = targets.year
        and targets.scope = 'region'
        and targets.target_period = 'year'
),

year_judged as (
    -- the operator rule, once: whether the year's figure satisfies a one-year target
    select
        judged.*,
        {{ target_met('judged.target_operator', 'judged.judged_value', 'judged.target_value', 'judged.direction') }}
            as year_met
    from judged
),

statused as (
    select
        judged.* exclude (year_met, judged_value, judged_value_basis),
        -- what the target is judged by: the year's figure, or the span's (int_progress_period)
        case when judged.target_period = 'year' then judged.judged_value else period.period_value end as judged_value,
        case when judged.target_period = 'year' then judged.judged_value_basis
            when period.period_value is not null then 'period_' || judged.target_period end as judged_value_basis,
        case when judged.target_period = 'year' then judged.year_met
        else period.period_status = 'met' end as is_met,
        case
            when judged.value_status <> 'value' then 'no_target_value'
            when judged.target_period <> 'year' then period.period_status
            when judged.year < judged.as_of_year and judged.judged_value is null then 'no_data'
            when judged.year < judged.as_of_year and judged.year_met then 'met'
            when judged.year < judged.as_of_year then 'not_met'
            when judged.year = judged.as_of_year then coalesce(pace.pace_status, 'no_data_yet')
            else 'not_due'
        end as year_status,
        pace.pace_quarter,
        pace.pace_ytd_value,
        pace.pace_ytd_basis,
        pace.year_elapsed_share,
        pace.prior_year_value,
        pace.projected_year_end_value,
        trajectory.* exclude (target_key),
        period.* exclude (target_key, period_status)
    from year_judged as judged
    left join {{ ref('int_progress_pace') }} as pace using (target_key)
    left join {{ ref('int_progress_trajectory') }} as trajectory using (target_key)
    left join {{ ref('int_progress_period') }} as period using (target_key)
),

with_status as (
    select
        statused.*,
        -- the headline: a one-year target's year status while it judges the year, else the
        -- trajectory; a span's or per-year target's status is its period's (int_progress_period)
        case
            when statused.target_period = 'year' and statused.year_status in ('no_data_yet', 'not_due')
                then statused.trajectory_status
            else statused.year_status
        end as final_status
    from statused
)

select
    statused.target_key,
    statused.plan_id,
    statused.region_code,
    statused.indicator_code,
    indicators.name_zh as indicator_name_zh,
    indicators.name_en as indicator_name_en,
    statused.year,
    statused.target_tier,
    statused.target_kind,
    statused.target_operator,
    statused.target_value,
    statused.unit,
    statused.measure_type,
    statused.direction,
    statused.is_final_target,
    statused.as_of_date,
    -- the year's figures
    statused.actual_value,
    statused.actual_kind,
    statused.actual_taken_from,
    statused.actual_source_type,
    statused.actual_is_synthetic,
    statused.computed_growth,
    statused.judged_value,
    statused.judged_value_basis,
    statused.judged_value - statused.target_value as gap_to_target,
    statused.is_met,
    -- pace of the current year
    statused.pace_quarter,
    statused.pace_ytd_value,
    statused.pace_ytd_basis,
    statused.year_elapsed_share,
    statused.prior_year_value,
    statused.projected_year_end_value,
    -- trajectory from the plan's baseline
    statused.series_indicator_code,
    statused.baseline_year,
    statused.baseline_value,
    statused.latest_year as latest_actual_year,
    statused.latest_quarter as latest_actual_quarter,
    statused.latest_value as latest_actual_value,
    statused.observed_growth,
    statused.required_growth,
    statused.growth_ratio,
    statused.projected_value,
    statused.projection_score,
    statused.trajectory_status,
    statused.trajectory_note,
    -- statuses
    statused.year_status,
    statused.final_status as status,
    vocabulary.bucket as scorecard_bucket,
    leads.names_zh as lead_departments_zh,
    leads.names_en as lead_departments_en,
    co.names_zh as co_departments_zh,
    co.names_en as co_departments_en,
    -- provenance
    facts.value_text,
    facts.source_text,
    facts.seed_file,
    facts.source_line,
    -- added with issue 9: where the target is for and over what time
    statused.scope,
    statused.area_code,
    facts.area_name_zh,
    facts.area_name_en,
    statused.target_period,
    statused.period_start_year,
    facts.period_end_year,
    statused.period_years,
    statused.period_years_finished,
    statused.period_years_reported,
    statused.period_years_met,
    statused.period_due_value,
    facts.sources_disagree
from with_status as statused
join facts using (target_key)
join {{ ref('dim_indicator') }} as indicators on indicators.indicator_code = statused.indicator_code
left join {{ ref('dim_progress_vocabulary') }} as vocabulary
    on vocabulary.code = statused.final_status
    and vocabulary.kind in ('year', 'pace', 'trajectory')
left join departments as leads on leads.target_key = statused.target_key and leads.department_role = 'lead'
left join departments as co on co.target_key = statused.target_key and co.department_role = 'co'
