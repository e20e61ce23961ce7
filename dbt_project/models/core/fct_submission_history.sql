{{ config(materialized='view') }}
-- Every version of every submitted value, with the period it was the one that counted
-- (int_submission_validity): valid_from = received (or the moment a newer version was withdrawn),
-- valid_to = when it was superseded or withdrawn (null: still current). What was known at T:
--     select * from core.fct_submission_history
--     where valid_from <= T and (valid_to is null or valid_to > T)
-- (marts.mart_actual_as_of is that query for the dbt var as_of_date.) A view: the values live once,
-- in the incremental int_submission_values.
select
    md5(concat_ws('|', values.submission_id, values.indicator_code, validity.valid_from)) as history_key,
    values.submission_id,
    values.department_code,
    values.region_code,
    values.indicator_code,
    values.year,
    values.quarter,
    values.version,
    values.reported_basis,
    values.canonical_value as value,
    values.canonical_unit as unit,
    values.original_value,
    values.original_unit,
    values.original_value_text,
    validity.valid_from,
    validity.valid_to,
    values.is_latest and validity.valid_to is null as is_current,
    values.version_status,
    values.withdrawn_at,
    values.is_synthetic,
    values.note
from {{ ref('int_submission_values') }} as values
join {{ ref('int_submission_validity') }} as validity using (submission_id)
