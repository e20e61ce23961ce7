"""The `plantrack` command line."""

from __future__ import annotations

import time

import typer

from orchestration.cli_support import PlantrackGroup, RunOutput, StepProgress, error_log_path
from orchestration.cli_ui import register_ui_commands
from orchestration.defs.approval.cli import register as register_approval_commands
from orchestration.defs.publishing.diff import register as register_diff_command
from orchestration.defs.submissions.cli import register as register_submission_commands
from orchestration.instance import project_instance
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


@app.command()
def run(
    demo: bool = typer.Option(False, "--demo", help="Also load the synthetic demo submissions."),
    verbose: bool = typer.Option(
        False, "-v", "--verbose", help="Show Dagster's log and dbt's output here too (they always go to the run's log file)."
    ),
) -> None:
    """Load the curated tables and the landing folder's submissions, build the warehouse, run the
    quality gate, publish for BI tools and build the dashboard. Quiet: a progress bar, then what to
    open; the full log goes to data/warehouse/logs/last-run.log (-v shows it as it runs)."""
    from orchestration.defs.dashboard import dashboard_path
    from orchestration.defs.submissions.cli import prepare_demo, report_loads
    from orchestration.run import failure_sentence, failure_summary, observing, run_pipeline, step_weights
    from orchestration.writer_lock import writer_lock

    started = time.perf_counter()
    log = error_log_path().with_name("last-run.log")
    level = "INFO" if verbose else "DEBUG"  # the log file has every event; the terminal, with -v, Dagster's info lines
    with RunOutput(log, verbose) as out:
        out.say("plantrack: building the warehouse (load → dbt build → quality gate → publish → dashboard) …")
        instance = project_instance()
        with writer_lock("plantrack run", on_wait=out.say):  # one writer at a time: wait for another run to finish
            selection, failed = None, ""
            if demo:
                with (
                    StepProgress(None, "plan models (for the demo)", out.terminal) as progress,
                    observing(progress.on_event, level),
                ):
                    try:
                        selection = prepare_demo(instance)
                    except typer.Exit:  # it wrote what failed into the log
                        failed = "building the plan models the demo is generated from failed"
            if not failed:
                with StepProgress(step_weights(selection), "pipeline", out.terminal) as progress:
                    result = run_pipeline(instance=instance, on_event=progress.on_event, selection=selection, log_level=level)
                if not result.success:
                    out.handle.write("\n" + failure_summary(result) + "\n")
                    failed = failure_sentence(result)
    elapsed = time.perf_counter() - started
    if failed:
        typer.secho(f"plantrack run: failed after {elapsed:.0f} s: {failed}.", fg="red", err=True)
        typer.echo(f"Where to look: the full log is {log} (and the run in the Dagster UI: make ui).", err=True)
        raise typer.Exit(code=1)
    report_loads(result)
    settings = load_settings()
    typer.secho(f"plantrack: done in {elapsed:.0f} s (full log: {log}).", fg="green")
    typer.echo(
        f"Open next:\n  the progress dashboard  {dashboard_path(settings.published_path)}"
        f"\n  the Dagster UI          make ui  (http://127.0.0.1:3000)"
        f"\n  BI tools and SQL        docs/bi.md  (the published file: {settings.published_path})"
    )


# every feature registers its own commands: the CLI is one package of features, no import cycle
register_ui_commands(app)
register_submission_commands(app)  # submit, withdraw, status, template, demo
register_approval_commands(app)  # approve, reopen
register_diff_command(app)  # diff
