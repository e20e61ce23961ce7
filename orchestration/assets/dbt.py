"""dbt models (staging → core → marts) as Dagster assets; dbt tests become asset checks."""


import os

from dagster import AssetExecutionContext
from orchestration.dbt_import import DbtCliResource, dbt_assets

from orchestration.dbt_project import PlantrackTranslator, dbt_environment, load_dbt_project

dbt_project = load_dbt_project()


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=PlantrackTranslator())
def plantrack_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    os.environ.update(dbt_environment())
    yield from dbt.cli(["build"], context=context).stream()
