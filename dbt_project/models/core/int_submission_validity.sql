-- When each submission version was the one that counted, for as-of queries: intervals
-- [valid_from, valid_to) per version (valid_to null: still current). A version counts from its
-- receipt until a newer version arrives or it is withdrawn; when the newest version is withdrawn,
-- the one before it counts again from that moment (a second interval). Held versions never count.
with versions as (
    select * from {{ ref('int_submission_versions') }}
    where version_status <> 'held'
),

events as (
    select department_code, region_code, year, quarter, received_at as event_at from versions
    union
    select department_code, region_code, year, quarter, withdrawn_at as event_at from versions where withdrawn_at is not null
),

state as (
    select
        events.department_code, events.region_code, events.year, events.quarter, events.event_at,
        max(versions.version) as current_version
    from events
    left join versions
        on versions.department_code = events.department_code
        and versions.region_code = events.region_code
        and versions.year = events.year
        and versions.quarter = events.quarter
        and versions.received_at <= events.event_at
        and (versions.withdrawn_at is null or versions.withdrawn_at > events.event_at)
    group by all
),

changes as (
    select
        *,
        lag(current_version) over (
            partition by department_code, region_code, year, quarter order by event_at
        ) as previous_version
    from state
),

intervals as (
    select
        *,
        lead(event_at) over (partition by department_code, region_code, year, quarter order by event_at) as valid_to
    from changes
    where previous_version is distinct from current_version
)

select versions.submission_id, intervals.event_at as valid_from, intervals.valid_to
from intervals
join versions
    on versions.department_code = intervals.department_code
    and versions.region_code = intervals.region_code
    and versions.year = intervals.year
    and versions.quarter = intervals.quarter
    and versions.version = intervals.current_version
