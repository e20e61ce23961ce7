-- Provenance of every curated figure: its source_text stands verbatim on line source_line of its
-- document (data/sources), and its value_text is a verbatim part of that source_text.
-- Returns the figures that fail either, with what was found at the line.
with figures as (
    select 'target' as curated_as, seed_file, source_line, source_text, value_text from {{ ref('stg_raw__plan_targets') }}
    union all
    select 'actual', seed_file, source_line, source_text, value_text from {{ ref('stg_raw__plan_actuals') }}
)

select figures.*, lines.line_text
from figures
left join {{ ref('stg_raw__source_lines') }} as lines
    on lines.seed_file = figures.seed_file and lines.line_no = figures.source_line
where not coalesce(contains(lines.line_text, figures.source_text), false)
    or not coalesce(contains(figures.source_text, figures.value_text), false)
