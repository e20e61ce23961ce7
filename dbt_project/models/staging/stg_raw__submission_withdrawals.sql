select
    submission_id,
    cast(withdrawn_at as timestamp) as withdrawn_at,
    withdrawn_by,
    reason
from {{ source('raw', 'submission_withdrawals') }}
