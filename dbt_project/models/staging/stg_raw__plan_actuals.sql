with source as (
    select * from {{ source('raw', 'plan_actuals') }}
)

select
    {{ plan_figure_columns() }},
    figure_kind
from source
