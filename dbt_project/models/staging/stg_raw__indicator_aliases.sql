select indicator_code, trim(alias) as alias
from {{ source('raw', 'indicator_aliases') }}
