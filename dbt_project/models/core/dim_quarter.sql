-- Reporting quarters over every plan's horizon (and the years of the documents' baselines).
with bounds as (
    select
        least(min(horizon_start), (select min(year) from {{ ref('stg_raw__plan_actuals') }})) as first_year,
        max(horizon_end) as last_year
    from {{ ref('stg_raw__plans') }}
),

quarters as (
    select year, quarter
    from bounds,
        range(bounds.first_year, bounds.last_year + 1) as years(year),
        range(1, 5) as quarters(quarter)
)

select
    cast(year as integer) || 'Q' || cast(quarter as integer) as quarter_key,
    cast(year as integer) as year,
    cast(quarter as integer) as quarter,
    make_date(cast(year as integer), cast(quarter as integer) * 3 - 2, 1) as start_date,
    {{ quarter_end('cast(year as integer)', 'cast(quarter as integer)') }} as end_date
from quarters
