-- Targets over a span of years, judged against the span, not against one year's flow:
--   span      (2021-2023年累计30项, 到2024年新增20个) the total over the span: a flow's annual
--             actuals summed, a stock's rise from the year before the span to its last year.
--             Ended: met / not_met by the target's operator, no_data when a year is missing.
--             Running: the total of the finished years against the target's pro-rata share of
--             them (on_pace / behind_pace), no_data_yet when a finished year is missing.
--   per_year  (每年引进400个) the figure holds for each year of the span: every finished year is
--             judged by the operator. Ended: met when every year met it; running: on_pace while
--             every finished year met it, behind_pace once one did not.
--   Not started yet: not_due. The statuses are those of dim_progress_vocabulary.
with targets as (
    select * from {{ ref('int_progress_targets') }}
    where target_period in ('span', 'per_year') and value_status = 'value'
),

span_years as (
    select targets.*, span.span_year
    from targets,
        unnest(range(targets.period_start_year, targets.year + 1)) as span(span_year)
),

actuals as (
    select region_code, indicator_code, year, value from {{ ref('int_actual_annual') }}
),

judged_years as (
    select
        span_years.target_key,
        span_years.span_year,
        span_years.span_year < span_years.as_of_year as is_finished,
        actuals.value,
        {{ target_met('span_years.target_operator', 'actuals.value', 'span_years.target_value', 'span_years.direction') }}
            as year_met
    from span_years
    left join actuals
        on actuals.region_code = span_years.region_code
        and actuals.indicator_code = span_years.series_indicator_code
        and actuals.year = span_years.span_year
),

opening as (
    -- a stock's level at the end of the year before the span: what a span's rise starts from
    select targets.target_key, actuals.value as opening_value
    from targets
    join actuals
        on actuals.region_code = targets.region_code
        and actuals.indicator_code = targets.series_indicator_code
        and actuals.year = targets.period_start_year - 1
),

summary as (
    select
        target_key,
        count(*) as period_years,
        count(*) filter (where is_finished) as period_years_finished,
        count(value) filter (where is_finished) as period_years_reported,
        count(*) filter (where is_finished and year_met) as period_years_met,
        sum(value) filter (where is_finished) as period_flow_total,
        arg_max(value, span_year) filter (where is_finished and value is not null) as period_latest_value
    from judged_years
    group by target_key
),

valued as (
    select
        targets.target_key,
        targets.target_period,
        targets.target_operator,
        targets.target_value,
        targets.direction,
        targets.year,
        targets.period_start_year,
        targets.as_of_year,
        summary.* exclude (target_key),
        case
            when targets.target_period = 'per_year' then summary.period_latest_value
            when targets.measure_type = 'stock' then summary.period_latest_value - opening.opening_value
            else summary.period_flow_total
        end as period_value,
        summary.period_years_finished > 0
            and summary.period_years_reported = summary.period_years_finished
            and (targets.measure_type <> 'stock' or opening.opening_value is not null) as period_complete
    from targets
    join summary using (target_key)
    left join opening using (target_key)
)

select
    target_key,
    period_years,
    period_years_finished,
    period_years_reported,
    period_years_met,
    period_value,
    -- the share of the span's target due by now: the finished years' share of the span
    case when target_period = 'span' and year >= as_of_year
        then target_value * period_years_finished / period_years end as period_due_value,
    case
        when as_of_year < period_start_year then 'not_due'
        when year < as_of_year and not period_complete then 'no_data'
        when year < as_of_year and target_period = 'per_year'
            then case when period_years_met = period_years then 'met' else 'not_met' end
        when year < as_of_year
            then case when {{ target_met('target_operator', 'period_value', 'target_value', 'direction') }}
                then 'met' else 'not_met' end
        when not period_complete then 'no_data_yet'
        when target_period = 'per_year'
            then case when period_years_met = period_years_finished then 'on_pace' else 'behind_pace' end
        when {{ target_met('target_operator', 'period_value', 'target_value * period_years_finished / period_years', 'direction') }}
            then 'on_pace'
        else 'behind_pace'
    end as period_status
from valued
