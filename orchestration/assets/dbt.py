"""dbt models (staging → core → marts) as Dagster assets; dbt tests become asset checks.

The submissions load sits in the middle of the graph: validation reads the plan models (targets,
leads, dims), and the models built on submissions (fct_actual, the marts) read what it loaded.
One subsettable definition is enough: Dagster splits it into two steps around the load.
"""


import os

from dagster import AssetExecutionContext, Output
from dagster_duckdb import DuckDBResource

from orchestration.assets.table_stats import table_metadata
from orchestration.dbt_import import DbtCliResource, dbt_assets
from orchestration.dbt_project import PlantrackTranslator, dbt_environment, load_dbt_project

dbt_project = load_dbt_project()

def _build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    """`dbt build` of the selected models; row counts and previews are added once dbt has let go of
    the warehouse file (models land in the schema named after their layer)."""
    os.environ.update(dbt_environment())
    events, failure = [], None
    try:
        for event in dbt.cli(["build"], context=context).stream():
            events.append(event)
    except Exception as error:  # still report what was built before the failure
        failure = error
    with warehouse.get_connection() as conn:
        for event in events:
            if isinstance(event, Output):
                key = context.asset_key_for_output(event.output_name)
                described = context.assets_def.specs_by_key[key].metadata.get("dagster/column_schema")
                metadata = table_metadata(conn, ".".join(key.path), described)
                context.add_output_metadata(metadata, output_name=event.output_name)
            yield event
    if failure is not None:
        raise failure



@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=PlantrackTranslator())
def plantrack_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    yield from _build(context, dbt, warehouse)
