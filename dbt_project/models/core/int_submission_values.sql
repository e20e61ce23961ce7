{{ config(
    materialized='incremental',
    pre_hook="{{ delete_changed(['department_code', 'region_code', 'year', 'quarter']) }}",
) }}
-- Every value of every accepted submission version that was ever valid (held versions never are),
-- in the indicator's canonical unit (int_unit_conversions, the unit rule of data/reference/units.csv).
-- `is_latest` marks the version that counts now (int_submission_versions); the others are history.
-- Incremental: only the department × region × quarters that changed are rebuilt (macro changed_keys).
with versions as (
    select * from {{ ref('int_submission_versions') }} as versions
    where version_status <> 'held'
    {% if is_incremental() %}
        and {{ is_changed('versions', ['department_code', 'region_code', 'year', 'quarter']) }}
    {% endif %}
),

indicators as (
    select indicator_code, unit as canonical_unit, measure_type
    from {{ ref('stg_raw__indicators') }}
),

conversions as (
    select unit, to_unit, scale from {{ ref('int_unit_conversions') }}
)

select
    versions.submission_id,
    versions.department_code,
    versions.region_code,
    values.indicator_code,
    versions.year,
    versions.quarter,
    versions.version,
    versions.is_current as is_latest,
    versions.version_status,
    versions.received_at,
    versions.withdrawn_at,
    versions.is_synthetic,
    values.row_no,
    values.reported_basis,
    indicators.measure_type,
    values.reported_value * conversions.scale as canonical_value,
    indicators.canonical_unit,
    values.reported_value as original_value,
    values.reported_unit as original_unit,
    values.original_value_text,
    values.original_unit_text,
    values.note
from versions
join {{ ref('stg_raw__submission_values') }} as values using (submission_id)
join indicators using (indicator_code)
left join conversions
    on values.reported_unit = conversions.unit and indicators.canonical_unit = conversions.to_unit
