"""Resources: the warehouse (one writer process, see writer_lock.py) and dbt, built from the current settings."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from dagster import InitResourceContext
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from orchestration.defs.quality.resource import QualityGate
from orchestration.defs.warehouse.project import dbt_executable
from orchestration.settings import load_settings
from orchestration.writer_lock import writer_lock


class WarehouseResource(DuckDBResource):
    """The warehouse, held by one run at a time: setting it up for a run takes the writer lock
    (waiting, with a message in the run's log, while another process writes), and the run's end
    releases it. Runs use the in-process executor, so this happens once per run."""

    @contextlib.contextmanager
    def yield_for_execution(self, context: InitResourceContext):
        run = context.dagster_run
        command = f"Dagster run {run.run_id[:8]} of {run.job_name}" if run else "a Dagster run"

        def on_wait(message: str) -> None:
            print(message, file=sys.stderr, flush=True)
            if context.log is not None:
                context.log.info(message)

        with writer_lock(command, on_wait=on_wait, work_dir=Path(self.database).parent):
            with super().yield_for_execution(context) as value:
                yield value


def pipeline_resources() -> dict:
    """Fresh resources for the settings in force now (tests point them at temporary folders)."""
    from orchestration.defs.warehouse.assets import dbt_project

    settings = load_settings()
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    return {
        "warehouse": WarehouseResource(
            database=str(settings.warehouse_path), connection_config={"memory_limit": settings.duckdb_memory}
        ),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        "quality_gate": QualityGate(docs_dir=str(settings.gx_docs_dir)),
    }
