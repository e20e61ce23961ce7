{#-
  An actual's figure to date: a flow's year-to-date value (its annual value on an annual row); any
  other measure's value, which already is a level or a rate (fct_actual leaves their ytd_value null).
-#}
{% macro to_date_value(measure_type, value, ytd_value) -%}
    case when {{ measure_type }} = 'flow' then {{ ytd_value }} else {{ value }} end
{%- endmacro %}
