"""dbt models (staging → core → marts) as Dagster assets; dbt tests become asset checks.

The submissions load sits in the middle of the graph: validation reads the plan models (targets,
leads, dims), and the models built on submissions (fct_actual, the marts) read what it loaded.
One subsettable definition is enough: Dagster splits it into two steps around the load.

Row counts and column types come from dagster-dbt (`fetch_row_counts`, `fetch_column_metadata`:
with DuckDB it waits for the dbt process to let go of the file, then reads through a read-only dbt
adapter); this module adds what those leave out: the YAML column descriptions, a preview, and the
row count of views.
"""


import json

from dagster import AssetExecutionContext, AssetKey, Output, TableColumn, TableSchema
from dagster_dbt import DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration.defs.submissions.ledger import clear_dirty
from orchestration.defs.warehouse.project import PlantrackTranslator, load_dbt_project, with_dbt_environment
from orchestration.defs.warehouse.table_stats import preview_metadata

dbt_project = load_dbt_project()
_manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))  # read once, for both below

# The incremental models that rebuild what raw.dirty_keys names: once all of them are built, the
# changes are consumed (see dbt macro changed_keys).
DIRTY_CONSUMERS = {AssetKey(["core", m]) for m in ("int_submission_values", "int_quarterly_actuals", "int_submitted_actuals")}


def _described(fetched, described):
    """The fetched column types with the descriptions of the dbt YAML."""
    if fetched is None:
        return described
    descriptions = {c.name: c.description for c in described.columns} if described else {}
    return TableSchema(columns=[TableColumn(name=c.name, type=c.type, description=descriptions.get(c.name))
                                for c in fetched.columns])  # fmt: skip


def _build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    """`dbt build` of the selected models; previews are added once dbt has let go of the warehouse
    file (models land in the schema named after their layer)."""
    with warehouse.get_connection() as conn:
        (started,) = conn.execute("select now()::timestamp").fetchone()
    with with_dbt_environment():  # the dbt process starts here, with these variables
        invocation = dbt.cli(["build"], context=context)
    events, failure = [], None
    try:
        for event in invocation.stream().fetch_row_counts().fetch_column_metadata(with_column_lineage=False):
            events.append(event)
    except Exception as error:  # still report what was built before the failure
        failure = error
    with warehouse.get_connection() as conn:
        if failure is None and DIRTY_CONSUMERS <= set(context.selected_asset_keys):
            clear_dirty(conn, started)
        for event in events:
            if isinstance(event, Output):
                key = context.asset_key_for_output(event.output_name)
                relation = ".".join(key.path)
                described = context.assets_def.specs_by_key[key].metadata.get("dagster/column_schema")
                fetched = event.metadata.get("dagster/column_schema")
                metadata = preview_metadata(conn, relation, count="dagster/row_count" not in event.metadata)
                schema = _described(fetched.value if fetched is not None else None, described)
                if schema is not None:
                    metadata["dagster/column_schema"] = schema
                event = event.with_metadata({**event.metadata, **metadata})
            yield event
    if failure is not None:
        raise failure


@dbt_assets(manifest=_manifest, dagster_dbt_translator=PlantrackTranslator(_manifest))
def plantrack_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    yield from _build(context, dbt, warehouse)
