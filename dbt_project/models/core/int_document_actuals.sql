-- Annual actual values stated in the documents, per region × indicator × year.
-- Only the region's own figures count (scope = region): a figure for an area inside it (a park, a
-- development zone) or for the region together with such an area (慈溪 88.17亿元 含杭州湾 beside
-- 71.73亿元 without it) is another statistic, kept in int_plan_figures with its scope and area.
-- A reported actual wins over a baseline column, a later document over an earlier one; the other
-- statements of the same figure stay in int_plan_figures. fct_actual adds the submissions (which win).
with actuals as (
    select figures.*, plans.issued_date, plans.horizon_start
    from {{ ref('int_plan_figures') }} as figures
    left join {{ ref('stg_raw__plans') }} as plans using (plan_id)
    where figures.figure_type in ('actual', 'baseline')
        and figures.value_status = 'value'
        and figures.scope = 'region'
),

ranked as (
    select
        *,
        row_number() over (
            partition by region_code, indicator_code, year
            order by
                case figure_type when 'actual' then 0 else 1 end,
                coalesce(issued_date, make_date(horizon_start, 1, 1)) desc nulls last,
                plan_id,
                source_line,
                canonical_value
        ) as source_rank,
        count(*) over (partition by region_code, indicator_code, year) as n_sources
    from actuals
)

select
    md5(concat_ws('|', region_code, indicator_code, year, 'A')) as actual_key,
    region_code,
    indicator_code,
    year,
    cast(null as integer) as quarter,
    canonical_value as value,
    canonical_unit as unit,
    'document' as source_type,
    figure_type as figure_kind,
    plan_id as reported_in_plan_id,
    parsed_operator as reported_operator,
    parsed_number as original_number,
    parsed_unit as original_unit,
    value_text,
    source_text,
    seed_file,
    source_section,
    source_line,
    n_sources
from ranked
where source_rank = 1
