"""What happened to submissions after they were loaded, and what the next build must redo.

- `raw.dirty_keys`: department × region × year × quarter changed since the last successful dbt
  build (a load, a withdrawal, a hold). Written in the same transaction as the change; the
  incremental submission models rebuild exactly these (dbt macro changed_keys); the dbt asset clears
  them once a build has consumed them (`clear_dirty`).
- `raw.submission_withdrawals`: `plantrack withdraw`: who, when, why. The version stays in the
  history (as-of queries) up to that moment; the previous version counts again.
- `raw.submission_checks`: the quality gate's verdict on each accepted version, checked once after
  its load; a failed one is held (never counts; its department × region × quarter keeps its last
  good version), see checks/submission_gate.py.
"""

from __future__ import annotations

from datetime import datetime

from orchestration.defs.warehouse.migrations import migrate

# Marks the keys of the submissions selected by `{where}` (on raw.submission_log l) as changed.
MARK_DIRTY = """
insert into raw.dirty_keys (department_code, region_code, year, quarter, marked_at, reason)
select distinct l.department_code, l.region_code, l.year, l.quarter, now()::timestamp, ?
from raw.submission_log l where {where}
"""


def ensure_ledger(conn) -> None:
    """The ledger's tables (and every other accumulating table), up to date: warehouse migrations."""
    migrate(conn)


def mark_dirty(conn, where: str, reason: str, params: list | None = None) -> None:
    conn.execute(MARK_DIRTY.format(where=where), [reason, *(params or [])])


def clear_dirty(conn, up_to: datetime) -> None:
    """Hand the changes a successful build started at `up_to` has consumed over to the next publish
    (raw.unpublished_keys, which publishing patches by), in one transaction."""
    conn.execute("begin transaction")
    try:
        conn.execute(
            "insert into raw.unpublished_keys (department_code, region_code, year, quarter, marked_at) "
            "select department_code, region_code, year, quarter, marked_at "
            "from raw.dirty_keys where marked_at <= ?",
            [up_to],
        )
        conn.execute("delete from raw.dirty_keys where marked_at <= ?", [up_to])
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise


def clear_unpublished(conn, up_to: datetime) -> None:
    """Forget the changes a publish started at `up_to` has published."""
    conn.execute("delete from raw.unpublished_keys where marked_at <= ?", [up_to])


class WithdrawError(ValueError):
    """A withdrawal that cannot be done: unknown or not an accepted version, or already withdrawn."""


def withdraw(conn, submission_id: str, reason: str, withdrawn_by: str) -> tuple:
    """Withdraw an accepted version; returns (department, region, year, quarter, version now current)."""
    ensure_ledger(conn)
    row = conn.execute(
        "select status, department_code, region_code, year, quarter from raw.submission_log "
        "where submission_id = ? and status = 'accepted'",
        [submission_id],
    ).fetchone()
    if row is None:
        raise WithdrawError(f"{submission_id} is not an accepted submission version (see `plantrack status`)")
    if conn.execute("select count(*) from raw.submission_withdrawals where submission_id = ?", [submission_id]).fetchone()[0]:
        raise WithdrawError(f"{submission_id} is already withdrawn")
    conn.execute("begin transaction")
    try:
        conn.execute(
            "insert into raw.submission_withdrawals (submission_id, withdrawn_at, withdrawn_by, reason) "
            "values (?, now()::timestamp, ?, ?)",
            [submission_id, withdrawn_by, reason],
        )
        mark_dirty(conn, "l.submission_id = ?", f"withdrawn: {reason}", [submission_id])
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    remaining = conn.execute(
        """select max(l.version) from raw.submission_log l
           where l.status = 'accepted' and l.department_code = ? and l.region_code = ? and l.year = ?
             and l.quarter = ?
             and l.submission_id not in (select submission_id from raw.submission_withdrawals)
             and l.submission_id not in (select submission_id from raw.submission_checks where not passed)""",
        list(row[1:]),
    ).fetchone()[0]
    return (*row[1:], remaining)
