with source as (
    select * from {{ source('raw', 'areas') }}
)

select
    area_code,
    name_zh,
    nullif(name_zh_hant, '') as name_zh_hant,
    name_en,
    area_kind,
    region_code,
    nullif(note, '') as note
from source
