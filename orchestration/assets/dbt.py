"""dbt models (staging → core → marts) as Dagster assets; dbt tests become asset checks.

Two definitions over one project, because the submissions load sits in the middle of the graph:
validation reads the plan models (targets, leads, dims), and the models built on submissions
(fct_actual, the marts) read what it loaded. `plantrack_dbt_models` is everything not downstream
of the submission tables; `submission_dbt_models` is everything that is.
"""


import os

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_project import PlantrackTranslator, dbt_environment, load_dbt_project

dbt_project = load_dbt_project()

SUBMISSION_MODELS = "source:raw.submission_log+ source:raw.submission_values+ source:raw.submission_warnings+"


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=PlantrackTranslator(),
            exclude=SUBMISSION_MODELS)  # fmt: skip
def plantrack_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    os.environ.update(dbt_environment())
    yield from dbt.cli(["build"], context=context).stream()


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=PlantrackTranslator(),
            select=SUBMISSION_MODELS, name="submission_dbt_models")  # fmt: skip
def submission_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    os.environ.update(dbt_environment())
    yield from dbt.cli(["build"], context=context).stream()
