"""The `plantrack` command line."""

from __future__ import annotations

import contextlib
import time

import typer

from orchestration.cli_support import PlantrackGroup, StepProgress, error_log_path
from orchestration.cli_ui import register_ui_commands
from orchestration.settings import load_settings

app = typer.Typer(
    cls=PlantrackGroup,  # every command: errors as one sentence plus where to look
    help="plantrack: digital-economy plans against their statistics.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _commands() -> None:
    """plantrack: digital-economy plans against their statistics."""


def _dagster_instance():
    """The project's Dagster instance (DAGSTER_HOME, default .dagster_home/), so CLI runs show in the UI."""
    from dagster import DagsterInstance

    from orchestration.instance import ensure_instance_config

    ensure_instance_config()
    return DagsterInstance.get()


@app.command()
def run(demo: bool = typer.Option(False, "--demo", help="Also load the synthetic demo submissions.")) -> None:
    """Load the curated tables and the landing folder's submissions, build the warehouse, run the
    quality gate, publish for BI tools and build the dashboard."""
    from orchestration.defs.dashboard import dashboard_path
    from orchestration.run import failure_summary, pipeline_job, run_pipeline
    from orchestration.defs.submissions.cli import prepare_demo, report_loads

    from orchestration.writer_lock import writer_lock

    started = time.perf_counter()
    instance = _dagster_instance()
    with writer_lock("plantrack run"):  # one writer at a time: wait for another run to finish
        selection = prepare_demo(instance) if demo else None
        typer.echo("plantrack: building the warehouse (load → dbt build → quality gate → publish → dashboard) …")
        output = error_log_path().with_name("last-run.log")  # dbt's own output, out of the way of the progress bar
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            with StepProgress(len(pipeline_job(selection=selection).nodes), "steps") as progress:
                result = run_pipeline(instance=instance, on_event=progress.on_event, selection=selection)
    report_loads(result)
    elapsed = time.perf_counter() - started
    if not result.success:
        typer.secho(f"plantrack: the run failed after {elapsed:.1f} s.", fg="red", err=True)
        typer.echo(failure_summary(result), err=True)
        typer.echo(f"Where to look: {output} (dbt's output), and the run's logs in the Dagster UI (make ui).", err=True)
        raise typer.Exit(code=1)
    settings = load_settings()
    typer.secho(f"plantrack: done in {elapsed:.1f} s.", fg="green")
    typer.echo(f"Published file for BI tools: {settings.published_path}")
    typer.echo(f"Progress dashboard (open in a browser): {dashboard_path(settings.published_path)}")


register_ui_commands(app)


from orchestration.defs.submissions.cli import register as _register_submission_commands  # noqa: E402

_register_submission_commands(app)  # submit, status, template, demo

from orchestration.defs.approval.cli import register as _register_approval_commands  # noqa: E402
from orchestration.defs.publishing.diff import register as _register_diff_command  # noqa: E402

_register_approval_commands(app)  # approve, reopen
_register_diff_command(app)  # diff
