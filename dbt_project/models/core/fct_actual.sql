{{ config(materialized='view') }}
-- Actual values per region × indicator × year × quarter (quarter null: the annual figure), in the
-- indicator's canonical unit, from two sources:
--   submission: the departments' quarterly statistics (int_submitted_actuals, built incrementally),
--     plus an annual row from Q4 (a flow's Q4 year-to-date value, a level's end-of-year value);
--   document:  annual actuals and baselines stated in the plans (int_document_actuals).
-- A submitted annual figure wins over a document's for the same region × indicator × year (the
-- document figure stays in int_document_actuals). A view: the submitted rows live once.
with submitted_rows as (
    select * from {{ ref('int_submitted_actuals') }}
),

-- approval state (plantrack approve / reopen): a quarter's figures, and a year's annual one by its Q4
approvals as (
    select region_code as approved_region, year as approved_year, quarter as approved_quarter, approved_at, approved_by
    from {{ ref('stg_raw__approval_locks') }}
),

documents as (
    select documents.*, indicators.measure_type
    from {{ ref('int_document_actuals') }} as documents
    left join {{ ref('stg_raw__indicators') }} as indicators using (indicator_code)
    where not exists (
        select 1 from submitted_rows
        where submitted_rows.quarter is null
            and submitted_rows.region_code = documents.region_code
            and submitted_rows.indicator_code = documents.indicator_code
            and submitted_rows.year = documents.year
    )
)

select
    md5(concat_ws('|', region_code, indicator_code, year, coalesce('Q' || quarter, 'A'))) as actual_key,
    region_code, indicator_code, year, quarter, value, ytd_value, value_status, value_basis, reported_basis, unit,
    'submission' as source_type, is_synthetic, original_value, original_unit, submission_id, received_at,
    department_code, n_reporting_departments,
    case when approvals.approved_region is null then 'provisional' else 'approved' end as approval_status,
    approvals.approved_at, approvals.approved_by,
    'actual' as figure_kind,
    cast(null as varchar) as reported_in_plan_id, cast(null as varchar) as reported_operator,
    cast(null as double) as original_number, cast(null as varchar) as value_text,
    cast(null as varchar) as source_text, cast(null as varchar) as seed_file,
    cast(null as varchar) as source_section, cast(null as integer) as source_line, cast(null as bigint) as n_sources
from submitted_rows
left join approvals
    on approvals.approved_region = submitted_rows.region_code and approvals.approved_year = submitted_rows.year
    and approvals.approved_quarter = coalesce(submitted_rows.quarter, 4)

union all

select
    actual_key, region_code, indicator_code, year, quarter, value,
    case when measure_type = 'flow' then value end as ytd_value,
    'complete' as value_status,
    case when measure_type = 'flow' then 'annual' else 'level' end as value_basis,
    cast(null as varchar) as reported_basis, unit,
    'document' as source_type, false as is_synthetic, original_number as original_value, original_unit,
    cast(null as varchar) as submission_id, cast(null as timestamp) as received_at,
    cast(null as varchar) as department_code, cast(null as bigint) as n_reporting_departments,
    cast(null as varchar) as approval_status, cast(null as timestamp) as approved_at, cast(null as varchar) as approved_by,
    figure_kind, reported_in_plan_id, reported_operator, original_number, value_text, source_text, seed_file,
    source_section, source_line, n_sources
from documents
