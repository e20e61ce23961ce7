"""Safe publishing: readers are never disturbed, versions are kept and rolled back, DuckDB 1.x reads the file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

from orchestration.defs.publishing.publish import (
    KEEP_VERSIONS,
    PUBLISHED_TABLES,
    current_version,
    kept_versions,
    publish,
    rollback,
)

# A BI reader in its own process: opens the file once, then queries it until told to stop.
READER = """
import sys, time, pathlib, duckdb
conn = duckdb.connect(sys.argv[1], read_only=True)
stop = pathlib.Path(sys.argv[2])
def state():
    return conn.execute("select max(version), (select count(*) from mart_progress) from publish_log").fetchone()
first = state()
print("before", *first, flush=True)
queries = 0
while not stop.exists():
    assert state() == first, state()
    queries += 1
    time.sleep(0.005)
print("after", *state(), queries, flush=True)
"""


@pytest.fixture
def warehouse(built, tmp_path):
    """A private, writable copy of the built warehouse."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(built.work_dir / "warehouse" / "plantrack.duckdb", path)
    conn = duckdb.connect(str(path))
    yield conn
    conn.close()


def _fresh_read(path, sql: str) -> list:
    """Read in a new process, as a BI tool opening the file now would."""
    code = (
        "import sys, json, duckdb; print(json.dumps(duckdb.connect(sys.argv[1], read_only=True).execute(sys.argv[2]).fetchall()))"
    )
    finished = subprocess.run([sys.executable, "-c", code, str(path), sql], capture_output=True, text=True, check=True)
    return json.loads(finished.stdout)


def test_a_reader_with_the_file_open_keeps_working_through_publishes(warehouse, tmp_path):
    published = tmp_path / "published" / "plantrack.duckdb"
    publish(warehouse, published)
    warehouse.execute("delete from marts.mart_progress where year >= 2025")  # the next versions differ
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published), str(stop)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    before = reader.stdout.readline().split()
    assert before[:2] == ["before", "1"], reader.stderr.read()

    for _ in range(3):
        publish(warehouse, published)
        time.sleep(0.05)
    stop.touch()
    out, err = reader.communicate(timeout=60)

    assert reader.returncode == 0, err
    after = out.split()
    assert after[:3] == ["after", *before[1:]]  # still version 1, all its rows: the open file was never touched
    assert int(after[3]) > 10  # and it kept answering while the publishes ran
    (version, rows) = _fresh_read(published, "select max(version), (select count(*) from mart_progress) from publish_log")[0]
    assert version == 4 and rows < int(before[2])


def test_previous_versions_are_kept_and_can_be_rolled_back(warehouse, tmp_path):
    published = tmp_path / "published" / "plantrack.duckdb"
    for _ in range(5):
        publish(warehouse, published)

    assert sorted(kept_versions(published)) == [2, 3, 4]  # the last KEEP_VERSIONS before the current one
    assert KEEP_VERSIONS == 3
    assert _fresh_read(published, "select list(version order by version) from publish_log") == [[[1, 2, 3, 4, 5]]]
    assert not list(published.parent.glob(".*tmp"))  # no temporary file left behind

    assert rollback(published) == 4
    assert current_version(published) == 4
    assert 5 in kept_versions(published)  # the rollback can be undone
    # a patch of the rolled-back file would miss what version 5 had: the next publish is afresh
    assert publish(warehouse, published)["publish_mode"] == "full: the previous file is a rollback"
    assert current_version(published) == 6  # version numbers never repeat
    assert publish(warehouse, published)["publish_mode"].startswith("patched")


def test_publish_log_and_dq_issues_say_what_the_gate_said(built):
    (version, row_counts, passed, warned, failed, issues) = built.query(
        "select version, row_counts, suites_passed, suites_warned, suites_failed, dq_issues from publish_log"
    )[0]
    assert version == 1 and failed == []
    counts = json.loads(row_counts)
    assert set(counts) == set(PUBLISHED_TABLES)
    assert counts["mart_progress"] == built.query("select count(*) from mart_progress")[0][0]
    assert {"raw_plan_targets", "mart_reconciliation"} <= set(passed)
    # the documents state 12 targets twice with different operators (突破2000 in the text, 2000 in 表1):
    # fct_target publishes with that warning, and dq_issues names them
    assert "fct_target" in warned
    (in_issues,) = built.query("select list(distinct suite order by suite) from dq_issues")[0]
    assert sorted(warned) == (in_issues or [])
    assert issues == built.query("select count(*) from dq_issues")[0][0]
    assert built.query("select count(*) from dq_issues where severity <> 'warning'")[0][0] == 0


def test_an_older_duckdb_client_reads_the_published_file(built, tmp_path):
    uv = [shutil.which("uv")] if shutil.which("uv") else ["python3", "-m", "uv"]
    venv = tmp_path / "duckdb1x"
    subprocess.run([*uv, "venv", "--quiet", str(venv)], check=True)
    subprocess.run([*uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), "duckdb<1.2"], check=True)
    tables = [*PUBLISHED_TABLES, "dq_issues", "publish_log"]
    code = (
        "import sys, json, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); "
        "print(json.dumps([duckdb.__version__] + [c.execute(f'select count(*) from {t}').fetchone()[0] for t in sys.argv[2:]]))"
    )
    finished = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code, str(built.published), *tables], capture_output=True, text=True
    )
    assert finished.returncode == 0, finished.stderr
    version, *counts = json.loads(finished.stdout)
    assert version.startswith("1.") and version < "1.2"
    assert counts == [built.query(f"select count(*) from {t}")[0][0] for t in tables]


def test_publish_and_rollback_remove_what_a_killed_publish_left(warehouse, tmp_path):
    published = tmp_path / "published" / "plantrack.duckdb"
    publish(warehouse, published)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)  # that process has exited
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # a publish still running
    try:
        left = [
            published.with_name(f".plantrack.duckdb.{dead_pid}.tmp"),
            published.with_name(f".plantrack.duckdb.{dead_pid}.tmp.wal"),
        ]
        running = [
            published.with_name(f".plantrack.duckdb.{alive.pid}.tmp"),
            published.with_name(f".plantrack.duckdb.{alive.pid}.tmp.wal"),
        ]
        for path in [*left, *running]:
            path.write_bytes(b"half a database")
        publish(warehouse, published)
        assert not any(p.exists() for p in left) and all(p.exists() for p in running)

        rolled_back = published.with_name(f".plantrack.duckdb.{dead_pid}.rollback")
        rolled_back.write_bytes(b"half a copy")
        rollback(published)
        assert not rolled_back.exists() and all(p.exists() for p in running)
    finally:
        alive.kill()
        alive.wait()
    assert current_version(published) == 1
