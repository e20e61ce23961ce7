-- Every curated figure (target, actual, baseline) in its indicator's canonical unit.
-- The unit rule lives in data/reference/units.csv, applied by the macro canonical_value (value ×
-- factor(written unit) / factor(canonical unit), only within one dimension); int_submission_values uses it too.
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
    select indicator_code, unit as canonical_unit, measure_type, direction
    from {{ ref('stg_raw__indicators') }}
),

units as (
    select unit, dimension, factor from {{ ref('stg_raw__units') }}
)

select
    figures.*,
    indicators.canonical_unit,
    indicators.measure_type,
    indicators.direction,
    written.dimension as written_dimension,
    canonical.dimension as canonical_dimension,
    case
        when figures.value_status = 'value'
            then {{ canonical_value('figures.parsed_number', 'written', 'canonical') }}
    end as canonical_value,
    figures.value_status = 'value'
        and (written.dimension is null or written.dimension is distinct from canonical.dimension)
        as unit_not_convertible
from figures
left join indicators using (indicator_code)
left join units as written on written.unit = figures.parsed_unit
left join units as canonical on canonical.unit = indicators.canonical_unit
