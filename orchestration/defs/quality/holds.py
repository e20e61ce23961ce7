"""Failure isolation: a critical failure of a batch suite holds that batch, not the whole gate.

Suites whose `meta.hold_batches` names a batch column (raw_submissions: `submission_id`) validate
only batches not judged before, right after they are loaded and before any model is built on them.
A batch that fails a critical expectation is *held*: recorded in raw.submission_checks with the
expectations it failed, its department × region × quarter marked for rebuild, so the models keep
that quarter's last good version and everything else publishes. Every other batch validated is
recorded as passed, so it is never validated again (the gate's work grows with what is new).

What is critical at which grain (docs/progress.md): per submission batch → held; any other critical
failure (a dimension, the plan tables, a mart) → the gate fails and nothing is published.
"""

from __future__ import annotations

from collections import defaultdict

from orchestration.defs.quality.gx_suites import SuiteFile, SuiteValidation
from orchestration.defs.submissions.ledger import ensure_ledger, mark_dirty


def hold_failed_batches(conn, suite: SuiteFile, validation: SuiteValidation) -> dict[str, list[str]]:
    """Record the verdict on every batch the suite judged; returns {held batch: [failed expectations]}."""
    held: dict[str, list[str]] = defaultdict(list)
    for outcome in validation.critical_failures:
        for batch in outcome.unexpected_batches:
            held[batch].append(outcome.description or f"{outcome.expectation} {outcome.column}")
    ensure_ledger(conn)
    conn.execute("begin transaction")
    try:
        conn.execute(
            "create or replace temp table held_now as select unnest(?::varchar[]) as submission_id, "
            "unnest(?::varchar[]) as reason",
            [list(held), ["; ".join(r) for r in held.values()]],
        )
        # every batch the suite judged (its SQL, not the frame: only offending rows reach GX), once
        conn.execute(
            f"""insert into raw.submission_checks (submission_id, checked_at, passed, check_name, reason)
            select b.batch, now()::timestamp, h.submission_id is null, ?, h.reason
            from (select distinct cast({suite.batch_column} as varchar) as batch from ({suite.sql})) b
            left join held_now h on h.submission_id = b.batch""",
            [f"gx_{suite.name}"],
        )
        if held:
            mark_dirty(conn, "l.submission_id in (select submission_id from held_now)", "held by the quality gate")
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return dict(held)


def unattributed(validation: SuiteValidation) -> list:
    """Critical failures that name no batch: these still fail the gate."""
    return [o for o in validation.critical_failures if not o.unexpected_batches]
