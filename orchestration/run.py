"""Run the whole pipeline in-process (what `plantrack run` and the tests call)."""

from __future__ import annotations

from dagster import DagsterInstance, ExecuteInProcessResult


def run_pipeline(instance: DagsterInstance | None = None, raise_on_error: bool = False) -> ExecuteInProcessResult:
    from orchestration.definitions import defs

    job = defs.resolve_job_def("build_and_publish")
    return job.execute_in_process(
        instance=instance or DagsterInstance.ephemeral(), raise_on_error=raise_on_error
    )
