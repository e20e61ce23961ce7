"""dbt models (staging → core → marts) as Dagster assets; dbt tests become asset checks.

The submissions load sits in the middle of the graph: validation reads the plan models (targets,
leads, dims), and the models built on submissions (fct_actual, the marts) read what it loaded.
One subsettable definition is enough: Dagster splits it into two steps around the load.
"""


import json
import os

from dagster import AssetExecutionContext, AssetKey, Output
from dagster_duckdb import DuckDBResource

from orchestration.defs.warehouse.table_stats import table_metadata
from orchestration.defs.submissions.ledger import clear_dirty
from orchestration.defs.warehouse.dbt_import import DbtCliResource, dbt_assets
from orchestration.defs.warehouse.project import PlantrackTranslator, dbt_environment, load_dbt_project

dbt_project = load_dbt_project()

# The incremental models that rebuild what raw.dirty_keys names: once all of them are built, the
# changes are consumed (see dbt macro changed_keys).
DIRTY_CONSUMERS = {AssetKey(["core", m]) for m in ("int_submission_values", "int_quarterly_actuals", "int_submitted_actuals")}


def _build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    """`dbt build` of the selected models; row counts and previews are added once dbt has let go of
    the warehouse file (models land in the schema named after their layer)."""
    os.environ.update(dbt_environment())
    with warehouse.get_connection() as conn:
        (started,) = conn.execute("select now()::timestamp").fetchone()
    events, failure = [], None
    try:
        for event in dbt.cli(["build"], context=context).stream():
            events.append(event)
    except Exception as error:  # still report what was built before the failure
        failure = error
    with warehouse.get_connection() as conn:
        if failure is None and DIRTY_CONSUMERS <= set(context.selected_asset_keys):
            clear_dirty(conn, started)
        for event in events:
            if isinstance(event, Output):
                key = context.asset_key_for_output(event.output_name)
                described = context.assets_def.specs_by_key[key].metadata.get("dagster/column_schema")
                metadata = table_metadata(conn, ".".join(key.path), described)
                context.add_output_metadata(metadata, output_name=event.output_name)
            yield event
    if failure is not None:
        raise failure



@dbt_assets(manifest=dbt_project.manifest_path,
            dagster_dbt_translator=PlantrackTranslator(json.loads(dbt_project.manifest_path.read_text())))  # fmt: skip
def plantrack_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    yield from _build(context, dbt, warehouse)
