with source as (
    select * from {{ source('raw', 'plans') }}
)

select
    plan_id,
    seed_file,
    region_code,
    title_zh,
    nullif(title_en, '') as title_en,
    doc_type,
    try_cast(nullif(horizon_start, '') as integer) as horizon_start,
    try_cast(nullif(horizon_end, '') as integer) as horizon_end,
    try_cast(nullif(issued_date, '') as date) as issued_date,
    nullif(issuer_zh, '') as issuer_zh,
    script
from source
