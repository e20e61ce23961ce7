-- One row per submission file received: accepted versions (status accepted, held by the quality gate,
-- or withdrawn) and rejected files, with the reporting
-- deadline (quarter end + var submission_deadline_days), lateness, and the version that replaced it.
with log as (
    select * from {{ ref('stg_raw__submission_log') }}
),

warnings as (
    select submission_id, count(*) as n_warnings
    from {{ ref('stg_raw__submission_warnings') }}
    group by submission_id
),

accepted as (
    select
        submission_id,
        is_current,
        version_status,
        held_reason,
        withdrawn_at,
        withdrawn_by,
        withdraw_reason,
        first_value(case when version_status <> 'held' then submission_id end ignore nulls) over (
            partition by department_code, region_code, year, quarter order by version
            rows between 1 following and unbounded following
        ) as superseded_by
    from {{ ref('int_submission_versions') }}
)

select
    log.submission_id,
    -- accepted versions as the gate and withdrawals left them: accepted / held / withdrawn; rejected files
    case when accepted.version_status = 'held' then 'held'
        when accepted.version_status = 'withdrawn' then 'withdrawn' else log.status end as status,
    accepted.held_reason,
    accepted.withdrawn_at,
    accepted.withdrawn_by,
    accepted.withdraw_reason,
    log.department_code,
    log.region_code,
    log.year,
    log.quarter,
    case when log.year is not null and log.quarter is not null then log.year || 'Q' || log.quarter end as quarter_key,
    log.version,
    coalesce(accepted.is_current, false) as is_current,
    log.supersedes,
    accepted.superseded_by,
    log.received_at,
    {{ submission_deadline('log.year', 'log.quarter') }} as deadline,
    log.received_at >= {{ submission_deadline('log.year', 'log.quarter') }} + interval 1 day as is_late,
    log.row_count,
    log.n_errors,
    coalesce(warnings.n_warnings, 0) as n_warnings,
    log.is_synthetic,
    log.file_name,
    log.stored_path,
    log.sha256,
    log.loaded_at
from log
left join accepted using (submission_id)
left join warnings using (submission_id)
