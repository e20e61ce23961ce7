"""One writer of the warehouse at a time: a second one waits (and says so) instead of failing on DuckDB's lock."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from submission_helpers import write_csv
from typer.testing import CliRunner

from conftest import plantrack_env
from orchestration.settings import PROJECT_ROOT
from orchestration.writer_lock import WarehouseBusy, lock_path, writer_lock

# Another plantrack process writing the warehouse: takes the lock, says so, holds it a while.
HOLDER = """
import sys, time, pathlib
from orchestration.writer_lock import writer_lock
with writer_lock("plantrack run", work_dir=pathlib.Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(work_dir: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(work_dir), str(seconds)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held", holder.stderr.read()
    return holder


def test_a_second_writer_waits_says_who_has_it_and_times_out_in_one_sentence(tmp_path):
    holder = _hold(tmp_path, 30)
    messages = []
    try:
        with (
            pytest.raises(WarehouseBusy) as raised,
            writer_lock(
                "plantrack submit", work_dir=tmp_path, timeout=0.5, on_wait=messages.append, note="Safe.", kept="it stays"
            ),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    assert len(messages) == 1
    assert messages[0].startswith(
        f"plantrack: waiting for another run to finish writing the warehouse (pid {holder.pid}, `plantrack run`, started "
    )
    assert str(holder.pid) in raised.value.message and raised.value.message.count(".") <= 3
    assert messages[0].endswith("… Safe.") and raised.value.message.endswith("; it stays.")


def test_the_lock_goes_with_its_holder_even_on_kill_9(tmp_path):
    holder = _hold(tmp_path, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    with writer_lock("test", work_dir=tmp_path, timeout=5, on_wait=lambda _: None):
        assert '"command": "test"' in lock_path(tmp_path).read_text()
    assert time.monotonic() - started < 1


def test_the_same_process_re_enters_and_readers_share(tmp_path):
    with writer_lock("plantrack run", work_dir=tmp_path, timeout=0):
        with writer_lock("its run's resource", work_dir=tmp_path, timeout=0):
            with writer_lock("plantrack demo", shared=True, work_dir=tmp_path, timeout=0):
                pass
    code = (
        "import sys, pathlib; from orchestration.writer_lock import writer_lock\n"
        "with writer_lock('reader', shared=True, work_dir=pathlib.Path(sys.argv[1]), timeout=0): print('ok')"
    )
    with writer_lock("plantrack template", shared=True, work_dir=tmp_path, timeout=0):
        other = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert other.stdout.strip() == "ok", other.stderr


def test_submit_waits_for_a_running_writer_then_loads(built, tmp_path):
    """The scenario of a user: `plantrack run` (another process) writes the warehouse when a
    department's file is submitted; the submit waits, says so, then loads the file."""
    shutil.copytree(built.work_dir / "warehouse", tmp_path / "warehouse")
    row = ["市经信局", "宁波市", "2023", "第二季度", "累计上云企业", "50020", "家", "期末", ""]
    file = write_csv(tmp_path / "outbox" / "eitb_2023Q2.csv", [row], received="2023-07-10T09:00")
    env = {
        "PLANTRACK_WORK": str(tmp_path / "warehouse"),
        "PLANTRACK_SUBMISSIONS": str(tmp_path / "subs"),
        "PLANTRACK_PUBLISHED": str(tmp_path / "published.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    holder = _hold(tmp_path / "warehouse", 5)
    held_since = time.monotonic()
    with plantrack_env(**env):
        from orchestration.cli import app

        result = CliRunner().invoke(app, ["submit", str(file)])
    waited = time.monotonic() - held_since
    holder.wait()
    print(result.output)
    assert result.exit_code == 0, result.output
    assert (
        f"plantrack: waiting for another run to finish writing the warehouse (pid {holder.pid}, `plantrack run`" in result.output
    )
    assert "safe in" in result.output and str(tmp_path / "subs" / "landing" / "submitted") in result.output
    assert result.output.count("waiting for another run") == 1
    assert "eitb_2023Q2.csv：已接收，版本 ningbo_eitb-330200-2023Q2-v1" in result.output
    assert "lock" not in result.output.lower()
    assert waited >= 4.5
    with duckdb.connect(str(tmp_path / "published.duckdb"), read_only=True) as conn:
        assert (
            conn.execute(
                "select count(*) from fct_submission where submission_id like 'ningbo_eitb-330200-2023Q2-v1'"
            ).fetchone()[0]
            == 1
        )
    assert not os.listdir(tmp_path / "subs" / "landing" / "submitted")  # loaded, so no longer waiting


def test_a_dagster_run_waits_in_its_warehouse_resource_and_logs_why(built, tmp_path):
    """Runs launched from the UI or the sensor have no CLI around them: the warehouse resource
    takes the lock when the run starts (once: the executor is in-process)."""
    from dagster import AssetKey, AssetSelection, DagsterEventType, DagsterInstance

    from orchestration.run import run_pipeline

    shutil.copytree(built.work_dir / "warehouse", tmp_path / "warehouse")
    holder = _hold(tmp_path / "warehouse", 3)
    started = time.monotonic()
    instance = DagsterInstance.ephemeral()
    with plantrack_env(PLANTRACK_WORK=str(tmp_path / "warehouse")):
        result = run_pipeline(instance=instance, selection=AssetSelection.assets(AssetKey(["raw", "source_lines"])))
    holder.wait()
    assert result.success and time.monotonic() - started >= 2
    logged = [e.user_message for e in instance.all_logs(result.run_id) if "waiting for another run" in e.user_message]
    assert len(logged) == 1 and f"pid {holder.pid}, `plantrack run`" in logged[0]
    inits = [e for e in result.all_events if e.event_type == DagsterEventType.RESOURCE_INIT_STARTED]
    assert len(inits) == 1
