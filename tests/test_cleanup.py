"""An interrupted run cleans up after itself: no GX worker left behind, no temporary published files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from orchestration.settings import PROJECT_ROOT

# A pipeline-like process: starts the GX worker as the raw loading steps do, says its pid, waits.
PIPELINE = """
import time
from orchestration.defs.quality import gx_suites
gx_suites.prewarm()
print(*gx_suites._worker._processes, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that does not reap (PID 1 in some containers)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_the_gx_worker_exits_when_its_run_is_killed():
    pipeline = subprocess.Popen(
        [sys.executable, "-c", PIPELINE],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DO_NOT_TRACK": "1"},
    )
    workers = [int(p) for p in pipeline.stdout.readline().split()]
    assert len(workers) == 1 and _alive(workers[0]), pipeline.stderr.read()
    time.sleep(1)  # the worker is up (and importing GX)
    pipeline.send_signal(signal.SIGKILL)
    pipeline.wait()
    deadline = time.monotonic() + 10
    while _alive(workers[0]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(workers[0]), f"GX worker {workers[0]} outlived its killed run"
