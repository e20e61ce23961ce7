{#-
  Whether an actual satisfies a target: the one home of this rule.
  `=` states a level to reach, so it is met at or beyond the level in the desirable direction;
  `>15` is not met by exactly 15.
-#}
{% macro target_met(operator, actual, target, direction) -%}
    case
        when {{ actual }} is null or {{ target }} is null or {{ operator }} is null then null
        when {{ operator }} = '>' then {{ actual }} > {{ target }}
        when {{ operator }} = '>=' then {{ actual }} >= {{ target }}
        when {{ operator }} = '<' then {{ actual }} < {{ target }}
        when {{ operator }} = '<=' then {{ actual }} <= {{ target }}
        when {{ operator }} = '=' and {{ direction }} = 'down' then {{ actual }} <= {{ target }}
        when {{ operator }} = '=' then {{ actual }} >= {{ target }}
    end
{%- endmacro %}
