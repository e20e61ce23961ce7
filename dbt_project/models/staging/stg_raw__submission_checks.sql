select
    submission_id,
    cast(checked_at as timestamp) as checked_at,
    cast(passed as boolean) as passed,
    check_name,
    reason
from {{ source('raw', 'submission_checks') }}
