"""Approving and reopening a region × quarter, and the lock the loader enforces.

- `raw.approval_events`: the audit trail, one row per approve or reopen: who, when, what, why.
- `raw.approval_locks`: the region × quarters approved now (one row each; a reopen deletes it).
  This is the one home of the lock rule: a department × region × quarter is locked when its region
  × quarter has a row here. The loader (`reject_locked`), the dbt models (fct_actual's
  `approval_status`, mart_approval_status, mart_reporting_status) and the CLI all read it.

Approve and reopen write the event, the lock and `raw.dirty_keys` (every department that has
submitted for that region × quarter) in one transaction, so the next incremental build and the
patched publish pick the change up.
"""

from __future__ import annotations

import re


# A file of a locked department × region × quarter (temp table sub_file_keys of the loader, one row per
# file) is rejected as a whole: the reason names the lock, who approved it and when, in both languages
# (the statistics office's English beside the clerk's Chinese, whatever the catalogue's language).
REJECT_LOCKED = """
insert into sub_errors by name
select k.file_id, k.first_line as row_no, 'quarter' as column_name, k.quarter as value, 'approval.locked' as msg_key,
    json_object('region', a.region_code, 'quarter', a.year || 'Q' || a.quarter, 'approved_by', a.approved_by,
                'approved_at', strftime(a.approved_at, '%Y-%m-%d %H:%M'))::varchar as msg_params,
    '该地区该季度（' || a.region_code || ' ' || a.year || 'Q' || a.quarter || '）的数据已由 ' || a.approved_by
        || ' 于 ' || strftime(a.approved_at, '%Y-%m-%d %H:%M') || ' 审核锁定，不能再报送或修改；如需更正，请统计局先解锁'
        || '（plantrack reopen ' || a.region_code || ' ' || a.year || 'Q' || a.quarter || ' --reason …）。'
        || ' / locked: ' || a.region_code || ' ' || a.year || 'Q' || a.quarter || ' was approved by ' || a.approved_by
        || ' on ' || strftime(a.approved_at, '%Y-%m-%d %H:%M')
        || '; a new or revised file is not accepted until the statistics office reopens it ('
        || 'plantrack reopen ' || a.region_code || ' ' || a.year || 'Q' || a.quarter || ' --reason …)' as reason
from sub_file_keys k
join raw.approval_locks a on a.region_code = k.region_code and a.year = k.year_n and a.quarter = k.quarter_n
"""

# Every department that submitted for the region × quarter (else one row without a department, so the
# region × year's published figures are patched all the same).
MARK_DIRTY = """
insert into raw.dirty_keys (department_code, region_code, year, quarter, marked_at, reason)
select department_code, ?, ?, ?, now()::timestamp, ? from (
    select distinct department_code from raw.submission_log
    where status = 'accepted' and region_code = ? and year = ? and quarter = ?
    union all
    select null where not exists (select 1 from raw.submission_log
        where status = 'accepted' and region_code = ? and year = ? and quarter = ?))
"""


class ApprovalError(ValueError):
    """An approve or reopen that cannot be done (unknown region, bad quarter, wrong state)."""


def ensure_tables(conn) -> None:
    """The approval tables are created by the warehouse migrations (migrations/0002_approval.sql)."""
    from orchestration.defs.warehouse.migrations import migrate

    migrate(conn)


def reject_locked(conn) -> None:
    """Loader hook (after validation, before the files are classified): files of a locked
    department × region × quarter get an error, so they are quarantined with the lock as the reason."""
    ensure_tables(conn)
    conn.execute(REJECT_LOCKED)


