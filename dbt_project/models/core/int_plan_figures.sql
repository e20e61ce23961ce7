-- Every curated figure (target, actual, baseline) in its indicator's canonical unit.
-- The unit rule is int_unit_conversions (data/reference/units.csv: scale within one dimension).
with targets as (
    select
        'target' as figure_type, plan_id, seed_file, source_row, source_section, source_line,
        source_text, value_text, restored_text, restoration_note, unit_text, indicator_code,
        region_code, year, note, value_status, parsed_operator, parsed_number, parsed_unit,
        parsed_tier, growth_phrase, departments_text, co_departments_text,
        scope, area_code, period_kind, period_start
    from {{ ref('stg_raw__plan_targets') }}
),

actuals as (
    select
        figure_kind as figure_type, plan_id, seed_file, source_row, source_section, source_line,
        source_text, value_text, restored_text, restoration_note, unit_text, indicator_code,
        region_code, year, note, value_status, parsed_operator, parsed_number, parsed_unit,
        parsed_tier, growth_phrase, null as departments_text, null as co_departments_text,
        scope, area_code, 'year' as period_kind, cast(null as integer) as period_start
    from {{ ref('stg_raw__plan_actuals') }}
),

figures as (
    select * from targets
    union all
    select * from actuals
),

indicators as (
    select indicator_code, unit as canonical_unit, unit_dimension as canonical_dimension, measure_type, direction
    from {{ ref('stg_raw__indicators') }}
),

conversions as (
    select unit, to_unit, scale from {{ ref('int_unit_conversions') }}
)

select
    figures.*,
    indicators.canonical_unit,
    indicators.measure_type,
    indicators.direction,
    indicators.canonical_dimension,
    case when figures.value_status = 'value' then figures.parsed_number * conversions.scale end as canonical_value,
    figures.value_status = 'value' and conversions.scale is null as unit_not_convertible
from figures
left join indicators using (indicator_code)
left join conversions
    on figures.parsed_unit = conversions.unit and indicators.canonical_unit = conversions.to_unit
