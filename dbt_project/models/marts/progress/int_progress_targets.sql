-- Every target with what judging it needs: its kind, the indicator whose actuals measure its
-- path (the level indicator, growth_of, for a growth target), the plan's first target year
-- (a baseline is an actual before it) and the as-of date (years before its year are finished).
-- A target for an area (a park, a development zone, an institution) or for the region with an area
-- has no series among the region's actuals: series_indicator_code is null, so no region figure
-- judges it. Its period (year, span, per_year) decides how it is judged (int_progress_period).
with targets as (
    select * from {{ ref('fct_target') }}
),

indicators as (
    select * from {{ ref('dim_indicator') }}
)

select
    targets.target_key,
    targets.plan_id,
    targets.region_code,
    targets.indicator_code,
    targets.year,
    targets.target_tier,
    targets.value_status,
    targets.target_operator,
    targets.target_value,
    targets.target_kind,
    targets.unit,
    indicators.measure_type,
    indicators.direction,
    case
        when targets.scope <> 'region' then null
        when targets.target_kind in ('growth_rate', 'growth_pp') then indicators.growth_of
        else targets.indicator_code
    end as series_indicator_code,
    targets.scope,
    targets.area_code,
    targets.target_period,
    targets.period_start_year,
    min(targets.year) over (partition by targets.plan_id) as plan_first_year,
    targets.year = max(targets.year) over (
        partition by targets.plan_id, targets.region_code, targets.area_code, targets.indicator_code,
            targets.target_period, targets.target_tier
    ) as is_final_target,
    {{ as_of_date() }} as as_of_date,
    year({{ as_of_date() }}) as as_of_year
from targets
join indicators using (indicator_code)
