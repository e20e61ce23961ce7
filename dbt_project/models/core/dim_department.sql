with departments as (
    select * from {{ ref('stg_raw__departments') }}
),

aliases as (
    select department_code, string_agg(alias, ' | ' order by alias) as aliases
    from {{ ref('stg_raw__department_aliases') }}
    group by department_code
)

select
    departments.department_code,
    departments.region_code,
    regions.name_zh as region_name_zh,
    departments.name_zh,
    departments.name_zh_hant,
    departments.name_en,
    departments.short_name_zh,
    aliases.aliases
from departments
left join {{ ref('stg_raw__regions') }} as regions using (region_code)
left join aliases using (department_code)
