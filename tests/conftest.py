"""Shared fixtures: real pipeline runs into temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.settings import PROJECT_ROOT, temporary_environment

os.environ.setdefault("DO_NOT_TRACK", "1")


def plantrack_env(**values: str):
    """Point plantrack's settings somewhere else for the duration of a block."""
    return temporary_environment(values)


@dataclass
class Run:
    success: bool
    summary: str
    work_dir: Path
    published: Path
    result: object = None  # the ExecuteInProcessResult, for tests of event metadata

    def query(self, sql: str, params=None) -> list[tuple]:
        with duckdb.connect(str(self.published), read_only=True) as conn:
            return conn.execute(sql, params or []).fetchall()


def run_into(work_dir: Path, data_dir: Path | None = None, published: Path | None = None) -> Run:
    """Run the whole pipeline in-process with its working files under `work_dir`."""
    from orchestration.run import failure_summary, run_pipeline

    published = published or work_dir / "published" / "plantrack.duckdb"
    env = {
        "PLANTRACK_WORK": str(work_dir / "warehouse"),
        "PLANTRACK_PUBLISHED": str(published),
        "PLANTRACK_SUBMISSIONS": str(work_dir / "submissions"),
    }
    if data_dir:
        env["PLANTRACK_DATA"] = str(data_dir)
    with plantrack_env(**env):
        result = run_pipeline()
    return Run(result.success, failure_summary(result), work_dir, published, result)


def copy_data(target: Path) -> Path:
    """A private copy of the bundled data, for tests that break it on purpose."""
    shutil.copytree(PROJECT_ROOT / "data", target, ignore=shutil.ignore_patterns("warehouse", "published"))
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Run:
    """The pipeline run once on the bundled data."""
    run = run_into(tmp_path_factory.mktemp("built"))
    assert run.success, run.summary
    return run


@pytest.fixture(scope="module")
def private_warehouse(built, tmp_path_factory):
    """A private copy of the built warehouse, shared by one test module, for loading submissions."""
    from submission_helpers import PrivateWarehouse

    warehouse = PrivateWarehouse(built.work_dir, tmp_path_factory.mktemp("submissions"))
    yield warehouse
    warehouse.close()


@pytest.fixture
def warehouse_copy(built, tmp_path):
    """A writable copy of the built warehouse, open."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(built.work_dir / "warehouse" / "plantrack.duckdb", path)
    conn = duckdb.connect(str(path))
    yield conn
    conn.close()


def run_dbt(args: list[str], warehouse: Path, work: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The dbt CLI of the project on `warehouse`, its target and logs under `work` (tests that run
    dbt themselves: unit tests, `dbt show`)."""
    from orchestration.defs.warehouse.project import dbt_environment, dbt_executable
    from orchestration.settings import DBT_PROJECT_DIR

    environment = {**os.environ, **dbt_environment(), "PLANTRACK_WAREHOUSE": str(warehouse), **(env or {})}
    environment = {k: v for k, v in environment.items() if v is not None}
    paths = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    paths += ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    command = [dbt_executable(), *args, *paths]
    return subprocess.run(command, env=environment, capture_output=True, text=True, cwd=DBT_PROJECT_DIR)
