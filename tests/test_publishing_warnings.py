"""A warning publishes and shows in dq_issues; reconciliation catches a parent its children do not sum to.

One real run on a copy of the bundled data in which the Ningbo annex's 2022 integrated-circuit
revenue target reads 550 instead of 500 (through restored_text, so the figure stays traceable to
the document): 数字制造业 4000 no longer equals its four parts (4050).
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from conftest import copy_data, plantrack_env
from dagster import AssetCheckSeverity, DagsterInstance

PARENT_ROW = "target ningbo_dex_2022_2026 330200 dex_core_manufacturing_revenue 2022"


def _restate_ic_revenue_2022(data: Path) -> None:
    path = data / "plans" / "targets.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    (row,) = [
        r for r in rows if r["indicator_code"] == "ic_revenue" and r["year"] == "2022" and r["plan_id"] == "ningbo_dex_2022_2026"
    ]
    assert row["value_text"] == "500"
    row["restored_text"], row["restoration_note"] = "550", "test: a child that breaks its parent's sum"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def warned(built, tmp_path_factory):
    from orchestration.run import run_pipeline

    tmp = tmp_path_factory.mktemp("warned")
    published = tmp / "published" / "plantrack.duckdb"
    published.parent.mkdir()
    published.write_bytes(built.published.read_bytes())  # the previous publish (version 1)
    data = copy_data(tmp / "data")
    _restate_ic_revenue_2022(data)
    env = {
        "PLANTRACK_DATA": str(data),
        "PLANTRACK_WORK": str(tmp / "work"),
        "PLANTRACK_PUBLISHED": str(published),
        "PLANTRACK_SUBMISSIONS": str(tmp / "submissions"),
    }
    with plantrack_env(**env):
        result = run_pipeline(instance=DagsterInstance.ephemeral())
    return result, published


def _query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_the_run_succeeds_and_the_reconciliation_check_warns(warned):
    result, _ = warned
    assert result.success
    (evaluation,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "gx_mart_reconciliation"]
    assert not evaluation.passed
    assert evaluation.severity == AssetCheckSeverity.WARN
    docs = evaluation.metadata["data_docs"].value
    assert docs.startswith("file://") and Path(docs.removeprefix("file://")).is_file()


def test_the_file_is_published_with_the_warning_in_dq_issues(warned):
    _, published = warned
    assert _query(published, "select list(version order by version) from publish_log") == [([1, 2],)]
    (warned_suites,) = _query(published, "select suites_warned from publish_log where version = 2")[0]
    assert "mart_reconciliation" in warned_suites
    issues = _query(
        published,
        "select severity, row_label from dq_issues where suite = 'mart_reconciliation' and expectation like '%in_set'",
    )
    assert len(issues) == 1
    severity, label = issues[0]
    assert severity == "warning"
    assert label.startswith(PARENT_ROW) and "parent 4000.0, children 4050.0" in label


def test_reconciliation_catches_the_parent(warned):
    _, published = warned
    rows = _query(
        published,
        """select reconciliation_status, parent_value, children_sum, difference from mart_reconciliation
           where figure_type = 'target' and parent_code = 'dex_core_manufacturing_revenue' order by year""",
    )
    assert rows[0] == ("does_not_reconcile", 4000.0, 4050.0, -50.0)  # 2022
    assert {r[0] for r in rows[1:]} == {"reconciles"}  # 2023-2026 hold exactly
