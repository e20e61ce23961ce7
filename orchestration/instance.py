"""The project's Dagster instance settings (DAGSTER_HOME, default .dagster_home/).

One run at a time: every run writes the one DuckDB warehouse, which takes one writer process, so a
backfill of several quarters launched from the UI queues its runs instead of failing on the lock.
"""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.settings import PROJECT_ROOT

DAGSTER_YAML = """\
# Written by plantrack (orchestration/instance.py).
telemetry:
  enabled: false
# One run at a time: runs write the one DuckDB warehouse (one writer process).
concurrency:
  runs:
    max_concurrent_runs: 1
"""


def ensure_dagster_home() -> Path:
    """Create DAGSTER_HOME with plantrack's dagster.yaml unless one with the run limit is there."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or "max_concurrent_runs" not in config.read_text(encoding="utf-8"):
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    return home


if __name__ == "__main__":  # `make ui` calls this before `dagster dev`
    print(f"Dagster instance: {ensure_dagster_home()}")
