with source as (
    select * from {{ source('raw', 'plan_targets') }}
)

select
    {{ plan_figure_columns() }},
    nullif(departments_text, '') as departments_text,
    nullif(co_departments_text, '') as co_departments_text
from source
