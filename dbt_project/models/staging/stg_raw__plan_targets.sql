with source as (
    select * from {{ source('raw', 'plan_targets') }}
)

select
    {{ plan_figure_columns() }},
    scope,
    nullif(area_code, '') as area_code,
    period_kind,
    cast(nullif(period_start, '') as integer) as period_start,
    nullif(departments_text, '') as departments_text,
    nullif(co_departments_text, '') as co_departments_text
from source
