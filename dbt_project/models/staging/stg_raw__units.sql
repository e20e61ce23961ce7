select
    unit,
    dimension,
    cast(factor as double) as factor,
    coalesce(name_en, '') as name_en,
    sdmx_unit_measure,
    cast(sdmx_unit_mult as integer) as sdmx_unit_mult,
    nullif(note, '') as note
from {{ source('raw', 'units') }}
