select
    submission_id,
    file_name,
    stored_path,
    sha256,
    cast(received_at as timestamp) as received_at,
    cast(loaded_at as timestamp) as loaded_at,
    department_code,
    region_code,
    cast(year as integer) as year,
    cast(quarter as integer) as quarter,
    cast(version as integer) as version,
    cast(row_count as integer) as row_count,
    status,
    coalesce(is_synthetic, false) as is_synthetic,
    supersedes,
    encoding,
    cast(n_errors as integer) as n_errors
from {{ source('raw', 'submission_log') }}
