-- The year's actual per region × indicator × year: the figure a finished year is judged by.
-- The annual figure (quarter null) where there is one, else the fourth quarter's figure to date:
-- the year's total for a flow, the year-end level for a stock, the year's rate for a share or a
-- growth rate (macro to_date_value).
with actuals as (
    select actuals.*, indicators.measure_type
    from {{ ref('fct_actual') }} as actuals
    left join {{ ref('dim_indicator') }} as indicators using (indicator_code)
),

annual as (
    select
        region_code, indicator_code, year, value, figure_kind, source_type, is_synthetic,
        'annual' as taken_from
    from actuals
    where quarter is null
),

fourth_quarter as (
    select
        region_code, indicator_code, year, {{ to_date_value('measure_type', 'value', 'ytd_value') }} as value,
        figure_kind, source_type, is_synthetic, 'q4_year_to_date' as taken_from
    from actuals
    where quarter = 4
        and not exists (
            select 1 from annual
            where annual.region_code = actuals.region_code
                and annual.indicator_code = actuals.indicator_code
                and annual.year = actuals.year
        )
)

select * from annual
union all
select * from fourth_quarter
