"""The plantrack code location: assembles assets, checks, jobs and resources. Nothing else."""

from dagster import Definitions, define_asset_job, in_process_executor
from dagster_dbt import DbtCliResource

from orchestration.assets.dbt import dbt_project, plantrack_dbt_models
from orchestration.dbt_project import dbt_executable
from orchestration.assets.publish import published_file
from orchestration.assets.raw import raw_assets
from orchestration.checks.quality_gate import quality_checks
from orchestration.resources import warehouse_resource

# One writer process for the warehouse: the whole graph runs in-process.
build_and_publish = define_asset_job(
    "build_and_publish",
    description="Load the curated tables, build the dbt models, run the quality gate, publish for BI.",
    executor_def=in_process_executor,
)

defs = Definitions(
    assets=[*raw_assets, plantrack_dbt_models, published_file],
    asset_checks=quality_checks,
    jobs=[build_and_publish],
    resources={
        "warehouse": warehouse_resource(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    },
    executor=in_process_executor,
)
