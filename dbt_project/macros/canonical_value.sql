{#-
  The unit rule, applied: a value written in one unit, in the indicator's canonical unit.
  `written` and `canonical` are aliases of data/reference/units.csv rows (unit, dimension, factor)
  joined on the written unit and on the indicator's unit. Converts only within one dimension
  (money, count, percent, …); null when the dimensions differ. Every model that scales a value uses this.
-#}
{% macro canonical_value(value, written, canonical) -%}
    case
        when {{ written }}.dimension = {{ canonical }}.dimension
            then {{ value }} * {{ written }}.factor / {{ canonical }}.factor
    end
{%- endmacro %}
