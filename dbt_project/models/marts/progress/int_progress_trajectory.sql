-- Trajectory of each target: Statistics Canada's method as Open SDG applies it, and the UN SDG
-- Progress Chart's projection score. Every intermediate number is a column.
--   baseline  the latest annual actual before the plan's first target year
--   latest    the latest actual after the baseline, up to the target year and the as-of date
--             (a stock's quarterly level counts, placed at its quarter's end: 2024Q2 = 2023.5)
--   observed  annual growth from baseline to latest: compound, in % a year; in points a year for
--             a percentage-point target
--   required  annual growth from baseline to the target: compound for level, flow, share and
--             ratio targets; the target itself for a growth target (its level must grow so fast)
--   ratio     observed / required, banded by data/reference/progress_vocabulary.csv
--   projected the latest value carried to the target year at the observed growth;
--             score = (projected − baseline) / (target − baseline)
with targets as (
    select * from {{ ref('int_progress_targets') }}
    -- a span or per-year target is judged over its span (int_progress_period), not by a trajectory
    where value_status = 'value' and target_period = 'year'
),

observations as (
    select region_code, indicator_code, year, cast(year as double) as at_year,
        make_date(year, 12, 31) as observed_on, value, false as is_quarterly, cast(null as integer) as quarter
    from {{ ref('int_actual_annual') }}
    union all
    select actuals.region_code, actuals.indicator_code, actuals.year, actuals.year - 1 + actuals.quarter / 4.0,
        {{ quarter_end('actuals.year', 'actuals.quarter') }}, actuals.value, true, actuals.quarter
    from {{ ref('fct_actual') }} as actuals
    join {{ ref('dim_indicator') }} as indicators using (indicator_code)
    where actuals.quarter is not null and indicators.measure_type = 'stock'
),

baseline as (
    select targets.target_key, observations.year as baseline_year, observations.value as baseline_value
    from targets
    join observations
        on observations.region_code = targets.region_code
        and observations.indicator_code = targets.series_indicator_code
        and not observations.is_quarterly
        and observations.year < targets.plan_first_year
    qualify row_number() over (partition by targets.target_key order by observations.year desc) = 1
),

latest as (
    select
        targets.target_key,
        observations.year as latest_year,
        observations.quarter as latest_quarter,
        observations.at_year as latest_at_year,
        observations.value as latest_value
    from targets
    join baseline using (target_key)
    join observations
        on observations.region_code = targets.region_code
        and observations.indicator_code = targets.series_indicator_code
        and observations.at_year > baseline.baseline_year
        and observations.year <= targets.year
        and observations.observed_on <= targets.as_of_date
    qualify row_number() over (
        partition by targets.target_key order by observations.at_year desc, observations.is_quarterly
    ) = 1
),

growth as (
    select
        targets.*,
        case targets.direction when 'down' then -1 else 1 end as sign,
        baseline.baseline_year,
        baseline.baseline_value,
        latest.latest_year,
        latest.latest_quarter,
        latest.latest_at_year,
        latest.latest_value,
        case
            when targets.target_kind = 'growth_pp'
                then (latest.latest_value - baseline.baseline_value) / (latest.latest_at_year - baseline.baseline_year)
            when baseline.baseline_value > 0 and latest.latest_value > 0
                then (power(latest.latest_value / baseline.baseline_value,
                            1 / (latest.latest_at_year - baseline.baseline_year)) - 1) * 100
        end as observed_growth,
        case
            when targets.target_kind in ('growth_rate', 'growth_pp') then targets.target_value
            when baseline.baseline_value > 0 and targets.target_value > 0 and targets.year > baseline.baseline_year
                then (power(targets.target_value / baseline.baseline_value,
                            1 / (targets.year - baseline.baseline_year)) - 1) * 100
        end as required_growth
    from targets
    left join baseline using (target_key)
    left join latest using (target_key)
),

scored as (
    select
        *,
        case when sign * required_growth > 0 then observed_growth / required_growth end as growth_ratio,
        case
            when target_kind in ('growth_rate', 'growth_pp') then observed_growth
            else latest_value * power(1 + observed_growth / 100, year - latest_at_year)
        end as projected_value,
        target_kind not in ('growth_rate', 'growth_pp')
            and {{ target_met('target_operator', 'latest_value', 'target_value', 'direction') }} as latest_meets_target
    from growth
),

bands as (
    select code, min_ratio
    from {{ ref('dim_progress_vocabulary') }}
    where kind = 'trajectory' and min_ratio is not null
),

banded as (
    select scored.target_key, bands.code as band
    from scored
    join bands on bands.min_ratio <= scored.growth_ratio
    qualify row_number() over (partition by scored.target_key order by bands.min_ratio desc) = 1
)

select
    scored.target_key,
    scored.series_indicator_code,
    scored.baseline_year,
    scored.baseline_value,
    scored.latest_year,
    scored.latest_quarter,
    scored.latest_value,
    scored.observed_growth,
    scored.required_growth,
    scored.growth_ratio,
    scored.projected_value,
    case when scored.target_kind not in ('growth_rate', 'growth_pp') and scored.target_value <> scored.baseline_value
        then (scored.projected_value - scored.baseline_value) / (scored.target_value - scored.baseline_value)
    end as projection_score,
    case
        when scored.series_indicator_code is null or scored.baseline_year is null
            or scored.latest_year is null then 'insufficient_data'
        when scored.latest_meets_target then 'target_already_met'
        when scored.observed_growth is null or scored.required_growth is null then 'insufficient_data'
        when scored.growth_ratio is null and scored.sign * scored.observed_growth > 0 then 'on_track'
        when scored.growth_ratio is null then 'deterioration'
        else banded.band
    end as trajectory_status,
    case
        when scored.series_indicator_code is null then 'growth target without a level indicator (growth_of)'
        when scored.baseline_year is null then 'no actual before the plan''s first target year ' || scored.plan_first_year
        when scored.latest_year is null then 'no actual after the baseline year ' || scored.baseline_year
        when scored.latest_meets_target then null
        when scored.observed_growth is null or scored.required_growth is null
            then 'growth cannot be computed from zero or negative values'
        when scored.growth_ratio is null then 'the target does not require growth in the desired direction; judged by the direction of change'
    end as trajectory_note
from scored
left join banded using (target_key)
