-- Which departments answer for a target, and how: lead (责任单位 / 牵头部门) or co-operating (配合单位).
-- For each role, a table row's own cell wins over the list of its paragraph: when a table statement
-- of the target names departments for the role, only table statements count; else the text's.
-- Departments only the other kind of statement names stay in int_target_departments with their
-- line, and fct_target flags the target (leads_disagree).
with links as (
    select
        *,
        bool_or(statement_kind = 'table') over (partition by target_key, department_role) as role_has_table
    from {{ ref('int_target_departments') }}
),

counted as (
    select *
    from links
    where statement_kind = 'table' or not role_has_table
),

resolved as (
    select
        target_key,
        department_role,
        department_text,
        department_code,
        statement_kind as department_source,
        source_line as department_source_line,
        -- a department named both as lead and co-operating is a lead; one named twice keeps its
        -- first statement's spelling
        row_number() over (
            partition by target_key, coalesce(department_code, department_text)
            order by case department_role when 'lead' then 0 else 1 end, source_line, department_text
        ) as role_rank
    from counted
)

select target_key, department_code, department_role, department_text, department_source, department_source_line
from resolved
where role_rank = 1
