"""Resources: the warehouse (one writer process) and dbt, built from the current settings."""

from __future__ import annotations

from orchestration.dbt_import import DbtCliResource
from dagster_duckdb import DuckDBResource

from orchestration.dbt_project import dbt_executable
from orchestration.settings import load_settings


def pipeline_resources() -> dict:
    """Fresh resources for the settings in force now (tests point them at temporary folders)."""
    from orchestration.assets.dbt import dbt_project

    settings = load_settings()
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    return {
        "warehouse": DuckDBResource(database=str(settings.warehouse_path),
                                    connection_config={"memory_limit": settings.duckdb_memory}),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
