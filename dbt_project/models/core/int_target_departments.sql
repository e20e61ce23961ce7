-- Every department every statement of a target names, with the statement it comes from: lead
-- (责任单位 / 牵头部门) or co-operating (配合单位). A responsible-unit cell is split on 、，,；; and a
-- trailing 等 ("and others") is dropped; every piece must be a known alias. Where the extraction
-- lost a separator (市大数据局市发改委) a piece is accepted when known aliases tile it exactly.
-- Which statements count for the target (a table row's own cell over its paragraph's list) is
-- decided in bridge_target_department; here nothing is dropped.
with statements as (
    select target_key, statement_kind, source_line, departments_text, co_departments_text
    from {{ ref('int_target_statements') }}
),

cells as (
    select target_key, statement_kind, source_line, 'lead' as department_role, departments_text as cell
    from statements
    union all
    select target_key, statement_kind, source_line, 'co', co_departments_text from statements
),

pieces as (
    select distinct
        target_key,
        statement_kind,
        source_line,
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

unknown as (
    select distinct department_text from direct where department_code is null
),

-- pieces no alias matches: the longest aliases they contain, kept when they cover the piece exactly
contained as (
    select unknown.department_text, aliases.alias, aliases.department_code
    from unknown
    join aliases on contains(unknown.department_text, aliases.alias)
),

maximal as (
    select *
    from contained
    where not exists (
        select 1 from contained as longer
        where longer.department_text = contained.department_text
            and longer.alias <> contained.alias
            and contains(longer.alias, contained.alias)
    )
),

tiled as (
    select department_text, alias, department_code
    from maximal
    qualify sum(length(alias)) over (partition by maximal.department_text) = length(maximal.department_text)
)

select target_key, statement_kind, source_line, department_role, department_text, department_code
from direct
where department_code is not null
    or department_text not in (select department_text from tiled)
union all
select direct.target_key, direct.statement_kind, direct.source_line, direct.department_role, tiled.alias,
    tiled.department_code
from direct
join tiled using (department_text)
where direct.department_code is null
