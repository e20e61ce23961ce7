with source as (
    select * from {{ source('raw', 'indicators') }}
)

select
    indicator_code,
    name_zh,
    nullif(name_zh_hant, '') as name_zh_hant,
    name_en,
    nullif(category_zh, '') as category_zh,
    nullif(category_en, '') as category_en,
    unit,
    measure_type,
    direction,
    nullif(parent_code, '') as parent_code,
    coalesce(lower(is_additive_parent) in ('true', '1', 'yes', 'y'), false) as is_additive_parent,
    nullif(growth_of, '') as growth_of,
    nullif(definition_note, '') as definition_note
from source
