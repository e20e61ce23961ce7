{#- The reporting deadline of a quarter: its last day + var submission_deadline_days (default 20).
    A submission received on the deadline day is on time. The one home of this rule (Python reads
    the var: orchestration/rules/calendar.py). -#}
{% macro submission_deadline(year, quarter) -%}
    cast({{ quarter_end(year, quarter) }} + to_days({{ var('submission_deadline_days') }}) as date)
{%- endmacro %}
