-- Approval state per region × quarter (plantrack approve / reopen; docs/monitoring.md): every quarter
-- of mart_submission_completeness (expected or received) and every approved one, with what was
-- expected and received, who approved it and when, and the last reopen.
with quarters as (
    select
        region_code, year, quarter,
        count(distinct department_code) filter (where is_expected) as n_departments_expected,
        count(distinct department_code) filter (where status <> 'missing') as n_departments_submitted,
        count(*) filter (where is_expected) as n_expected,
        count(*) filter (where status <> 'missing') as n_received
    from {{ ref('mart_submission_completeness') }}
    group by all
),

locks as (
    select * from {{ ref('stg_raw__approval_locks') }}
),

reopened as (
    select region_code, year, quarter, acted_at as last_reopened_at, acted_by as last_reopened_by, reason as last_reopen_reason
    from {{ ref('stg_raw__approval_events') }}
    where action = 'reopen'
    qualify row_number() over (partition by region_code, year, quarter order by event_no desc) = 1
),

keys as (
    select region_code, year, quarter from quarters
    union
    select region_code, year, quarter from locks
)

select
    keys.region_code,
    regions.name_zh as region_name_zh,
    keys.year,
    keys.quarter,
    keys.year || 'Q' || keys.quarter as quarter_key,
    case when locks.region_code is null then 'open' else 'approved' end as approval_status,
    locks.approved_at,
    locks.approved_by,
    locks.comment as approval_comment,
    reopened.last_reopened_at,
    reopened.last_reopened_by,
    reopened.last_reopen_reason,
    coalesce(quarters.n_departments_expected, 0) as n_departments_expected,
    coalesce(quarters.n_departments_submitted, 0) as n_departments_submitted,
    coalesce(quarters.n_expected, 0) as n_expected,
    coalesce(quarters.n_received, 0) as n_received
from keys
left join quarters using (region_code, year, quarter)
left join locks using (region_code, year, quarter)
left join reopened using (region_code, year, quarter)
left join {{ ref('dim_region') }} as regions on regions.region_code = keys.region_code
