select
    submission_id,
    cast(row_no as integer) as row_no,
    indicator_code,
    indicator_text,
    cast(value_text as double) as reported_value,
    original_value as original_value_text,
    unit as reported_unit,
    original_unit as original_unit_text,
    basis as reported_basis,
    note
from {{ source('raw', 'submission_values') }}
