"""One writer of the warehouse at a time: the others wait their turn instead of failing on DuckDB's lock.

DuckDB lets one process open the warehouse for writing. Every process that writes it takes an
exclusive advisory lock (`fcntl.flock`) on `<work_dir>/.writer.lock` first, and one that finds it
taken prints once who holds it (pid, command, start time: the holder writes them into the lock
file) and waits. The kernel drops the lock when its holder exits, `kill -9` included, so a dead
run never blocks the next one. `PLANTRACK_LOCK_TIMEOUT` (seconds, default: no limit) turns a long
wait into a one-sentence error. Commands that only read the warehouse (`template`, `demo`) take
the lock shared: they run beside each other and wait only for a writer.

Where it is taken:

- **The `warehouse` resource** (`WarehouseResource`, the DuckDB resource every asset and check
  uses) holds it for the whole run: runs use the in-process executor, so the resource is set up
  once when the run starts and torn down when it ends, and one run holds the warehouse from load
  to publish. That covers runs launched from the UI, the landing sensor, the schedule and
  backfills (each in its own process), and `run_pipeline` (the CLI and the tests) alike; a run
  that waits says so in its Dagster log.
- **The CLI commands** (`plantrack run`, `plantrack submit`) take it before they start, so the
  waiting message comes first on the terminal and everything they do before and after the run
  (the demo files, reading the outcome of a submit) is covered; the resource inside the same
  process re-enters the lock the command already holds.

A submitted file is never lost by waiting: `submit` copies it into landing/ before it waits, so
if the wait is interrupted the file stays there for the next run (or the landing sensor).
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from orchestration.cli_support import PlantrackError

POLL_SECONDS = 0.2
_held: dict[str, list] = {}  # lock path → [fd, mode, depth], for re-entry within one process
_guard = threading.Lock()


class WarehouseBusy(PlantrackError):
    """The wait for the warehouse ran past PLANTRACK_LOCK_TIMEOUT."""


def lock_path(work_dir: Path | None = None) -> Path:
    from orchestration.settings import load_settings

    return (work_dir or load_settings().work_dir) / ".writer.lock"


def lock_timeout() -> float | None:
    value = os.environ.get("PLANTRACK_LOCK_TIMEOUT", "").strip()
    return float(value) if value else None


def holder(path: Path) -> dict:
    """What the current exclusive holder wrote into the lock file ({} when unknown)."""
    try:
        return json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def pid_running(pid: int) -> bool:
    """Whether a process with this pid is alive (someone else's counts): a leftover of a dead one may go."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def describe(info: dict) -> str:
    """`pid N, `command`, started HH:MM` of the holder; readers (shared) leave no name, and a writer
    killed with `kill -9` leaves a stale one."""
    if not info.get("pid") or not pid_running(int(info["pid"])):
        return "another plantrack process"
    started = info.get("started", "")
    at = f", started {datetime.fromisoformat(started):%H:%M}" if started else ""
    return f"pid {info['pid']}, `{info.get('command', '?')}`{at}"


def _print(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def writer_lock(
    command: str,
    *,
    shared: bool = False,
    note: str = "",
    kept: str = "",
    on_wait: Callable[[str], None] = _print,
    work_dir: Path | None = None,
    timeout: float | None = None,
) -> Iterator[None]:
    """Hold the warehouse lock (exclusive; `shared` for readers) for the block, waiting for it if
    another process has it. `command` is what others see while they wait; `note` is added to the
    waiting message (what happens if the wait is interrupted), `kept` to the error on a timeout
    (what stays where)."""
    path = lock_path(work_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = str(path.parent.resolve() / path.name)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    with _guard:
        held = _held.get(key)
        if held is not None:
            if held[1] == fcntl.LOCK_SH and mode == fcntl.LOCK_EX:
                raise RuntimeError("cannot take the warehouse lock for writing while holding it for reading")
            held[2] += 1
    if held is not None:  # this process has it already (a CLI command, then its run's resource)
        try:
            yield
        finally:
            with _guard:
                held[2] -= 1
        return

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by child processes (PEP 446)
    try:
        _acquire(fd, mode, path, note, kept, on_wait, lock_timeout() if timeout is None else timeout)
        if mode == fcntl.LOCK_EX:
            os.ftruncate(fd, 0)
            info = {"pid": os.getpid(), "command": command, "started": datetime.now().isoformat(timespec="seconds")}
            os.pwrite(fd, json.dumps(info).encode(), 0)
        with _guard:
            _held[key] = [fd, mode, 1]
        try:
            yield
        finally:
            with _guard:
                _held.pop(key, None)
            if mode == fcntl.LOCK_EX:
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, mode: int, path: Path, note: str, kept: str, on_wait: Callable[[str], None], timeout: float | None) -> None:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    who = describe(holder(path))
    on_wait(f"plantrack: waiting for another run to finish writing the warehouse ({who}) …{' ' + note if note else ''}")
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        time.sleep(POLL_SECONDS)
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if deadline is not None and time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"Gave up after {timeout:g} s waiting for another run to finish writing the warehouse ({who})"
                    f"{'; ' + kept if kept else ''}.",
                    f"the other process ({path} says which), or raise PLANTRACK_LOCK_TIMEOUT",
                ) from None
