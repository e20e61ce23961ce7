"""Run the whole pipeline in-process (what `plantrack run` and the tests call)."""

from __future__ import annotations

from dagster import DagsterEventType, DagsterInstance, ExecuteInProcessResult, materialize


def run_pipeline(instance: DagsterInstance | None = None, selection=None,
                 quarters: list[str] | None = None) -> ExecuteInProcessResult:  # fmt: skip
    """Materialize every asset (or `selection`) with its checks, with resources for the settings in
    force now. The submissions asset runs over the quarters `quarters` span (default: all of them)."""
    from orchestration.definitions import ASSETS, CHECKS
    from orchestration.partitions import range_tags
    from orchestration.resources import pipeline_resources

    return materialize(
        [*ASSETS, *CHECKS],
        resources=pipeline_resources(),
        instance=instance or DagsterInstance.ephemeral(),
        selection=selection,
        tags=range_tags(quarters or []),
        raise_on_error=False,
    )


def failure_summary(result: ExecuteInProcessResult) -> str:
    """One line per failed step or failed check, with the error's first lines."""
    lines = []
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_FAILURE:
            error = event.step_failure_data.error
            message = error.cause.message if error and error.cause else (error.message if error else "")
            lines.append(f"- step {event.step_key} failed: {message.strip()[:2000]}")
        elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                lines.append(
                    f"- check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} "
                    f"failed ({evaluation.severity.value})"
                )
    return "\n".join(lines) or "(no failed step recorded)"
