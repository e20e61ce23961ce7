with indicators as (
    select * from {{ ref('stg_raw__indicators') }}
),

aliases as (
    select indicator_code, string_agg(alias, ' | ' order by alias) as aliases
    from {{ ref('stg_raw__indicator_aliases') }}
    group by indicator_code
)

select
    indicators.indicator_code,
    indicators.name_zh,
    indicators.name_zh_hant,
    indicators.name_en,
    indicators.category_zh,
    indicators.category_en,
    indicators.unit,
    indicators.measure_type,
    indicators.direction,
    indicators.parent_code,
    indicators.is_additive_parent,
    indicators.growth_of,
    indicators.definition_note,
    indicators.value_range,
    aliases.aliases
from indicators
left join aliases using (indicator_code)
