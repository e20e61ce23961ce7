-- The one home of "which version counts": per department × region × quarter, the newest accepted
-- version that is neither withdrawn (`plantrack withdraw`) nor held by the quality gate
-- (raw.submission_checks). A held version never counts; a withdrawn one counted until it was
-- withdrawn and stays in the history. One row per accepted version (small: one per file).
with log as (
    select * from {{ ref('stg_raw__submission_log') }}
    where status = 'accepted'
),

withdrawals as (
    select
        submission_id,
        min(withdrawn_at) as withdrawn_at,
        arg_min(withdrawn_by, withdrawn_at) as withdrawn_by,
        arg_min(reason, withdrawn_at) as withdraw_reason
    from {{ ref('stg_raw__submission_withdrawals') }}
    group by submission_id
),

holds as (
    select submission_id, string_agg(check_name || ': ' || reason, '; ' order by check_name) as held_reason
    from {{ ref('stg_raw__submission_checks') }}
    where not passed
    group by submission_id
),

judged as (
    select
        log.submission_id, log.department_code, log.region_code, log.year, log.quarter, log.version,
        log.received_at, log.is_synthetic,
        withdrawals.withdrawn_at, withdrawals.withdrawn_by, withdrawals.withdraw_reason,
        holds.held_reason,
        case
            when holds.submission_id is not null then 'held'
            when withdrawals.submission_id is not null then 'withdrawn'
            else 'valid'
        end as version_status
    from log
    left join withdrawals using (submission_id)
    left join holds using (submission_id)
)

select
    *,
    version = max(case when version_status = 'valid' then version end) over (
        partition by department_code, region_code, year, quarter
    ) as is_current
from judged
