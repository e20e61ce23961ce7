-- Every statement of every target as the document wrote it: the published one (fct_target) and
-- the others (the same target in 表1, 附表 and the text), so nothing a document says is lost.
with statements as (
    select * from {{ ref('int_target_statements') }}
),

published as (
    select target_key, seed_file, source_line, value_text from {{ ref('fct_target') }}
)

select
    statements.target_key,
    statements.statement_kind,
    statements.stated_tier,
    statements.value_status,
    statements.parsed_operator as operator,
    statements.canonical_value as value,
    statements.canonical_unit as unit,
    statements.parsed_number as original_number,
    statements.parsed_unit as original_unit,
    statements.value_text,
    statements.restored_text,
    statements.source_text,
    statements.seed_file,
    statements.source_section,
    statements.source_line,
    statements.departments_text,
    statements.co_departments_text,
    statements.note,
    published.target_key is not null as is_published
from statements
left join published
    on published.target_key = statements.target_key
    and published.seed_file = statements.seed_file
    and published.source_line = statements.source_line
    and published.value_text = statements.value_text
