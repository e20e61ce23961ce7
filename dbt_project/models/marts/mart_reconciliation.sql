-- Decomposed indicators: where dim_indicator marks a parent additive (is_additive_parent), its
-- children must sum to it within the tolerance (var reconciliation_tolerance_pct, in % of the
-- parent). Checked for the targets of each plan and tier, and for the actuals of each year and
-- quarter. Parents whose listed parts are not exhaustive (数字服务业) are not marked additive.
with indicators as (
    select indicator_code, parent_code, is_additive_parent from {{ ref('dim_indicator') }}
),

children as (
    select children.indicator_code, children.parent_code
    from indicators as children
    join indicators as parents on parents.indicator_code = children.parent_code
    where parents.is_additive_parent
),

expected as (
    select parent_code, count(*) as children_expected from children group by parent_code
),

figures as (
    select
        'target' as figure_type, plan_id, region_code, indicator_code, year,
        cast(null as integer) as quarter, target_tier as tier, target_value as value
    from {{ ref('fct_target') }}
    where value_status = 'value'
    union all
    select 'actual', null, region_code, indicator_code, year, quarter, null, value
    from {{ ref('fct_actual') }}
),

parent_figures as (
    select figures.*
    from figures
    join expected on expected.parent_code = figures.indicator_code
),

child_sums as (
    select
        figures.figure_type, figures.plan_id, figures.region_code, children.parent_code,
        figures.year, figures.quarter, figures.tier,
        sum(figures.value) as children_sum,
        count(*) as children_present,
        string_agg(figures.indicator_code || '=' || figures.value, '; ' order by figures.indicator_code) as children_values
    from figures
    join children using (indicator_code)
    group by all
),

compared as (
    select
        parent_figures.figure_type,
        parent_figures.plan_id,
        parent_figures.region_code,
        parent_figures.indicator_code as parent_code,
        parent_figures.year,
        parent_figures.quarter,
        parent_figures.tier,
        parent_figures.value as parent_value,
        child_sums.children_sum,
        expected.children_expected,
        coalesce(child_sums.children_present, 0) as children_present,
        child_sums.children_values,
        parent_figures.value - child_sums.children_sum as difference,
        abs(parent_figures.value) * {{ var('reconciliation_tolerance_pct') }} / 100 as tolerance
    from parent_figures
    join expected on expected.parent_code = parent_figures.indicator_code
    left join child_sums
        on child_sums.figure_type = parent_figures.figure_type
        and child_sums.plan_id is not distinct from parent_figures.plan_id
        and child_sums.region_code = parent_figures.region_code
        and child_sums.parent_code = parent_figures.indicator_code
        and child_sums.year = parent_figures.year
        and child_sums.quarter is not distinct from parent_figures.quarter
        and child_sums.tier is not distinct from parent_figures.tier
)

select
    md5(concat_ws('|', figure_type, plan_id, region_code, parent_code, year, quarter, tier)) as reconciliation_key,
    *,
    case
        when children_present = 0 then 'no_children'
        when children_present < children_expected then 'incomplete'
        when abs(difference) <= tolerance then 'reconciles'
        else 'does_not_reconcile'
    end as reconciliation_status
from compared
