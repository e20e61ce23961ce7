with source as (
    select * from {{ source('raw', 'departments') }}
)

select
    department_code,
    region_code,
    name_zh,
    nullif(name_zh_hant, '') as name_zh_hant,
    name_en,
    nullif(short_name_zh, '') as short_name_zh
from source
