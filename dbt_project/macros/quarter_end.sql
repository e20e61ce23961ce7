{#- The last day of a quarter: the one home of this rule in SQL (Python: orchestration/rules/calendar.py). -#}
{% macro quarter_end(year, quarter) -%}
    last_day(make_date({{ year }}, {{ quarter }} * 3, 1))
{%- endmacro %}
