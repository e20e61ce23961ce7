-- One row per plan × region × indicator × year × tier. When a plan states the same target in a
-- table and in its text, the table row is the one kept (tables are the plan's own summary);
-- `n_sources` counts the statements and `sources_disagree` flags differing values.
with targets as (
    select * from {{ ref('int_plan_figures') }}
    where figure_type = 'target'
),

ranked as (
    select
        *,
        row_number() over (
            partition by plan_id, region_code, indicator_code, year, parsed_tier
            order by
                case when regexp_matches(coalesce(source_section, ''), '^(表|附表|附件)') then 0 else 1 end,
                case when value_status = 'value' then 0 else 1 end,
                source_line
        ) as source_rank,
        count(*) over (partition by plan_id, region_code, indicator_code, year, parsed_tier) as n_sources,
        count(distinct canonical_value) over (
            partition by plan_id, region_code, indicator_code, year, parsed_tier
        ) as n_distinct_values
    from targets
)

select
    md5(concat_ws('|', plan_id, region_code, indicator_code, year, parsed_tier)) as target_key,
    plan_id,
    region_code,
    indicator_code,
    year,
    parsed_tier as target_tier,
    value_status,
    parsed_operator as target_operator,
    canonical_value as target_value,
    canonical_unit as unit,
    growth_phrase,
    -- How the target is judged (mart_progress): a level (stock, cumulative counts included), an
    -- annual flow, a share or ratio, a growth rate (relative, %) or a change in percentage points.
    case
        when measure_type = 'growth_rate' and canonical_dimension = 'percentage_point' then 'growth_pp'
        when measure_type = 'growth_rate' then 'growth_rate'
        when measure_type = 'stock' then 'level'
        when measure_type = 'flow' then 'annual_flow'
        else measure_type
    end as target_kind,
    parsed_number as original_number,
    parsed_unit as original_unit,
    value_text,
    restored_text,
    restoration_note,
    source_text,
    seed_file,
    source_section,
    source_line,
    departments_text,
    co_departments_text,
    n_sources,
    n_distinct_values > 1 as sources_disagree
from ranked
where source_rank = 1
