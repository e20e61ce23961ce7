-- Which departments answer for a target, and how: lead (责任单位 / 牵头部门) or co-operating (配合单位).
-- A responsible-unit cell is split on 、，,；; and a trailing 等 ("and others") is dropped; every
-- piece must be a known alias. Where the extraction lost a separator (市大数据局市发改委) a piece
-- is accepted when known aliases tile it exactly. Departments named by any statement of the
-- target count.
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

aliases as (
    select alias, department_code from {{ ref('stg_raw__department_aliases') }}
),

direct as (
    select pieces.*, aliases.department_code
    from pieces
    left join aliases on aliases.alias = pieces.department_text
),

-- pieces no alias matches: the longest aliases they contain, kept when they cover the piece exactly
contained as (
    select direct.target_key, direct.department_role, direct.department_text, aliases.alias, aliases.department_code
    from direct
    join aliases on contains(direct.department_text, aliases.alias)
    where direct.department_code is null
),

maximal as (
    select *
    from contained
    where not exists (
        select 1 from contained as longer
        where longer.target_key = contained.target_key
            and longer.department_text = contained.department_text
            and longer.alias <> contained.alias
            and contains(longer.alias, contained.alias)
    )
),

tiled as (
    select target_key, department_role, department_text as piece_text, alias, department_code
    from maximal
    qualify sum(length(alias)) over (partition by target_key, department_role, maximal.department_text)
        = length(maximal.department_text)
),

matched as (
    select target_key, department_role, department_text, department_code
    from direct
    where department_code is not null
        or not exists (
            select 1 from tiled
            where tiled.target_key = direct.target_key
                and tiled.department_role = direct.department_role
                and tiled.piece_text = direct.department_text
        )
    union all
    select target_key, department_role, alias, department_code from tiled
),

resolved as (
    select
        pieces.target_key,
        pieces.department_role,
        pieces.department_text,
        pieces.department_code,
        -- a department named both as lead and co-operating is a lead
        row_number() over (
            partition by pieces.target_key, coalesce(pieces.department_code, pieces.department_text)
            order by case pieces.department_role when 'lead' then 0 else 1 end, pieces.department_text
        ) as role_rank
    from matched as pieces
)

select target_key, department_code, department_role, department_text
from resolved
where role_rank = 1
