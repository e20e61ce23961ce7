-- THE unit rule (its one home): a value written in `unit` is `value * scale` in `to_unit`, where
-- scale = factor(unit) / factor(to_unit) from data/reference/units.csv, and only within one
-- dimension (money, count, percent, …): no row, no conversion. Every model that scales a value
-- joins this (int_plan_figures, int_submission_values), and so do the loader's checks
-- (orchestration/defs/submissions/validate.py) and the quality suite raw_submissions.
-- A view: a unit added to units.csv converts at once, before any rebuild.
{{ config(materialized='view') }}
select
    written.unit,
    canonical.unit as to_unit,
    written.dimension,
    written.factor / canonical.factor as scale
from {{ ref('stg_raw__units') }} as written
inner join {{ ref('stg_raw__units') }} as canonical on written.dimension = canonical.dimension
