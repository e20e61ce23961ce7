"""The project's Dagster instance: DAGSTER_HOME (default .dagster_home/) with the settings of
`orchestration/dagster.yaml` (no telemetry; one run at a time, the warehouse has one writer)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from orchestration.settings import PROJECT_ROOT

TEMPLATE = Path(__file__).with_name("dagster.yaml")  # not at the root: Dagster warns about a dagster.yaml outside DAGSTER_HOME


def ensure_instance_config() -> Path:
    """Create DAGSTER_HOME and its dagster.yaml from the template unless it already limits runs."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or "max_concurrent_runs" not in config.read_text(encoding="utf-8"):
        shutil.copyfile(TEMPLATE, config)
    return config


def project_instance():
    """The project's Dagster instance (DAGSTER_HOME, default .dagster_home/), so CLI runs show in the UI."""
    from dagster import DagsterInstance

    ensure_instance_config()
    return DagsterInstance.get()


if __name__ == "__main__":  # make ui
    print(f"Dagster instance settings: {ensure_instance_config()}")
