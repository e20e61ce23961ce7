-- Every statement of a target (a table cell or a phrase of running text), with the target it
-- states: the one home of the target's grain, its key and its tier.
--   grain   plan × region × area/scope × indicator × year × period × tier
--   key     md5 of plan, region, indicator, year, tier (+ area and period when they are not the
--           region's own one-year target, so existing keys stay as they were)
--   tier    a 力争 figure is the stretch tier only when the plan states a base figure for the same
--           target beside it (增长13%，力争15%); a 力争 figure alone is the plan's target, its base.
with figures as (
    select
        *,
        regexp_matches(coalesce(source_section, ''), '^(表|附表|附件)') as is_table
    from {{ ref('int_plan_figures') }}
    where figure_type = 'target'
),

tiered as (
    select
        *,
        case
            when parsed_tier = 'stretch'
                and bool_or(parsed_tier = 'base' and value_status = 'value') over (
                    partition by plan_id, region_code, scope, area_code, indicator_code, year, period_kind
                )
                then 'stretch'
            else 'base'
        end as target_tier
    from figures
)

select
    md5(concat_ws('|', plan_id, region_code, indicator_code, year, target_tier,
        case scope when 'area' then area_code when 'region_with_area' then 'with:' || area_code end,
        case when period_kind <> 'year' then period_kind end)) as target_key,
    plan_id,
    region_code,
    scope,
    area_code,
    indicator_code,
    year,
    period_kind as target_period,
    coalesce(period_start, year) as period_start_year,
    year as period_end_year,
    target_tier,
    parsed_tier as stated_tier,
    case when is_table then 'table' else 'text' end as statement_kind,
    value_status,
    parsed_operator,
    -- how much an operator says: a strict bound (突破, 超过, >) says most, an inclusive one
    -- (以上, 不少于) less, a bare figure (a table cell: 2000) least
    case parsed_operator when '>' then 0 when '<' then 0 when '>=' then 1 when '<=' then 1 else 2 end
        as operator_rank,
    canonical_value,
    round(canonical_value, 6) as compared_value,
    canonical_unit,
    measure_type,
    canonical_dimension,
    growth_phrase,
    parsed_number,
    parsed_unit,
    value_text,
    restored_text,
    restoration_note,
    source_text,
    seed_file,
    source_section,
    source_line,
    source_row,
    departments_text,
    co_departments_text,
    note
from tiered
