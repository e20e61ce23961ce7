{{ config(materialized='view') }}
-- The submitted values as they were known at the end of the day var as_of_date (default: today):
-- for each department × region × quarter the version received by then and not yet superseded.
-- dbt build --vars '{as_of_date: 2024-06-30}' to look back; or query core.fct_submission_history
-- with valid_from <= T and (valid_to is null or valid_to > T) for any moment T.
select *
from {{ ref('fct_submission_history') }}
where valid_from < {{ as_of_date() }} + interval 1 day
    and (valid_to is null or valid_to >= {{ as_of_date() }} + interval 1 day)
