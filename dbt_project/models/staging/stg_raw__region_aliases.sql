select region_code, trim(alias) as alias
from {{ source('raw', 'region_aliases') }}
