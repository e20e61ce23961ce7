select
    code,
    kind,
    -- a band's lower bound; -Infinity for the lowest band, null for statuses that are not bands
    try_cast(nullif(min_ratio, '') as double) as min_ratio,
    nullif(bucket, '') as bucket,
    cast(sort_order as integer) as sort_order,
    name_zh,
    name_zh_hant,
    name_en,
    definition
from {{ source('raw', 'progress_vocabulary') }}
