select
    submission_id,
    cast(row_no as integer) as row_no,
    column_name,
    value,
    reason
from {{ source('raw', 'submission_warnings') }}
