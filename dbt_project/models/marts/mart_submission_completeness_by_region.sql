-- Reporting rate and timeliness per region, over every quarter of mart_submission_completeness.
{{ completeness_rollup(['region_code', 'region_name_zh']) }}
