{#- The provenance and parsed-figure columns shared by the curated targets and actuals, typed once. -#}
{% macro plan_figure_columns() -%}
    plan_id,
    seed_file,
    cast(source_row as integer) as source_row,
    nullif(source_section, '') as source_section,
    cast(source_line as integer) as source_line,
    source_text,
    value_text,
    nullif(restored_text, '') as restored_text,
    nullif(restoration_note, '') as restoration_note,
    nullif(unit_text, '') as unit_text,
    indicator_code,
    region_code,
    cast(year as integer) as year,
    nullif(note, '') as note,
    parsed_status as value_status,
    parsed_operator,
    cast(parsed_number as double) as parsed_number,
    parsed_unit,
    parsed_tier,
    cast(growth_phrase as boolean) as growth_phrase
{%- endmacro %}
