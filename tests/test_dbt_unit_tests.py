"""dbt's own unit tests of the dbt logic (`unit_tests:` in dbt_project/models/**/_*unit_tests.yml).

They run as dbt runs them, `dbt test --select test_type:unit`, against a copy of the built warehouse:
dbt reads the column types of each tested model's parents from it; the rows are the tests' own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from orchestration.defs.warehouse.project import dbt_environment, dbt_executable
from orchestration.settings import DBT_PROJECT_DIR


def _dbt(args: list[str], warehouse, work) -> subprocess.CompletedProcess:
    env = {**os.environ, **dbt_environment(), "PLANTRACK_WAREHOUSE": str(warehouse)}
    env.pop("DBT_EXCLUDE_RESOURCE_TYPES")  # production builds skip unit tests; this runs them
    command = [dbt_executable(), *args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
               "--target-path", str(work / "target"), "--log-path", str(work / "logs")]  # fmt: skip
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=DBT_PROJECT_DIR)


def test_dbt_unit_tests_pass(built, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built.work_dir / "warehouse" / "plantrack.duckdb", warehouse)
    listed = _dbt(["ls", "--select", "test_type:unit", "--resource-type", "unit_test", "--output", "json",
                   "--output-keys", "name"], warehouse, tmp_path)  # fmt: skip
    assert listed.returncode == 0, listed.stdout[-3000:]
    names = {json.loads(line)["name"] for line in listed.stdout.splitlines() if line.startswith("{")}
    assert {"pace_projects_the_latest_ended_quarter_to_the_year_end", "trajectory_bands_observed_against_required_growth",
            "finished_year_is_judged_by_the_target_operator"} <= names, names  # fmt: skip
    finished = _dbt(["test", "--select", "test_type:unit"], warehouse, tmp_path)
    assert finished.returncode == 0, finished.stdout[-6000:]
    assert f"PASS={len(names)}" in finished.stdout, finished.stdout[-3000:]
