-- Pace of the current year's targets, from the latest year-to-date figure (stated method):
-- a flow's year-to-date value is projected to the year end by the share of the year elapsed
-- (Q2 year-to-date / (2/4)); a stock's change since last year's end is projected the same way
-- from last year's level (the latest level alone when last year's is unknown); a share, ratio
-- or growth rate is its year-to-date value. The target's operator rule then judges the projection.
with targets as (
    select * from {{ ref('int_progress_targets') }}
    -- a span or per-year target is judged over its span (int_progress_period)
    -- an area's target has no figures among the region's (int_progress_targets)
    where year = as_of_year and value_status = 'value' and target_period = 'year' and scope = 'region'
),

reported as (
    select
        actuals.region_code, actuals.indicator_code, actuals.year, actuals.quarter,
        {{ to_date_value('indicators.measure_type', 'actuals.value', 'actuals.ytd_value') }} as ytd_value,
        'reported' as ytd_basis
    from {{ ref('fct_actual') }} as actuals
    join {{ ref('dim_indicator') }} as indicators using (indicator_code)
    where actuals.quarter is not null
),

computed_growth as (
    select
        region_code, indicator_code, year, quarter, computed_growth, 'computed_from_levels'
    from {{ ref('int_actual_growth') }}
    where quarter is not null and computed_growth is not null
),

in_year as (
    select * from reported
    union all
    select * from computed_growth
),

latest as (
    select
        targets.target_key,
        in_year.quarter,
        in_year.quarter / 4.0 as year_elapsed_share,
        in_year.ytd_value,
        in_year.ytd_basis
    from targets
    join in_year
        on in_year.region_code = targets.region_code
        and in_year.indicator_code = targets.indicator_code
        and in_year.year = targets.year
    -- only quarters that have ended on the as-of date
    where {{ quarter_end('in_year.year', 'in_year.quarter') }} <= targets.as_of_date
    qualify row_number() over (
        partition by targets.target_key
        order by in_year.quarter desc, case in_year.ytd_basis when 'reported' then 0 else 1 end
    ) = 1
),

projected as (
    select
        targets.target_key,
        targets.target_operator,
        targets.target_value,
        targets.direction,
        latest.quarter as pace_quarter,
        latest.ytd_value as pace_ytd_value,
        latest.ytd_basis as pace_ytd_basis,
        latest.year_elapsed_share,
        prior_year.value as prior_year_value,
        case
            when targets.target_kind = 'annual_flow' then latest.ytd_value / latest.year_elapsed_share
            when targets.target_kind = 'level' and prior_year.value is not null
                then prior_year.value + (latest.ytd_value - prior_year.value) / latest.year_elapsed_share
            else latest.ytd_value
        end as projected_year_end_value
    from targets
    left join latest using (target_key)
    left join {{ ref('int_actual_annual') }} as prior_year
        on prior_year.region_code = targets.region_code
        and prior_year.indicator_code = targets.indicator_code
        and prior_year.year = targets.year - 1
        and targets.target_kind = 'level'
)

select
    target_key,
    pace_quarter,
    pace_ytd_value,
    pace_ytd_basis,
    year_elapsed_share,
    prior_year_value,
    projected_year_end_value,
    case
        when projected_year_end_value is null then 'no_data_yet'
        when {{ target_met('target_operator', 'projected_year_end_value', 'target_value', 'direction') }} then 'on_pace'
        else 'behind_pace'
    end as pace_status
from projected
