-- Reporting status (Open SDG's reporting-status page, DHIS2's reporting rates), per region and per
-- department (`level`): how many indicators have targets, how many have data for the latest quarter
-- due, on-time and late rates over every quarter received, and how many are approved.
-- An indicator counts once per region (region level) or per region it leads (department level:
-- region × indicator pairs). The latest quarter: the group's latest quarter whose deadline has passed
-- (mart_submission_completeness's expected rows).
with completeness as (
    select
        c.*,
        c.year * 10 + c.quarter as quarter_no,
        locks.region_code is not null as is_approved
    from {{ ref('mart_submission_completeness') }} as c
    left join {{ ref('stg_raw__approval_locks') }} as locks using (region_code, year, quarter)
    where c.is_expected
),

targets as (
    select distinct targets.region_code, targets.indicator_code, bridge.department_code
    from {{ ref('fct_target') }} as targets
    left join {{ ref('bridge_target_department') }} as bridge
        on bridge.target_key = targets.target_key and bridge.department_role = 'lead'
    where targets.value_status = 'value'
),

{% for level, column in [('region', 'region_code'), ('department', 'department_code')] %}
{{ level }}_latest as (
    select {{ column }} as code, max(quarter_no) as latest_no from completeness group by 1
),

{{ level }}_counts as (
    select
        '{{ level }}' as level,
        c.{{ column }} as code,
        any_value(latest.latest_no) as latest_no,
        count(distinct c.region_code || '|' || c.indicator_code) filter (where c.quarter_no = latest.latest_no)
            as n_expected_latest,
        count(distinct c.region_code || '|' || c.indicator_code)
            filter (where c.quarter_no = latest.latest_no and c.status <> 'missing') as n_with_data_latest,
        count(distinct c.region_code || '|' || c.indicator_code)
            filter (where c.quarter_no = latest.latest_no and c.is_approved) as n_approved_latest,
        count(distinct c.region_code || '|' || c.year || '|' || c.quarter) filter (where c.is_approved)
            as n_region_quarters_approved,
        count(*) as n_expected,
        count(*) filter (where c.status <> 'missing') as n_received,
        count(*) filter (where c.status = 'on_time') as n_on_time,
        count(*) filter (where c.status = 'late') as n_late,
        bool_or(c.is_synthetic) as includes_synthetic
    from completeness as c
    join {{ level }}_latest as latest on latest.code = c.{{ column }}
    group by all
),

{{ level }}_targets as (
    select
        {{ column }} as code,
        count(distinct region_code || '|' || indicator_code) as n_indicators_with_targets
    from targets
    where {{ column }} is not null
    group by 1
),
{% endfor %}

joined as (
    select
        coalesce(counts.level, 'region') as level,
        coalesce(counts.code, t.code) as code,
        coalesce(t.n_indicators_with_targets, 0) as n_indicators_with_targets,
        counts.* exclude (level, code)
    from region_counts as counts
    full join region_targets as t using (code)
    union all by name
    select
        coalesce(counts.level, 'department') as level,
        coalesce(counts.code, t.code) as code,
        coalesce(t.n_indicators_with_targets, 0) as n_indicators_with_targets,
        counts.* exclude (level, code)
    from department_counts as counts
    full join department_targets as t using (code)
)

select
    joined.level,
    joined.code,
    coalesce(regions.name_zh, departments.name_zh) as name_zh,
    coalesce(regions.name_en, departments.name_en) as name_en,
    case when joined.latest_no is not null
        then (joined.latest_no // 10) || 'Q' || (joined.latest_no % 10) end as latest_quarter,
    joined.n_indicators_with_targets,
    coalesce(joined.n_expected_latest, 0) as n_expected_latest,
    coalesce(joined.n_with_data_latest, 0) as n_with_data_latest,
    coalesce(joined.n_approved_latest, 0) as n_approved_latest,
    coalesce(joined.n_region_quarters_approved, 0) as n_region_quarters_approved,
    coalesce(joined.n_expected, 0) as n_expected,
    coalesce(joined.n_received, 0) as n_received,
    coalesce(joined.n_on_time, 0) as n_on_time,
    coalesce(joined.n_late, 0) as n_late,
    round(100.0 * joined.n_with_data_latest / nullif(joined.n_expected_latest, 0), 1) as latest_reporting_rate_pct,
    round(100.0 * joined.n_on_time / nullif(joined.n_received, 0), 1) as on_time_rate_pct,
    round(100.0 * joined.n_late / nullif(joined.n_received, 0), 1) as late_rate_pct,
    coalesce(joined.includes_synthetic, false) as includes_synthetic
from joined
left join {{ ref('dim_region') }} as regions on joined.level = 'region' and regions.region_code = joined.code
left join {{ ref('dim_department') }} as departments
    on joined.level = 'department' and departments.department_code = joined.code
