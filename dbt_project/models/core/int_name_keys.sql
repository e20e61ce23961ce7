-- The one home of matching a name to a code: every name a person may write for a department, region
-- or indicator, keyed by macro name_key (full-width to ASCII, no whitespace, lower case). The names
-- are the reference data's: codes, Simplified, Traditional and English names, departments' short
-- names, and the alias lists (stg_raw__*_aliases). A key that two codes share is left out: a text
-- that could mean either matches neither (the writer must be specific).
-- Read by the loader (lk_department / lk_region / lk_indicator in validate.py, the CLI's
-- --department / --region) and by int_target_departments (a plan's 责任单位 cell).
with names as (
    select 'department' as entity, department_code as code, alias as name
    from {{ ref('stg_raw__department_aliases') }}
    union all
    select 'department', department_code, unnest([department_code, name_zh, name_zh_hant, name_en, short_name_zh])
    from {{ ref('dim_department') }}
    union all
    select 'region', region_code, alias from {{ ref('stg_raw__region_aliases') }}
    union all
    select 'region', region_code, unnest([region_code, name_zh, name_zh_hant, name_en])
    from {{ ref('dim_region') }}
    union all
    select 'indicator', indicator_code, alias from {{ ref('stg_raw__indicator_aliases') }}
    union all
    select 'indicator', indicator_code, unnest([indicator_code, name_zh, name_zh_hant, name_en])
    from {{ ref('dim_indicator') }}
),

keyed as (
    select entity, code, name, {{ name_key('name') }} as name_key
    from names
    where name is not null
)

select
    entity,
    name_key,
    min(code) as code,
    min(name) as example_name
from keyed
where name_key <> ''
group by entity, name_key
having count(distinct code) = 1
