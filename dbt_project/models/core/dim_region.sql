with regions as (
    select * from {{ ref('stg_raw__regions') }}
)

select
    regions.region_code,
    regions.name_zh,
    regions.name_zh_hant,
    regions.name_en,
    regions.region_level,
    regions.parent_code,
    parent.name_zh as parent_name_zh,
    parent.name_en as parent_name_en,
    coalesce(grandparent.region_code, parent.region_code, regions.region_code) as province_code
from regions
left join regions as parent on parent.region_code = regions.parent_code
left join regions as grandparent on grandparent.region_code = parent.parent_code
