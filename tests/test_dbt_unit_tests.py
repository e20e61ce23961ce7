"""dbt's own unit tests of the dbt logic (`unit_tests:` in dbt_project/models/**/_*unit_tests.yml).

The progress rules (finished year, pace, trajectory, spans, headline status), the scorecard's
counting and the reconciliation are tested there, table-driven: one unit test per rule, one row per
case. This module only runs them, as dbt runs them (`dbt test --select test_type:unit`), against a
copy of the built warehouse: dbt reads the column types of each tested model's parents from it; the
rows are the tests' own. Each unit test is reported as its own pytest case, by name, with dbt's diff
of the rows it expected against those it got.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml
from conftest import run_dbt

from orchestration.settings import DBT_PROJECT_DIR


def _declared() -> list[str]:
    """The unit tests the yml files declare: what dbt must find and run."""
    names = [
        test["name"]
        for path in sorted((DBT_PROJECT_DIR / "models").glob("**/_*unit_tests.yml"))
        for test in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("unit_tests", [])
    ]
    assert len(names) == len(set(names)), f"unit test names repeat: {sorted(names)}"
    return names


DECLARED = _declared()


def _dbt(args: list[str], warehouse, work) -> subprocess.CompletedProcess:
    # production builds skip unit tests (DBT_EXCLUDE_RESOURCE_TYPES): this runs them; no colours in
    # dbt's diff of a failing unit test, readable in the pytest report
    return run_dbt(args, warehouse, work, env={"DBT_EXCLUDE_RESOURCE_TYPES": None, "DBT_USE_COLORS": "false"})


@pytest.fixture(scope="module")
def dbt_unit_run(built, tmp_path_factory):
    """One `dbt test` of every unit test; its stdout and its results by unit test name."""
    work = tmp_path_factory.mktemp("dbt_unit_tests")
    warehouse = work / "warehouse.duckdb"
    shutil.copy(built.work_dir / "warehouse" / "plantrack.duckdb", warehouse)
    listed = _dbt(
        ["ls", "--select", "test_type:unit", "--resource-type", "unit_test", "--output", "json", "--output-keys", "name"],
        warehouse,
        work,
    )
    assert listed.returncode == 0, listed.stdout[-3000:]
    found = {json.loads(line)["name"] for line in listed.stdout.splitlines() if line.startswith("{")}
    finished = _dbt(["test", "--select", "test_type:unit"], warehouse, work)
    run_results = work / "target" / "run_results.json"
    assert run_results.exists(), finished.stdout[-6000:]
    results = {r["unique_id"].rsplit(".", 1)[-1]: r for r in json.loads(run_results.read_text())["results"]}
    return found, results, finished.stdout


def test_dbt_finds_every_declared_unit_test(dbt_unit_run):
    found, _, _ = dbt_unit_run
    assert found == set(DECLARED)
    assert len(DECLARED) >= 11, DECLARED  # the progress rules, scorecard and reconciliation at least


@pytest.mark.parametrize("name", DECLARED)
def test_dbt_unit_test(dbt_unit_run, name):
    _, results, stdout = dbt_unit_run
    assert name in results, f"{name} did not run:\n{stdout[-3000:]}"
    result = results[name]
    assert result["status"] == "pass", f"{name}: {result['status']}\n{result['message']}"
