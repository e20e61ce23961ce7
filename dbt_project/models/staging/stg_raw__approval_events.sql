select
    event_no,
    action,
    region_code,
    year,
    quarter,
    year || 'Q' || quarter as quarter_key,
    cast(acted_at as timestamp) as acted_at,
    acted_by,
    reason
from {{ source('raw', 'approval_events') }}
