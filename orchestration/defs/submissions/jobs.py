"""The submissions job (build_and_publish is in definitions.py). One writer process: in-process."""

from dagster import AssetSelection, define_asset_job, in_process_executor

from orchestration.defs.submissions.assets import submissions
from orchestration.defs.submissions.partitions import quarterly_partitions

# The submissions of a quarter, then everything built on them (fct_actual, marts, the published file).
load_submissions = define_asset_job(
    "load_submissions",
    selection=AssetSelection.assets(submissions).downstream(),
    partitions_def=quarterly_partitions,
    description="Load a quarter's submissions from the landing folder, rebuild fct_actual and the marts, publish.",
    executor_def=in_process_executor,
)
