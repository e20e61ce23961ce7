{#- Fails with every row matching `condition`: for rules stated as "no row may …". -#}
{% test no_rows_where(model, condition) %}
select * from {{ model }} where {{ condition }}
{% endtest %}
