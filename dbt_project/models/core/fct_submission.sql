-- One row per submission file received: accepted versions and rejected files, with the reporting
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
        max(version) over (partition by department_code, region_code, year, quarter) = version as is_current,
        lead(submission_id) over (
            partition by department_code, region_code, year, quarter order by version
        ) as superseded_by
    from log
    where status = 'accepted'
)

select
    log.submission_id,
    log.status,
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
