-- Which departments answer for a target, and how: lead (责任单位 / 牵头部门) or co-operating (配合单位).
-- A responsible-unit cell is split on 、，,；; and a trailing 等 ("and others") is dropped; every
-- piece must be a known alias. Departments named by any statement of the target count.
with targets as (
    select
        md5(concat_ws('|', plan_id, region_code, indicator_code, year, parsed_tier)) as target_key,
        departments_text,
        co_departments_text
    from {{ ref('int_plan_figures') }}
    where figure_type = 'target'
),

cells as (
    select target_key, 'lead' as department_role, departments_text as cell from targets
    union all
    select target_key, 'co', co_departments_text from targets
),

pieces as (
    select distinct
        target_key,
        department_role,
        regexp_replace(trim(piece), '等$', '') as department_text
    from cells,
        unnest(regexp_split_to_array(cell, '[、，,；;\s]+')) as split(piece)
    where cell is not null and trim(piece) <> ''
),

resolved as (
    select
        pieces.target_key,
        pieces.department_role,
        pieces.department_text,
        aliases.department_code,
        -- a department named both as lead and co-operating is a lead
        row_number() over (
            partition by pieces.target_key, coalesce(aliases.department_code, pieces.department_text)
            order by case pieces.department_role when 'lead' then 0 else 1 end
        ) as role_rank
    from pieces
    left join {{ ref('stg_raw__department_aliases') }} as aliases
        on aliases.alias = pieces.department_text
)

select target_key, department_code, department_role, department_text
from resolved
where role_rank = 1
