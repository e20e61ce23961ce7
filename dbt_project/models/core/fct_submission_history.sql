-- Every accepted version of every submitted value, with the period it was the valid one:
-- valid_from = the version's received time, valid_to = the next version's received time (null:
-- still current). What was known at a past moment T:
--     select * from core.fct_submission_history
--     where valid_from <= T and (valid_to is null or valid_to > T)
-- (marts.mart_actual_as_of is that query for the dbt var as_of_date.)
select
    md5(concat_ws('|', submission_id, indicator_code)) as history_key,
    submission_id,
    department_code,
    region_code,
    indicator_code,
    year,
    quarter,
    version,
    reported_basis,
    canonical_value as value,
    canonical_unit as unit,
    original_value,
    original_unit,
    original_value_text,
    received_at as valid_from,
    superseded_at as valid_to,
    is_latest as is_current,
    is_synthetic,
    note
from {{ ref('int_submission_values') }}
