"""dbt models (staging → core → marts) as Dagster assets; dbt tests become asset checks.

The submissions load sits in the middle of the graph: validation reads the plan models (targets,
leads, dims), and the models built on submissions (fct_actual, the marts) read what it loaded.
One subsettable definition is enough: Dagster splits it into two steps around the load.

Row counts, column types (with the YAML descriptions) and a preview are read through the warehouse
resource once dbt has let go of the file (table_stats.py). Not through dagster-dbt's
`fetch_row_counts` / `fetch_column_metadata`: they read through an in-process dbt adapter that opens
the DuckDB file read-only and keeps it open, after which no later step of the run (this one's
ledger update, the quality gate, publishing) can open it to write ("Can't open a connection to same
database file with a different configuration"); DuckDB takes one writer process and no readers
beside it.
"""

import json

from dagster import AssetExecutionContext, AssetKey, Output
from dagster_dbt import DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration.defs.submissions.ledger import clear_dirty
from orchestration.defs.warehouse.project import PlantrackTranslator, load_dbt_project, with_dbt_environment
from orchestration.defs.warehouse.table_stats import table_metadata

dbt_project = load_dbt_project()
_manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))  # read once, for both below

# The incremental models that rebuild what raw.dirty_keys names: once all of them are built, the
# changes are consumed (see dbt macro changed_keys).
DIRTY_CONSUMERS = {AssetKey(["core", m]) for m in ("int_submission_values", "int_quarterly_actuals", "int_submitted_actuals")}


def _build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    """`dbt build` of the selected models; row counts and previews are added once dbt has let go of
    the warehouse file (models land in the schema named after their layer)."""
    with warehouse.get_connection() as conn:
        (started,) = conn.execute("select now()::timestamp").fetchone()
    with with_dbt_environment():  # the dbt process starts here, with these variables
        invocation = dbt.cli(["build"], context=context)
    events, failure = [], None
    try:
        for event in invocation.stream():
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
                event = event.with_metadata({**event.metadata, **metadata})
            yield event
    if failure is not None:
        raise failure


@dbt_assets(manifest=_manifest, dagster_dbt_translator=PlantrackTranslator(_manifest))
def plantrack_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    yield from _build(context, dbt, warehouse)
