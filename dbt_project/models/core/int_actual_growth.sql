-- Growth computed from the level actuals, for every growth indicator (its growth_of names the
-- level): relative growth in % ((this period / same period a year before − 1) × 100), or the
-- change in percentage points when the growth indicator's unit is percentage points.
-- Annual rows (quarter null) compare year-end figures; quarterly rows compare figures to date
-- (a flow's year-to-date value, a level) with the same quarter of the year before, as Chinese
-- statistics state growth (1-6月 同比).
with growth_indicators as (
    select
        indicators.indicator_code,
        indicators.growth_of,
        coalesce(units.dimension = 'percentage_point', false) as in_points
    from {{ ref('dim_indicator') }} as indicators
    left join {{ ref('stg_raw__units') }} as units on units.unit = indicators.unit
    where indicators.growth_of is not null
),

levels as (
    select region_code, indicator_code, year, cast(null as integer) as quarter, value
    from {{ ref('int_actual_annual') }}
    union all
    select actuals.region_code, actuals.indicator_code, actuals.year, actuals.quarter,
        {{ to_date_value('indicators.measure_type', 'actuals.value', 'actuals.ytd_value') }}
    from {{ ref('fct_actual') }} as actuals
    join {{ ref('dim_indicator') }} as indicators using (indicator_code)
    where actuals.quarter is not null
),

paired as (
    select
        growth_indicators.indicator_code,
        growth_indicators.growth_of as level_indicator_code,
        growth_indicators.in_points,
        current_period.region_code,
        current_period.year,
        current_period.quarter,
        current_period.value as level_value,
        prior_period.value as prior_level_value
    from growth_indicators
    join levels as current_period on current_period.indicator_code = growth_indicators.growth_of
    join levels as prior_period
        on prior_period.indicator_code = growth_indicators.growth_of
        and prior_period.region_code = current_period.region_code
        and prior_period.year = current_period.year - 1
        and prior_period.quarter is not distinct from current_period.quarter
)

select
    region_code,
    indicator_code,
    year,
    quarter,
    level_indicator_code,
    level_value,
    prior_level_value,
    case
        when in_points then level_value - prior_level_value
        when prior_level_value > 0 then (level_value / prior_level_value - 1) * 100
    end as computed_growth,
    case when in_points then 'percentage_points' else 'relative' end as growth_method
from paired
