select seed_file, cast(line_no as integer) as line_no, line_text
from {{ source('raw', 'source_lines') }}
