{#- The day the marts judge progress on: var as_of_date, else today. -#}
{% macro as_of_date() -%}
    {%- if var('as_of_date') -%} date '{{ var("as_of_date") }}' {%- else -%} current_date {%- endif -%}
{%- endmacro %}
