select
    unit,
    dimension,
    cast(factor as double) as factor,
    nullif(note, '') as note
from {{ source('raw', 'units') }}
