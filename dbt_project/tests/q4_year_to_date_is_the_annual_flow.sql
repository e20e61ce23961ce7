-- A submitted annual flow is the Q4 year-to-date value of the same region × indicator × year.
select annual.*
from {{ ref('fct_actual') }} as annual
left join {{ ref('fct_actual') }} as q4
    on q4.region_code = annual.region_code
    and q4.indicator_code = annual.indicator_code
    and q4.year = annual.year
    and q4.quarter = 4
where annual.source_type = 'submission'
    and annual.value_basis = 'annual'
    and annual.value is distinct from q4.ytd_value
