-- Every department every statement of a target names, with the statement it comes from: lead
-- (责任单位 / 牵头部门) or co-operating (配合单位). A responsible-unit cell is split on 、，,；; and
-- whitespace, a trailing 等 ("and others") is dropped, and each piece is matched on its name key to
-- int_name_keys (the one home of name matching: the loader matches a submission's 填报单位 the same
-- way). Where the extraction lost a separator (市大数据局市发改委) a piece is matched when the
-- longest department keys it contains tile it exactly; its parts are written as the reference spells
-- them. A piece nothing matches stays, with a null code.
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
        regexp_replace(trim(piece), '等$', '') as department_text,
        {{ name_key("regexp_replace(trim(piece), '等$', '')") }} as piece_key
    from cells,
        unnest(regexp_split_to_array(cell, '[、，,；;\s]+')) as split(piece)
    where cell is not null and trim(piece) <> ''
),

names as (
    select name_key, code as department_code, example_name
    from {{ ref('int_name_keys') }}
    where entity = 'department'
),

direct as (
    select pieces.*, names.department_code
    from pieces
    left join names on names.name_key = pieces.piece_key
),

unknown as (
    select distinct piece_key from direct where department_code is null
),

-- pieces no name matches: the longest names they contain, kept when they cover the piece exactly
contained as (
    select unknown.piece_key, names.name_key, names.example_name, names.department_code
    from unknown
    join names on contains(unknown.piece_key, names.name_key)
),

maximal as (
    select *
    from contained
    where not exists (
        select 1 from contained as longer
        where longer.piece_key = contained.piece_key
            and longer.name_key <> contained.name_key
            and contains(longer.name_key, contained.name_key)
    )
),

tiled as (
    select piece_key, example_name, department_code
    from maximal
    qualify sum(length(name_key)) over (partition by maximal.piece_key) = length(maximal.piece_key)
)

select target_key, statement_kind, source_line, department_role, department_text, department_code
from direct
where department_code is not null
    or piece_key not in (select piece_key from tiled)
union all
select direct.target_key, direct.statement_kind, direct.source_line, direct.department_role, tiled.example_name,
    tiled.department_code
from direct
join tiled using (piece_key)
where direct.department_code is null
