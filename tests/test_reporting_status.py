"""Reporting status (docs/monitoring.md): per region and department, indicators with targets, with
data and approved for the latest quarter, on-time and late rates; published and on the dashboard."""

from __future__ import annotations

import pytest
from monitoring_helpers import story


@pytest.fixture(scope="module")
def told(built, tmp_path_factory):
    return story(built, tmp_path_factory.mktemp("monitoring"))


COLUMNS = (
    "latest_quarter, n_indicators_with_targets, n_expected_latest, n_with_data_latest, n_approved_latest, "
    "n_region_quarters_approved, n_received, n_on_time, n_late, on_time_rate_pct, late_rate_pct"
)


def _status(told, level, code, step):
    return told.query(f"select {COLUMNS} from mart_reporting_status where level = ? and code = ?", [level, code], step=step)


def test_department_row_counts_its_files_and_the_approval(told):
    # ningbo_eitb leads indicators with targets in Ningbo (counted from the targets directly)
    (led,) = told.query("""select count(distinct t.indicator_code) from fct_target t join bridge_target_department b
        using (target_key) where b.department_code = 'ningbo_eitb' and b.department_role = 'lead'
        and t.region_code = '330200' and t.value_status = 'value'""")[0]
    (row,) = _status(told, "department", "ningbo_eitb", "approve")
    latest, with_targets, expected, with_data, approved, region_quarters, received, on_time, late, on_time_pct, late_pct = row
    # the latest quarter due (deadline 2026-10-20) until 2027-01-20, when 2026Q4's deadline passes
    assert latest == "2026Q3" and with_targets == led and expected >= 3
    # the Q3 file has three indicators; Q1 and Q3 on time, Q2 late (received 2026-08-10, deadline 07-20)
    assert (with_data, approved, region_quarters) == (3, expected, 1)
    assert (received, on_time, late, on_time_pct, late_pct) == (9, 6, 3, 66.7, 33.3)
    (after_reopen,) = _status(told, "department", "ningbo_eitb", "revised")
    assert after_reopen[3:6] == (3, 0, 0)


def test_region_row_counts_indicators_once(told):
    (with_targets,) = told.query(
        "select count(distinct indicator_code) from fct_target where region_code = '330200' and value_status = 'value'"
    )[0]
    (row,) = _status(told, "region", "330200", "approve")
    assert row[0] == "2026Q3" and row[1] == with_targets
    assert row[3] == 3 and row[4] == row[2]  # three with data; the approval covers every indicator of the region


def test_every_region_and_department_with_targets_has_a_row(told):
    regions = told.query("select count(distinct region_code) from fct_target where value_status = 'value'")[0][0]
    departments = told.query("""select count(distinct b.department_code) from fct_target t join bridge_target_department b
        using (target_key) where b.department_role = 'lead' and t.value_status = 'value'""")[0][0]
    counts = dict(told.query("select level, count(*) from mart_reporting_status group by 1"))
    assert counts == {"region": regions, "department": departments}


def test_the_dashboard_shows_reporting_status_approvals_and_the_diff(told):
    from orchestration.defs.dashboard import build_dashboard

    page = build_dashboard(told.snapshots["approve"], out=told.root / "dash" / "index.html")
    html = page.path.read_text(encoding="utf-8")
    assert 'id="reporting-status"' in html and 'id="approvals"' in html and 'id="publish-diff"' in html
    assert "2026Q3" in html and "统计局张三" in html and "mart_approval_status" in html
