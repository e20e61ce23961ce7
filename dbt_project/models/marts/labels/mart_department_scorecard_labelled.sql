-- mart_department_scorecard for people: one row per department, year and language (lang:
-- zh-Hans, zh-Hant, en) with the department's and its region's names in that language.
{{ config(materialized='view') }}
with scorecard as (
    select * from {{ ref('mart_department_scorecard') }}
),

labels as (
    select * from {{ ref('mart_labels') }}
)

select
    department.lang,
    scorecard.department_code,
    department.label as department_name,
    scorecard.region_code,
    region.label as region_name,
    scorecard.* exclude (department_code, region_code, department_name_zh, department_name_en)
from scorecard
join labels as department on department.entity = 'department' and department.code = scorecard.department_code
left join labels as region
    on region.entity = 'region' and region.code = scorecard.region_code and region.lang = department.lang
