"""The plantrack code location: assembles each feature's definitions (`orchestration/defs/<feature>/`).

reference    the plans and reference data: curated tables loaded into raw
submissions  departments' quarterly files: loading, validation, partitions, job, sensor, schedule
warehouse    the dbt project (staging → core → marts) as assets
quality      the Great Expectations gate, as blocking asset checks (and holds per submission)
publishing   the published DuckDB file, the main job, docs/bi.md
dashboard    the offline progress dashboard built from the published file
"""

from dagster import Definitions, in_process_executor

from orchestration.defs.approval.assets import approvals
from orchestration.defs.dashboard.assets import dashboard, with_quarterly_freshness
from orchestration.defs.publishing.assets import published_file
from orchestration.defs.publishing.jobs import build_and_publish
from orchestration.defs.quality.quality_gate import quality_checks
from orchestration.defs.reference.assets import raw_assets
from orchestration.defs.submissions.assets import submissions
from orchestration.defs.submissions.jobs import load_submissions
from orchestration.defs.submissions.schedules import quarterly_load
from orchestration.defs.submissions.sensors import landing_sensor
from orchestration.defs.warehouse.assets import plantrack_dbt_models
from orchestration.resources import pipeline_resources

ASSETS = [*raw_assets, approvals, submissions, plantrack_dbt_models, with_quarterly_freshness(published_file), dashboard]
CHECKS = [*quality_checks]

defs = Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[build_and_publish, load_submissions],
    sensors=[landing_sensor],
    schedules=[quarterly_load],
    resources=pipeline_resources(),
    executor=in_process_executor,
)
