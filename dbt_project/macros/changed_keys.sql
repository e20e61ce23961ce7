{#-
  Work proportional to what changed: the submission models build incrementally, per
  department × region × year × quarter. What changed is
    - raw.dirty_keys: written by the loader, `plantrack withdraw` and the quality gate's holds in the
      same transaction as the change (cleared by Dagster after a successful build), and
    - the partition window a Dagster run passes in (vars changed_from / changed_to, e.g. 2023Q1), so
      a backfill of chosen quarters rebuilds them from the raw tables.
  `changed_keys(columns)` selects the distinct `columns` (a subset of department_code, region_code,
  year, quarter) of what changed; `delete_changed(columns)` is the pre-hook that removes those rows
  from the incremental model before they are inserted again.
-#}
{% macro quarter_number(key) -%}
    {%- set parts = (key | string | upper).split('Q') -%}
    {{ parts[0] | int * 10 + parts[1] | int }}
{%- endmacro %}

{% macro changed_keys(columns) -%}
select distinct {{ columns | join(', ') }} from (
    select department_code, region_code, year, quarter from {{ source('raw', 'dirty_keys') }}
    {%- if var('changed_from', none) %}
    union all
    select department_code, region_code, year, quarter from {{ source('raw', 'submission_log') }}
    where status = 'accepted'
        and year * 10 + quarter between {{ quarter_number(var('changed_from')) }}
        and {{ quarter_number(var('changed_to', var('changed_from'))) }}
    {%- endif %}
)
{%- endmacro %}

{% macro is_changed(alias, columns) -%}
    exists (
        select 1 from ({{ changed_keys(columns) }}) as changed
        where {% for column in columns %}changed.{{ column }} = {{ alias }}.{{ column }}{% if not loop.last %} and {% endif %}{% endfor %}
    )
{%- endmacro %}

{% macro delete_changed(columns) -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as target where {{ is_changed('target', columns) }}
    {%- endif -%}
{%- endmacro %}
