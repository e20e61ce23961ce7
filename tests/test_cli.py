"""The command line: --help everywhere, errors as one sentence plus where to look."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from orchestration.cli import app

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def _invoke(*args, env=None):
    return CliRunner().invoke(app, list(args), env=env)


def test_the_commands_of_this_issue_are_there():
    assert {"run", "dashboard", "bi-docs"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    result = _invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.strip().splitlines()) > 3


def test_a_known_problem_is_one_sentence_and_a_hint(tmp_path):
    result = _invoke("dashboard", "--published", str(tmp_path / "missing.duckdb"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [
        f"plantrack dashboard: There is no published file at {tmp_path / 'missing.duckdb'}.",
        "Where to look: run `plantrack run` (or `make run`) first.",
    ]


def test_an_unexpected_error_is_reported_without_traceback_and_logged(tmp_path):
    broken = tmp_path / "not-a-database.duckdb"
    broken.write_bytes(b"this is not a DuckDB file" * 100)
    work = tmp_path / "work"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "plantrack"), "dashboard", "--published", str(broken)],
        capture_output=True,
        text=True,
        env={"PLANTRACK_WORK": str(work), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    first, where = result.stderr.strip().splitlines()[-2:]
    assert first.startswith("plantrack dashboard: ") and where.startswith("Where to look: ")
    log = work / "logs" / "plantrack-cli.log"
    assert str(log) in where and "Traceback" in log.read_text(encoding="utf-8")


def test_commands_added_later_get_the_same_error_handling():
    @app.command("explode-for-test", hidden=True)
    def explode() -> None:
        raise RuntimeError("boom\nsecond line")

    try:
        result = _invoke("explode-for-test")
    finally:
        app.registered_commands.pop()
    assert result.exit_code == 1
    assert "plantrack explode-for-test: RuntimeError: boom" in result.output
    assert "second line" not in result.output and "Traceback" not in result.output


def test_bi_docs_check_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "bi.md"
    stale.write_text("old", encoding="utf-8")
    result = _invoke("bi-docs", "--check", "--out", str(stale))
    assert result.exit_code == 1 and "out of date" in result.output
    assert _invoke("bi-docs", "--out", str(stale)).exit_code == 0
    assert _invoke("bi-docs", "--check", "--out", str(stale)).exit_code == 0


def test_typer_app_uses_the_shared_group():
    assert typer.main.get_command(app).__class__.__name__ == "PlantrackGroup"


def _plantrack_run(tmp_path, *args, data=None):
    """`plantrack run` as a data engineer starts it (a subprocess), into temporary folders."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DO_NOT_TRACK": "1",
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "PLANTRACK_WORK": str(tmp_path / "work"),
        "PLANTRACK_PUBLISHED": str(tmp_path / "published" / "plantrack.duckdb"),
        "PLANTRACK_SUBMISSIONS": str(tmp_path / "submissions"),
        **({"PLANTRACK_DATA": str(data)} if data else {}),
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "plantrack"), "run", *args], capture_output=True, text=True, env=env, timeout=1200
    )
    return done, tmp_path / "work" / "logs" / "last-run.log"


NOISE = ("Traceback", "DEBUG", "INFO", "WARNING", "Running dbt", "[RUN]", " of 7", "Warning", "AssertionError", "dagster")


def test_a_run_prints_progress_and_what_to_open_next_and_logs_the_rest(tmp_path):
    done, log = _plantrack_run(tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) <= 12, f"{len(lines)} lines:\n{out}"
    assert not [line for line in lines if any(word in line for word in NOISE)], out
    assert str(tmp_path / "published" / "dashboard" / "index.html") in out
    assert "make ui" in out and "docs/bi.md" in out and str(log) in out
    full = log.read_text(encoding="utf-8")
    assert "DEBUG" in full and "dbt build" in full, "the full log (Dagster's events, dbt's output) is in the file"


def test_a_failed_run_is_one_sentence_and_the_log_to_look_at(tmp_path):
    from conftest import copy_data

    data = copy_data(tmp_path / "data")
    targets = data / "plans" / "targets.csv"
    rows = list(csv.DictReader(targets.open(encoding="utf-8")))
    rows[0]["year"] = "二〇二二"
    with targets.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    done, log = _plantrack_run(tmp_path, data=data)
    assert done.returncode == 1
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    sentence, where = [line for line in lines if line.startswith(("plantrack run:", "Where to look:"))]
    assert sentence.startswith("plantrack run: failed after") and "targets.csv" in sentence and "column year" in sentence
    assert where == f"Where to look: the full log is {log} (and the run in the Dagster UI: make ui)."
    assert len(lines) <= 6 and "Traceback" not in done.stdout + done.stderr, lines
    assert "Traceback" in log.read_text(encoding="utf-8") or "CuratedDataError" in log.read_text(encoding="utf-8")
