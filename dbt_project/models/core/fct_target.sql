-- One row per target: plan × region × area/scope × indicator × year × period × tier
-- (int_target_statements). A plan often states one target twice or more (表1 2000, text 突破2000):
--   * the value is the one the plan's tables state (tables are the plan's own summary), else the
--     first statement's;
--   * among the statements of that value, the published one is the most specific: a strict bound
--     (突破, 超过, >) over an inclusive one (以上, 不少于), over a bare figure; then a table over
--     text, then document order. Its text, line and section are published with it;
--   * every statement stays in fct_target_source; sources_disagree flags statements that differ
--     in value (values_disagree) or operator (operators_disagree).
with statements as (
    select * from {{ ref('int_target_statements') }}
),

first_value as (
    select target_key, compared_value as published_value
    from statements
    qualify row_number() over (
        partition by target_key
        order by case statement_kind when 'table' then 0 else 1 end,
            case when value_status = 'value' then 0 else 1 end,
            source_line, source_row
    ) = 1
),

ranked as (
    select
        statements.*,
        row_number() over (
            partition by statements.target_key
            order by
                case when statements.compared_value is not distinct from first_value.published_value then 0 else 1 end,
                statements.operator_rank,
                case statements.statement_kind when 'table' then 0 else 1 end,
                statements.source_line,
                statements.source_row
        ) as statement_rank,
        count(*) over (partition by statements.target_key) as n_sources,
        count(distinct statements.compared_value) over (partition by statements.target_key) as n_distinct_values,
        count(distinct statements.parsed_operator) over (partition by statements.target_key) as n_distinct_operators
    from statements
    join first_value using (target_key)
),

leads as (
    select
        target_key,
        list_sort(list(distinct department_code) filter (where statement_kind = 'table')) as table_leads,
        list_sort(list(distinct department_code) filter (where statement_kind = 'text')) as text_leads
    from {{ ref('int_target_departments') }}
    where department_role = 'lead'
    group by target_key
),

areas as (
    select * from {{ ref('stg_raw__areas') }}
)

select
    ranked.target_key,
    ranked.plan_id,
    ranked.region_code,
    ranked.indicator_code,
    ranked.year,
    ranked.target_tier,
    ranked.value_status,
    ranked.parsed_operator as target_operator,
    ranked.canonical_value as target_value,
    ranked.canonical_unit as unit,
    ranked.growth_phrase,
    -- How the target is judged (mart_progress): a level (stock, cumulative counts included), an
    -- annual flow, a share or ratio, a growth rate (relative, %) or a change in percentage points;
    -- a span target (2021-2023年累计, 到2024年新增) is the total over its span.
    case
        when ranked.target_period = 'span' then 'span_total'
        when ranked.measure_type = 'growth_rate' and ranked.canonical_dimension = 'percentage_point' then 'growth_pp'
        when ranked.measure_type = 'growth_rate' then 'growth_rate'
        when ranked.measure_type = 'stock' then 'level'
        when ranked.measure_type = 'flow' then 'annual_flow'
        else ranked.measure_type
    end as target_kind,
    ranked.parsed_number as original_number,
    ranked.parsed_unit as original_unit,
    ranked.value_text,
    ranked.restored_text,
    ranked.restoration_note,
    ranked.source_text,
    ranked.seed_file,
    ranked.source_section,
    ranked.source_line,
    ranked.departments_text,
    ranked.co_departments_text,
    ranked.n_sources,
    ranked.n_distinct_values > 1 or ranked.n_distinct_operators > 1 as sources_disagree,
    -- added with issue 9: where the target is for, over what time, and why it was published so
    ranked.scope,
    ranked.area_code,
    areas.name_zh as area_name_zh,
    areas.name_en as area_name_en,
    areas.area_kind,
    ranked.target_period,
    ranked.period_start_year,
    ranked.period_end_year,
    ranked.stated_tier,
    ranked.statement_kind,
    ranked.n_distinct_values > 1 as values_disagree,
    ranked.n_distinct_operators > 1 as operators_disagree,
    coalesce(len(leads.table_leads) > 0 and len(leads.text_leads) > 0
        and leads.table_leads <> leads.text_leads, false) as leads_disagree
from ranked
left join leads using (target_key)
left join areas using (area_code)
where ranked.statement_rank = 1
