-- Reporting rate and timeliness per department × region reported for, over every quarter of
-- mart_submission_completeness.
{{ completeness_rollup(['department_code', 'department_name_zh', 'region_code', 'region_name_zh']) }}
