"""The main job: everything, from the curated tables to the published file and the dashboard."""

from dagster import define_asset_job, in_process_executor

# One writer process for the warehouse: the whole graph runs in-process. No partition needed: a run
# without one loads every file waiting in landing/ (choose quarters only to rebuild them).
build_and_publish = define_asset_job(
    "build_and_publish",
    description=(
        "Load the curated tables and the waiting submissions, build the dbt models (what changed), run "
        "the quality gate, publish for BI tools and build the dashboard. Launch it as it is, or over "
        "chosen quarters to rebuild them."
    ),
    executor_def=in_process_executor,
)
