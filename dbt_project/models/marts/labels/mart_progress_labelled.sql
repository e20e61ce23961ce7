-- mart_progress for people: one row per target and language (lang: zh-Hans, zh-Hant, en) with
-- region, plan, indicator, tier, status and department names in that language, so a dashboard
-- switches language with a filter on lang and no joins of its own.
{{ config(materialized='view') }}
with progress as (
    select * from {{ ref('mart_progress') }}
),

labels as (
    select * from {{ ref('mart_labels') }}
),

departments as (
    select
        bridge.target_key,
        bridge.department_role,
        labels.lang,
        -- English names are joined with '; ', Chinese ones with '、'
        replace(string_agg(labels.label, '|' order by labels.label), '|', any_value(case labels.lang when 'en' then '; ' else '、' end)) as names
    from {{ ref('bridge_target_department') }} as bridge
    join labels on labels.entity = 'department' and labels.code = bridge.department_code
    group by bridge.target_key, bridge.department_role, labels.lang
),

languages as (
    select distinct lang from labels
)

select
    languages.lang,
    progress.target_key,
    progress.plan_id,
    plan.label as plan_title,
    progress.region_code,
    region.label as region_name,
    progress.indicator_code,
    indicator.label as indicator_name,
    progress.year,
    progress.target_tier,
    tier.label as target_tier_name,
    progress.target_kind,
    progress.target_operator,
    progress.target_value,
    progress.unit,
    progress.judged_value,
    progress.judged_value_basis,
    progress.gap_to_target,
    progress.baseline_year,
    progress.baseline_value,
    progress.latest_actual_year,
    progress.latest_actual_value,
    progress.observed_growth,
    progress.required_growth,
    progress.growth_ratio,
    progress.projected_value,
    progress.projection_score,
    progress.is_final_target,
    progress.status,
    status.label as status_name,
    progress.year_status,
    year_status.label as year_status_name,
    progress.trajectory_status,
    trajectory_status.label as trajectory_status_name,
    progress.scorecard_bucket,
    bucket.label as scorecard_bucket_name,
    leads.names as lead_departments,
    co.names as co_departments,
    progress.actual_is_synthetic,
    progress.value_text,
    progress.source_text
from progress
cross join languages
left join labels as plan on plan.entity = 'plan' and plan.code = progress.plan_id and plan.lang = languages.lang
left join labels as region on region.entity = 'region' and region.code = progress.region_code and region.lang = languages.lang
left join labels as indicator
    on indicator.entity = 'indicator' and indicator.code = progress.indicator_code and indicator.lang = languages.lang
left join labels as tier on tier.entity = 'tier' and tier.code = progress.target_tier and tier.lang = languages.lang
left join labels as status
    on status.entity in ('year', 'pace', 'trajectory') and status.code = progress.status and status.lang = languages.lang
left join labels as year_status
    on year_status.entity in ('year', 'pace') and year_status.code = progress.year_status
    and year_status.lang = languages.lang
left join labels as trajectory_status
    on trajectory_status.entity = 'trajectory' and trajectory_status.code = progress.trajectory_status
    and trajectory_status.lang = languages.lang
left join labels as bucket
    on bucket.entity = 'bucket' and bucket.code = progress.scorecard_bucket and bucket.lang = languages.lang
left join departments as leads
    on leads.target_key = progress.target_key and leads.department_role = 'lead' and leads.lang = languages.lang
left join departments as co
    on co.target_key = progress.target_key and co.department_role = 'co' and co.lang = languages.lang
