"""The plantrack code location: assembles assets, checks, jobs and resources. Nothing else."""

from dagster import Definitions, define_asset_job, in_process_executor

from orchestration.assets.dashboard import dashboard, with_quarterly_freshness
from orchestration.assets.dbt import plantrack_dbt_models
from orchestration.assets.publish import published_file
from orchestration.assets.raw import raw_assets
from orchestration.assets.submissions import submissions
from orchestration.checks.quality_gate import quality_checks
from orchestration.jobs import load_submissions
from orchestration.resources import pipeline_resources
from orchestration.schedules import quarterly_load
from orchestration.sensors import landing_sensor

ASSETS = [
    *raw_assets,
    plantrack_dbt_models,
    submissions,
    with_quarterly_freshness(published_file),
    dashboard,
]
CHECKS = [*quality_checks]

# One writer process for the warehouse: the whole graph runs in-process.
build_and_publish = define_asset_job(
    "build_and_publish",
    description="Load the curated tables, build the dbt models, run the quality gate, publish for BI.",
    executor_def=in_process_executor,
)

defs = Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[build_and_publish, load_submissions],
    sensors=[landing_sensor],
    schedules=[quarterly_load],
    resources=pipeline_resources(),
    executor=in_process_executor,
)
