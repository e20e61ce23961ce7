select department_code, trim(alias) as alias
from {{ source('raw', 'department_aliases') }}
