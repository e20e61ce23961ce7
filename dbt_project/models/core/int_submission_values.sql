-- Every value of every accepted submission version, in the indicator's canonical unit (macro
-- canonical_value, the unit rule of data/reference/units.csv). `is_latest` marks the newest
-- version of each department × region × quarter: that one counts, the others are history.
with log as (
    select *
    from {{ ref('stg_raw__submission_log') }}
    where status = 'accepted'
),

versions as (
    select
        *,
        version = max(version) over (partition by department_code, region_code, year, quarter) as is_latest,
        lead(received_at) over (
            partition by department_code, region_code, year, quarter order by version
        ) as superseded_at
    from log
),

indicators as (
    select indicator_code, unit as canonical_unit, measure_type
    from {{ ref('stg_raw__indicators') }}
),

units as (
    select unit, dimension, factor from {{ ref('stg_raw__units') }}
)

select
    versions.submission_id,
    versions.department_code,
    versions.region_code,
    values.indicator_code,
    versions.year,
    versions.quarter,
    versions.version,
    versions.is_latest,
    versions.received_at,
    versions.superseded_at,
    versions.is_synthetic,
    values.row_no,
    values.reported_basis,
    indicators.measure_type,
    {{ canonical_value('values.reported_value', 'written', 'canonical') }} as canonical_value,
    indicators.canonical_unit,
    values.reported_value as original_value,
    values.reported_unit as original_unit,
    values.original_value_text,
    values.original_unit_text,
    values.note
from versions
join {{ ref('stg_raw__submission_values') }} as values using (submission_id)
join indicators using (indicator_code)
left join units as written on written.unit = values.reported_unit
left join units as canonical on canonical.unit = indicators.canonical_unit
