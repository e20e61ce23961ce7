-- value_range: the one home of "what values are plausible" for an indicator, read by the loader's
-- rules, the template's cell validation and the quality gate: a share in percent lies within 0-100;
-- a stock or flow counted or in money is not negative; anything else is not bounded.
with source as (
    select * from {{ source('raw', 'indicators') }}
),

dimensions as (
    select unit, min(dimension) as dimension from {{ source('raw', 'units') }} group by unit
)

select
    indicator_code,
    name_zh,
    nullif(name_zh_hant, '') as name_zh_hant,
    name_en,
    nullif(category_zh, '') as category_zh,
    nullif(category_en, '') as category_en,
    source.unit,
    source.measure_type,
    direction,
    nullif(parent_code, '') as parent_code,
    coalesce(lower(is_additive_parent) in ('true', '1', 'yes', 'y'), false) as is_additive_parent,
    nullif(growth_of, '') as growth_of,
    nullif(definition_note, '') as definition_note,
    dimensions.dimension as unit_dimension,
    case
        when source.measure_type = 'share' and dimensions.dimension = 'percent' then 'share_0_100'
        when source.measure_type in ('stock', 'flow') and dimensions.dimension in ('money', 'count') then 'non_negative'
        else 'any'
    end as value_range
from source
left join dimensions using (unit)
