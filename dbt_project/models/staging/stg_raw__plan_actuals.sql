with source as (
    select * from {{ source('raw', 'plan_actuals') }}
)

select
    {{ plan_figure_columns() }},
    scope,
    nullif(area_code, '') as area_code,
    figure_kind
from source
