{#- The reporting deadline of a quarter: its last day + var submission_deadline_days (default 20).
    A submission received on the deadline day is on time. The one home of this rule. -#}
{% macro submission_deadline(year, quarter) -%}
    cast(make_date({{ year }}, {{ quarter }} * 3, 1) + interval 1 month - interval 1 day
         + to_days({{ var('submission_deadline_days', 20) }}) as date)
{%- endmacro %}
