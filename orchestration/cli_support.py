"""What every `plantrack` command shares: errors as one sentence plus where to look, and progress.

`PlantrackGroup` is the click group behind the Typer app, so every command, including commands
and sub-apps added later in other modules, gets the same error handling without doing anything.
"""

from __future__ import annotations

import traceback
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import typer
from typer.core import TyperGroup


class PlantrackError(Exception):
    """An error a user can act on: `message` is one sentence, `hint` says where to look."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def error_log_path() -> Path:
    from orchestration.settings import load_settings

    return load_settings().work_dir / "logs" / "plantrack-cli.log"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def explain(error: BaseException) -> tuple[str, str]:
    """(one sentence, where to look) for an error; the full traceback goes to the error log."""
    from orchestration.defs.reference.curated import CuratedDataError

    if isinstance(error, PlantrackError):
        return error.message, error.hint
    if isinstance(error, CuratedDataError):
        return f"The curated data cannot be loaded: {_first_line(error)}", "the file, row and column named above"
    if isinstance(error, FileNotFoundError):
        return f"A file is missing: {error.filename or _first_line(error)}.", "run `plantrack run` (or `make run`) first"
    if type(error).__module__.startswith("duckdb") and "lock" in str(error).lower():
        return ("The warehouse file is in use by another process (DuckDB allows one writer at a time).",
                "stop the other plantrack or dagster process, then retry")  # fmt: skip
    return f"{type(error).__name__}: {_first_line(error)}", ""


def report(error: BaseException, command: str) -> None:
    sentence, hint = explain(error)
    if isinstance(error, PlantrackError):  # expected: the sentence and the hint say it all
        typer.secho(f"plantrack {command}: {sentence}", fg="red", err=True)
        typer.echo(f"Where to look: {hint or 'the message above'}.", err=True)
        return
    log = error_log_path()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"\n--- {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC plantrack {command}\n")
            handle.write("".join(traceback.format_exception(error)))
        where_log = f"the full traceback is in {log}"
    except OSError:
        where_log = "the traceback could not be written to a log file"
    typer.secho(f"plantrack {command}: {sentence}", fg="red", err=True)
    typer.echo(f"Where to look: {hint + '; ' if hint else ''}{where_log}.", err=True)


class PlantrackGroup(TyperGroup):
    """Runs a subcommand; an unexpected exception becomes a short report and exit code 1."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt, SystemExit):
            raise  # typer's own control flow: --help, usage errors, exit codes
        except BrokenPipeError:  # output piped into `head` and the like: nothing to report
            raise typer.Exit(code=0) from None
        except Exception as error:  # noqa: BLE001 - the one place every command's errors end
            report(error, ctx.invoked_subcommand or ctx.info_name or "")
            raise typer.Exit(code=1) from None


@contextmanager
def spinner(text: str):
    """A progress line for an operation of unknown length (shown on terminals only)."""
    from rich.console import Console

    console = Console(stderr=True)
    with console.status(text):
        yield


class StepProgress:
    """A progress bar over the steps of a Dagster run, fed by `on_event(event)`."""

    def __init__(self, total: int, label: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[step]}"), console=Console(stderr=True), redirect_stdout=False,
        )  # fmt: skip
        self.task = self.progress.add_task(label, total=total, step="")

    def on_event(self, event) -> None:
        kind = event.event_type_value
        if kind == "STEP_START":
            self.progress.update(self.task, step=event.step_key)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            self.progress.advance(self.task)

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.update(self.task, step="")
        self.progress.stop()