def parse_quarter(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*", text)
    if not match:
        raise ApprovalError(f"not a quarter: {text!r} (write it as 2025Q3)")
    return int(match.group(1)), int(match.group(2))


def resolve_region(conn, text: str) -> tuple[str, str]:
    """(code, Chinese name) of a region given as the loader reads one: its code, a name or an alias,
    matched on its key in core.int_name_keys (the one home of matching names to codes)."""
    from orchestration.rules.dbt_macros import render

    row = conn.execute(
        "select r.region_code, r.name_zh from core.int_name_keys k join core.dim_region r on r.region_code = k.code "
        f"where k.entity = 'region' and k.name_key = {render('name_key', '?')}",
        [text],
    ).fetchone()
    if row is None:
        raise ApprovalError(f"unknown region {text!r}: not a code, name or alias in the reference data")
    return row


def current_lock(conn, region: str, year: int, quarter: int):
    ensure_tables(conn)
    return conn.execute(
        "select approved_by, approved_at, comment from raw.approval_locks where region_code = ? and year = ? and quarter = ?",
        [region, year, quarter],
    ).fetchone()


def _record(conn, action: str, region: str, year: int, quarter: int, by: str, reason: str | None) -> int:
    """The event, the lock change and the dirty keys, in one transaction; returns the event number."""
    conn.execute("begin transaction")
    try:
        (event_no,) = conn.execute("select coalesce(max(event_no), 0) + 1 from raw.approval_events").fetchone()
        conn.execute(
            "insert into raw.approval_events (event_no, action, region_code, year, quarter, acted_at, acted_by, reason) "
            "values (?, ?, ?, ?, ?, now()::timestamp, ?, ?)",
            [event_no, action, region, year, quarter, by, reason],
        )
        if action == "approve":
            conn.execute(
                "insert into raw.approval_locks (region_code, year, quarter, approved_at, approved_by, comment, event_no) "
                "select region_code, year, quarter, acted_at, acted_by, reason, "
                "event_no from raw.approval_events where event_no = ?",
                [event_no],
            )
        else:
            conn.execute(
                "delete from raw.approval_locks where region_code = ? and year = ? and quarter = ?", [region, year, quarter]
            )
        key = [region, year, quarter]
        done = {"approve": "approved", "reopen": "reopened"}[action]
        conn.execute(MARK_DIRTY, [*key, f"{done}: {reason}" if reason else done, *key, *key])
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return event_no


def approve(conn, region_text: str, quarter_text: str, by: str, comment: str | None = None) -> dict:
    """Approve (and lock) a region × quarter."""
    from orchestration.defs.submissions.ledger import ensure_ledger

    ensure_tables(conn)
    ensure_ledger(conn)
    year, quarter = parse_quarter(quarter_text)
    region, name = resolve_region(conn, region_text)
    if not by or not by.strip():
        raise ApprovalError("say who approves (--by NAME)")
    lock = current_lock(conn, region, year, quarter)
    if lock is not None:
        raise ApprovalError(f"{region} {name} {year}Q{quarter} is already approved (by {lock[0]} on {lock[1]:%Y-%m-%d %H:%M})")
    event_no = _record(conn, "approve", region, year, quarter, by.strip(), comment)
    return {
        "event_no": event_no,
        "region_code": region,
        "region_name_zh": name,
        "year": year,
        "quarter": quarter,
        "submissions": _submissions(conn, region, year, quarter),
    }


def reopen(conn, region_text: str, quarter_text: str, by: str, reason: str) -> dict:
    """Reopen (unlock) an approved region × quarter; the reason is required and published."""
    from orchestration.defs.submissions.ledger import ensure_ledger

    ensure_tables(conn)
    ensure_ledger(conn)
    year, quarter = parse_quarter(quarter_text)
    region, name = resolve_region(conn, region_text)
    if not reason or not reason.strip():
        raise ApprovalError("say why it is reopened (--reason TEXT)")
    lock = current_lock(conn, region, year, quarter)
    if lock is None:
        raise ApprovalError(f"{region} {name} {year}Q{quarter} is not approved: nothing to reopen")
    event_no = _record(conn, "reopen", region, year, quarter, (by or "unknown").strip(), reason.strip())
    return {
        "event_no": event_no,
        "region_code": region,
        "region_name_zh": name,
        "year": year,
        "quarter": quarter,
        "approved_by": lock[0],
        "approved_at": lock[1],
    }


def _submissions(conn, region: str, year: int, quarter: int) -> int:
    return conn.execute(
        "select count(distinct department_code) from raw.submission_log where status = 'accepted' "
        "and region_code = ? and year = ? and quarter = ?",
        [region, year, quarter],
    ).fetchone()[0]
