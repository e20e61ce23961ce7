"""Run the whole pipeline in-process (what `plantrack run` and the tests call)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from dagster import (
    AssetSelection,
    DagsterEvent,
    DagsterEventType,
    DagsterInstance,
    Definitions,
    ExecuteInProcessResult,
    JobDefinition,
    LoggerDefinition,
    colored_console_logger,
    define_asset_job,
)

PIPELINE_JOB = "__ephemeral_asset_job__"

# Who sees the events of runs started without `on_event` (e.g. inside a CLI command that runs the
# pipeline twice): set by `observing`, so one progress display follows every run of a command.
_OBSERVER: ContextVar[tuple | None] = ContextVar("plantrack_run_observer", default=None)


@contextmanager
def observing(on_event: Callable[[DagsterEvent], None], log_level: str | None = None) -> Iterator[None]:
    """Every `run_pipeline` inside the block reports its events to `on_event` (unless given its own),
    and logs at `log_level` (when the caller sends the console to a log file)."""
    token = _OBSERVER.set((on_event, log_level))
    try:
        yield
    finally:
        _OBSERVER.reset(token)


def step_weights(selection=None) -> dict[str, int]:
    """Units of work per step of the pipeline job: its outputs (assets and checks; at least 1)."""
    job = pipeline_job(selection=selection)
    return {node.name: max(1, len(node.definition.output_defs)) for node in job.nodes}


def pipeline_job(on_event: Callable[[DagsterEvent], None] | None = None, selection=None) -> JobDefinition:
    """Every asset (or `selection`) with its checks, resources for the settings in force now;
    `on_event` sees each event."""
    from orchestration.definitions import ASSETS, CHECKS
    from orchestration.resources import pipeline_resources

    loggers = {"console": colored_console_logger}
    if on_event:
        loggers["progress"] = LoggerDefinition(lambda _: _event_logger(on_event))
    defs = Definitions(
        assets=[*ASSETS, *CHECKS],
        jobs=[define_asset_job(PIPELINE_JOB, selection=selection or AssetSelection.all())],
        resources=pipeline_resources(),
        loggers=loggers,
    )
    return defs.resolve_job_def(PIPELINE_JOB)


def run_pipeline(
    instance: DagsterInstance | None = None,
    on_event: Callable[[DagsterEvent], None] | None = None,
    selection=None,
    files: list[str] | None = None,
    log_level: str | None = None,
) -> ExecuteInProcessResult:
    """Materialize every asset (or `selection`) with its checks, without partitions, as the UI's
    one-click launch does: the submissions asset loads every file waiting in landing/ (or exactly
    `files`), and the models rebuild what changed. With `on_event` (or inside `observing`), the
    console logger shows warnings only: the caller shows progress; the full log is the caller's
    to keep (`plantrack run` writes it to a file, and asks for `log_level` DEBUG there)."""
    observer, observed_level = _OBSERVER.get() or (None, None)
    on_event, log_level = on_event or observer, log_level or observed_level
    loggers = {"console": {"config": {"log_level": log_level or ("WARNING" if on_event else "DEBUG")}}}
    if on_event:
        loggers["progress"] = {}
    run_config: dict = {"loggers": loggers}
    if files is not None:
        run_config["ops"] = {"submissions": {"config": {"files": files}}}
    return pipeline_job(on_event, selection).execute_in_process(
        run_config=run_config,
        instance=instance or DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


class _EventHandler(logging.Handler):
    def __init__(self, on_event: Callable[[DagsterEvent], None]) -> None:
        super().__init__(logging.DEBUG)
        self.on_event = on_event

    def emit(self, record: logging.LogRecord) -> None:
        event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
        if event is not None:
            self.on_event(event)


def _event_logger(on_event: Callable[[DagsterEvent], None]) -> logging.Logger:
    logger = logging.Logger("plantrack.events", logging.DEBUG)
    logger.addHandler(_EventHandler(on_event))
    return logger


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


def failure_sentence(result: ExecuteInProcessResult) -> str:
    """The first failure of a run as one sentence (the step, and the first line of its error)."""
    failed = []
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_FAILURE:
            error = event.step_failure_data.error
            message = error.cause.message if error and error.cause else (error.message if error else "")
            lines = [line.strip() for line in message.splitlines() if line.strip()] or ["no message"]
            first = re.sub(r"^(?:\w+\.)+(\w+: )", r"\1", lines[0])  # the error's class without its module path
            if first.endswith(":") and len(lines) > 1:  # "N problem(s) in <file>:" then the first problem
                first += " " + lines[1]
            failed.append(f"step {event.step_key} failed: {first[:400]}")
        elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION and not event.event_specific_data.passed:
            evaluation = event.event_specific_data
            if evaluation.severity.value == "ERROR":
                failed.append(f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} failed")
    if not failed:
        return "the run did not succeed (no failed step recorded)"
    more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
    return failed[0].rstrip(".") + more
