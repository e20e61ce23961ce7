with plans as (
    select * from {{ ref('stg_raw__plans') }}
)

select
    plan_id,
    title_zh,
    title_en,
    doc_type,
    region_code,
    horizon_start,
    horizon_end,
    issued_date,
    issuer_zh,
    script,
    seed_file
from plans
