{#- The day the marts judge progress and deadlines on: var as_of_date, else the environment's
    PLANTRACK_AS_OF_DATE (a reproducible "as of" run, and tests that do not expire), else today. -#}
{% macro as_of_date() -%}
    {%- set day = var('as_of_date') or env_var('PLANTRACK_AS_OF_DATE', '') -%}
    {%- if day -%} date '{{ day }}' {%- else -%} current_date {%- endif -%}
{%- endmacro %}
