-- The tables that accumulate (everything else in the warehouse is rebuilt: curated raw tables are
-- replaced on each load, dbt rebuilds its models), as release 4adecc9 created them. `if not exists`
-- adopts a warehouse built by that release (it has the tables, but no meta.schema_migrations).

create schema if not exists raw;
create schema if not exists quality;

create table if not exists raw.submission_log (
    submission_id varchar, file_name varchar, stored_path varchar, sha256 varchar, received_at timestamp,
    loaded_at timestamp, department_code varchar, region_code varchar, year integer, quarter integer,
    version integer, row_count integer, status varchar, is_synthetic boolean, supersedes varchar,
    encoding varchar, n_errors integer);
create table if not exists raw.submission_values (
    submission_id varchar, row_no integer, indicator_code varchar, indicator_text varchar, value_text varchar,
    original_value varchar, unit varchar, original_unit varchar, basis varchar, note varchar);
create table if not exists raw.submission_rejections (
    submission_id varchar, file_name varchar, sha256 varchar, row_no integer, column_name varchar,
    value varchar, reason varchar);
create table if not exists raw.submission_warnings (
    submission_id varchar, row_no integer, column_name varchar, value varchar, reason varchar);

create table if not exists raw.dirty_keys (
    department_code varchar, region_code varchar, year integer, quarter integer, marked_at timestamp,
    reason varchar);
create table if not exists raw.submission_withdrawals (
    submission_id varchar, withdrawn_at timestamp, withdrawn_by varchar, reason varchar);
create table if not exists raw.unpublished_keys (
    department_code varchar, region_code varchar, year integer, quarter integer, marked_at timestamp);
create table if not exists raw.submission_checks (
    submission_id varchar, checked_at timestamp, passed boolean, check_name varchar, reason varchar);

create table if not exists quality.expectation_results (
    checked_at timestamp, run_id varchar, suite varchar, asset_key varchar, expectation varchar,
    column_name varchar, severity varchar, success boolean, unexpected_count bigint,
    description varchar, data_docs_url varchar);
create table if not exists quality.unexpected_rows (
    suite varchar, expectation varchar, column_name varchar, row_label varchar, unexpected_value varchar);
