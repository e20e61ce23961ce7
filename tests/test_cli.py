"""The command line: --help everywhere, errors as one sentence plus where to look."""

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
        capture_output=True, text=True, env={"PLANTRACK_WORK": str(work), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
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
