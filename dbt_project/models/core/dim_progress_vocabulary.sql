-- The words of the progress marts (data/reference/progress_vocabulary.csv): statuses by the method
-- that gives them (year, pace, trajectory), the trajectory thresholds as band lower bounds
-- (min_ratio), the scorecard bucket each status counts in, and names in three scripts.
select
    kind,
    code,
    min_ratio,
    bucket,
    sort_order,
    name_zh,
    name_zh_hant,
    name_en,
    definition
from {{ ref('stg_raw__progress_vocabulary') }}
