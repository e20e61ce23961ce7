{#- Reporting rate and timeliness (DHIS2 style) over mart_submission_completeness, grouped by
    `group_columns`: expected, received, on time, late, missing, revised. One definition for every roll-up. -#}
{% macro completeness_rollup(group_columns) -%}
select
    {{ group_columns | join(', ') }},
    count(*) filter (where is_expected) as n_expected,
    count(*) filter (where status <> 'missing') as n_received,
    count(*) filter (where status = 'on_time') as n_on_time,
    count(*) filter (where status = 'late') as n_late,
    count(*) filter (where status = 'missing') as n_missing,
    count(*) filter (where revision_count > 0) as n_revised,
    round(100.0 * count(*) filter (where is_expected and status <> 'missing')
          / nullif(count(*) filter (where is_expected), 0), 1) as reporting_rate_pct,
    round(100.0 * count(*) filter (where status = 'on_time')
          / nullif(count(*) filter (where status <> 'missing'), 0), 1) as on_time_rate_pct,
    bool_or(is_synthetic) as includes_synthetic
from {{ ref('mart_submission_completeness') }}
group by all
{%- endmacro %}
