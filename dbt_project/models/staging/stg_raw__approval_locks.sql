-- The region × quarters approved now (orchestration/defs/approval/locks.py is the home of the rule).
select
    region_code,
    year,
    quarter,
    year || 'Q' || quarter as quarter_key,
    cast(approved_at as timestamp) as approved_at,
    approved_by,
    comment,
    event_no
from {{ source('raw', 'approval_locks') }}
