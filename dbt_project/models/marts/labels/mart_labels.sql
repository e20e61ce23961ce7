-- Every name a dashboard shows, in Simplified Chinese, Traditional Chinese and English: one row
-- per entity × code × language. Traditional falls back to Simplified where the reference data
-- has no Traditional form, English to Simplified where it has no English.
{{ config(materialized='view') }}
with names as (
    select 'region' as entity, region_code as code, name_zh, name_zh_hant, name_en
    from {{ ref('dim_region') }}
    union all
    select 'indicator', indicator_code, name_zh, name_zh_hant, name_en from {{ ref('dim_indicator') }}
    union all
    select 'department', department_code, name_zh, name_zh_hant, name_en from {{ ref('dim_department') }}
    union all
    select 'plan', plan_id, title_zh, null, title_en from {{ ref('dim_plan') }}
    union all
    select kind, code, name_zh, name_zh_hant, name_en from {{ ref('dim_progress_vocabulary') }}
),

languages as (
    select * from (values ('zh-Hans'), ('zh-Hant'), ('en')) as languages(lang)
)

select
    names.entity,
    names.code,
    languages.lang,
    case languages.lang
        when 'zh-Hans' then names.name_zh
        when 'zh-Hant' then coalesce(names.name_zh_hant, names.name_zh)
        else coalesce(names.name_en, names.name_zh)
    end as label
from names
cross join languages
