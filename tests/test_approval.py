"""Approval and locking (docs/monitoring.md): `plantrack approve` locks a region × quarter, a new or
revised file for it is quarantined naming the lock, `plantrack reopen` unlocks it; the published
figures carry their approval state and the audit table says who, when, what and why."""

from __future__ import annotations

import pytest
from monitoring_helpers import APPROVER, story
from submission_helpers import write_csv

from orchestration.defs.approval.locks import ApprovalError, approve, reopen


@pytest.fixture(scope="module")
def told(built, tmp_path_factory):
    return story(built, tmp_path_factory.mktemp("monitoring"))


def test_approve_and_reopen_say_what_they_did(told):
    assert told.results["submit"].exit_code == 0, told.results["submit"].output
    approved = told.results["approve"]
    assert approved.exit_code == 0, approved.output
    assert f"330200 宁波市 2026Q3 approved by {APPROVER}" in approved.output
    reopened = told.results["reopen"]
    assert reopened.exit_code == 0, reopened.output
    assert "reopened by 统计局张三" in reopened.output and "市经信局更正软件收入" in reopened.output


def test_a_revision_of_a_locked_quarter_is_quarantined_naming_the_lock(told):
    locked = told.results["locked"]
    assert locked.exit_code == 1, locked.output
    assert "eitb_2026Q3_revised.csv：已退回，未载入任何数据。报告：" in locked.output
    assert "审核锁定" in locked.output and f"approved by {APPROVER}" in locked.output
    assert "plantrack reopen 330200 2026Q3" in locked.output
    reports = list((told.root / "subs" / "quarantine").glob("*eitb_2026Q3_revised.csv.report.csv"))
    assert len(reports) == 1
    report = reports[0].read_text(encoding="utf-8-sig")
    assert "330200 2026Q3" in report and "季度" in report  # the column named in the clerk's header
    # while locked the published figure is still the approved first version
    assert told.query(
        """select value, approval_status, approved_by, submission_id from fct_actual
        where region_code = '330200' and indicator_code = 'software_info_services_revenue' and year = 2026 and quarter = 3""",
        step="locked",
    ) == [(140.0, "approved", APPROVER, "ningbo_eitb-330200-2026Q3-v1")]


def test_after_reopening_the_revision_is_accepted_and_provisional(told):
    revised = told.results["revised"]
    assert revised.exit_code == 0, revised.output
    assert "eitb_2026Q3_revised.csv：已接收，版本 ningbo_eitb-330200-2026Q3-v2" in revised.output
    assert told.query("""select value, ytd_value, approval_status, approved_by from fct_actual
        where region_code = '330200' and indicator_code = 'software_info_services_revenue' and year = 2026
        order by quarter nulls last""") == [
        (100.0, 100.0, "provisional", None),
        (260.0, 360.0, "provisional", None),
        (240.0, 600.0, "provisional", None),
    ]


def test_published_figures_carry_their_approval_state(told):
    rows = told.query(
        """select quarter, approval_status, approved_by from fct_actual
        where region_code = '330200' and year = 2026 and source_type = 'submission'""",
        step="approve",
    )
    # Q1 and Q2 stay provisional; the three figures of Q3 are approved (no Q4 yet: no annual figure)
    assert sorted(rows, key=str) == sorted(
        [(q, "provisional", None) for q in (1, 2) for _ in range(3)] + [(3, "approved", APPROVER)] * 3, key=str
    )
    status = told.query(
        """select approval_status, approved_by, approval_comment, n_departments_submitted
        from mart_approval_status where region_code = '330200' and quarter_key = '2026Q3'""",
        step="approve",
    )
    assert status == [("approved", APPROVER, "季度审核通过", 1)]
    assert told.query(
        "select approval_status, last_reopen_reason from mart_approval_status "
        "where region_code = '330200' and quarter_key = '2026Q3'"
    ) == [("open", "市经信局更正软件收入")]


def test_the_audit_table_says_who_when_what_and_why(told):
    audit = told.query(
        "select event_no, action, region_code, quarter_key, acted_by, reason, acted_at is not null "
        "from mart_approval_audit order by event_no"
    )
    assert audit == [
        (1, "approve", "330200", "2026Q3", APPROVER, "季度审核通过", True),
        (2, "reopen", "330200", "2026Q3", APPROVER, "市经信局更正软件收入", True),
    ]


def test_approve_and_reopen_mark_the_quarter_dirty_in_the_same_transaction(private_warehouse):
    conn = private_warehouse.conn
    approve(conn, "330200", "2024Q2", "tester")
    rows = private_warehouse.query(
        "select department_code, region_code, year, quarter, reason from raw.dirty_keys "
        "where region_code = '330200' and year = 2024 and quarter = 2"
    )
    assert rows == [(None, "330200", 2024, 2, "approved")]
    with pytest.raises(ApprovalError, match="already approved"):
        approve(conn, "330200", "2024Q2", "tester")
    file = write_csv(
        private_warehouse.root / "in" / "q.csv",
        [["市经信局", "宁波市", "2024", "Q2", "累计上云企业", "50010", "家", "期末", ""]],
        received="2024-07-10T10:00",
    )
    (outcome,) = private_warehouse.load(file)
    assert outcome.status == "rejected"
    assert [p[1] for p in outcome.problems] == ["quarter"] and "approved by tester" in outcome.problems[0][3]
    with pytest.raises(ApprovalError, match="say why"):
        reopen(conn, "330200", "2024Q2", "tester", "")
    reopen(conn, "330200", "2024Q2", "tester", "typo")
    assert private_warehouse.query("select count(*) from raw.approval_locks")[0][0] == 0
    assert private_warehouse.query("select count(*) from raw.dirty_keys where reason = 'reopened: typo'")[0][0] == 1
    (outcome,) = private_warehouse.load(file)
    assert outcome.status == "accepted"


def test_bad_approvals_are_refused(private_warehouse):
    with pytest.raises(ApprovalError, match="unknown region"):
        approve(private_warehouse.conn, "999999", "2024Q2", "tester")
    with pytest.raises(ApprovalError, match="not a quarter"):
        approve(private_warehouse.conn, "330200", "2024-07", "tester")
    with pytest.raises(ApprovalError, match="not approved"):
        reopen(private_warehouse.conn, "330200", "2023Q1", "tester", "why")
