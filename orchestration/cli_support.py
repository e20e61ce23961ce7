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
        return (
            "The warehouse file is in use by another process (DuckDB allows one writer at a time).",
            "stop the other plantrack or dagster process, then retry",
        )
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


class RunOutput:
    """What a long run prints, quiet by default: Dagster's log, dbt's output, library warnings and
    tracebacks all go to `log` (at the file-descriptor level, so subprocesses' output too); the
    terminal gets the progress bar and a few sentences (`say`). `verbose`: everything on the terminal
    as well, nothing redirected."""

    def __init__(self, log: Path, verbose: bool = False) -> None:
        self.log, self.verbose = log, verbose
        self._saved_fds: tuple[int, int] | None = None

    def __enter__(self) -> RunOutput:
        import logging
        import os
        import sys

        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.log.open("w", encoding="utf-8", buffering=1)
        if self.verbose:
            self.terminal = sys.stderr
            return self
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        self.terminal = os.fdopen(os.dup(2), "w", encoding="utf-8", buffering=1)
        try:
            self._saved_fds = (os.dup(1), os.dup(2))
            os.dup2(self.handle.fileno(), 1)
            os.dup2(self.handle.fileno(), 2)
        except OSError:  # no real file descriptors (an embedding host): Python-level redirection only
            self._saved_fds = None
        self._streams = (sys.stdout, sys.stderr)
        sys.stdout = sys.stderr = self.handle
        root = logging.getLogger()
        self._logging = (list(root.handlers), root.level)
        root.handlers = [logging.StreamHandler(self.handle)]
        root.handlers[0].setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.setLevel(logging.INFO)
        logging.captureWarnings(True)  # library warnings (deprecations and the like) go to the log
        return self

    def say(self, text: str, colour: str | None = None) -> None:
        """A line on the terminal (and in the log)."""
        typer.secho(text, fg=colour, file=self.terminal, color=None if colour else False)
        if not self.verbose:
            self.handle.write(text + "\n")

    def __exit__(self, *exc) -> None:
        import logging
        import os
        import sys

        if not self.verbose:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            sys.stdout, sys.stderr = self._streams
            if self._saved_fds:
                os.dup2(self._saved_fds[0], 1)
                os.dup2(self._saved_fds[1], 2)
                for fd in self._saved_fds:
                    os.close(fd)
            root = logging.getLogger()
            root.handlers, level = self._logging
            root.setLevel(level)
            logging.captureWarnings(False)
            self.terminal.close()
        self.handle.close()


class StepProgress:
    """A progress bar over the work of a Dagster run, fed by `on_event(event)`: each step counts as
    many units as it has outputs (a dbt step: one per model and test), and advances with each asset
    materialized or check evaluated inside it, so the bar moves with the work, not only between steps.
    `weights`: step (node) name -> units; without it, the bar counts events of unknown total."""

    def __init__(self, weights: dict[str, int] | None, label: str, file=None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.weights = weights or {}
        total = sum(self.weights.values()) or None
        self.done_in: dict[str, int] = {}  # step -> units advanced so far
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[step]}"),
            console=Console(file=file, stderr=file is None),
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.progress.add_task(label, total=total, step="loading the pipeline (dbt parse when the models changed) …")

    def _advance(self, step: str, units: int) -> None:
        cap = self.weights.get(step)
        done = self.done_in.get(step, 0)
        if cap is not None:
            units = max(0, min(units, cap - done))
        self.done_in[step] = done + units
        if units:
            self.progress.advance(self.task, units)

    def on_event(self, event) -> None:
        kind = event.event_type_value
        step = (event.step_key or "").split("[")[0]
        if kind == "STEP_START":
            self.progress.update(self.task, step=step)
        elif kind in ("ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION"):
            cap = self.weights.get(step)
            if cap is None or self.done_in.get(step, 0) < cap - 1:  # the last unit is the step's end
                self._advance(step, 1)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            self._advance(step, self.weights.get(step, 1))

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.update(self.task, step="")
        self.progress.stop()


def quiet_run(label: str, **run_kwargs):
    """`run_pipeline` with the console of `plantrack run`, for the commands that rebuild after a change
    (submit, withdraw, approve, reopen): a progress bar on the terminal, Dagster's and dbt's output in
    the run's log file (PLANTRACK_VERBOSE=1: on the terminal as well). Returns the result and, when
    it failed, one sentence saying what failed and where the full log is."""
    import os

    from orchestration.run import failure_sentence, failure_summary, run_pipeline, step_weights

    log = error_log_path().with_name("last-run.log")
    with RunOutput(log, verbose=os.environ.get("PLANTRACK_VERBOSE") == "1") as out:
        with StepProgress(step_weights(run_kwargs.get("selection")), label, out.terminal) as progress:
            result = run_pipeline(on_event=progress.on_event, log_level="DEBUG", **run_kwargs)
        if not result.success:
            out.handle.write("\n" + failure_summary(result) + "\n")
    failure = "" if result.success else f"{failure_sentence(result)}. Where to look: the full log is {log}"
    return result, failure


def rebuild_and_publish(recorded: str) -> None:
    """After a change was recorded in the warehouse (a withdrawal, an approval): rebuild what it touched
    and publish, quietly; on failure say that `recorded` stays recorded for the next run."""
    from orchestration.instance import project_instance
    from orchestration.defs.submissions.cli import _load_selection
    from orchestration.settings import load_settings

    result, failure = quiet_run("rebuild → publish", instance=project_instance(), selection=_load_selection())
    if not result.success:
        typer.secho(f"plantrack: the run failed; {recorded} is recorded and the next run publishes it.", fg="red", err=True)
        typer.echo(failure, err=True)
        raise typer.Exit(code=1)
    typer.echo(f"Published file for BI tools: {load_settings().published_path}")
