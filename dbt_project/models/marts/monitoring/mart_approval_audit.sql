{{ config(materialized='view') }}
-- The approval audit trail for BI: every approve and reopen, who, when, what (region × quarter), why.
-- A view (published as a table): always what raw.approval_events holds.
select
    events.event_no,
    events.action,
    events.region_code,
    regions.name_zh as region_name_zh,
    events.year,
    events.quarter,
    events.quarter_key,
    events.acted_at,
    events.acted_by,
    events.reason
from {{ ref('stg_raw__approval_events') }} as events
left join {{ ref('dim_region') }} as regions using (region_code)
