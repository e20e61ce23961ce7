"""Resources: the warehouse (one writer process) and dbt."""

from __future__ import annotations

from dagster_duckdb import DuckDBResource

from orchestration.settings import load_settings


def warehouse_resource() -> DuckDBResource:
    settings = load_settings()
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    return DuckDBResource(database=str(settings.warehouse_path))
