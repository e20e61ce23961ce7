with source as (
    select * from {{ source('raw', 'regions') }}
)

select
    region_code,
    name_zh,
    nullif(name_zh_hant, '') as name_zh_hant,
    name_en,
    level as region_level,
    nullif(parent_code, '') as parent_code
from source
