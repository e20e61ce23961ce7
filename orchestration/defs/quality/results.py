"""The gate's results in the warehouse (schema `quality`), where publishing finds them.

`quality.expectation_results` holds one row per expectation of the latest validation of each
suite; `quality.unexpected_rows` the rows that failed it (at most a few per expectation). A suite's
rows are replaced each time it runs, so the tables always say what the last gate said.
"""

from __future__ import annotations

from orchestration.defs.quality.gx_suites import SuiteFile, SuiteValidation
from orchestration.defs.warehouse.migrations import migrate
from orchestration.defs.warehouse.transaction import transaction

SCHEMA = "quality"


def ensure_tables(conn) -> None:
    """The gate's tables, up to date (they are created and changed by the warehouse migrations)."""
    migrate(conn)


def record(conn, suite: SuiteFile, validation: SuiteValidation, run_id: str) -> None:
    """Replace the suite's rows with this validation's, in one transaction."""
    import pandas as pd  # not at code-location load

    outcomes = validation.outcomes
    results = pd.DataFrame(
        {
            "checked_at": [validation.checked_at] * len(outcomes),
            "run_id": run_id,
            "suite": suite.name,
            "asset_key": "/".join(suite.asset_key),
            "expectation": [o.expectation for o in outcomes],
            "column_name": [o.column for o in outcomes],
            "severity": [o.severity for o in outcomes],
            "success": [o.success for o in outcomes],
            "unexpected_count": pd.array([o.unexpected_count for o in outcomes], dtype="Int64"),
            "description": [o.description for o in outcomes],
            "data_docs_url": validation.docs_url,
        }
    )
    rows = pd.DataFrame(
        [(suite.name, o.expectation, o.column, label, value) for o in outcomes for label, value in o.unexpected_rows],
        columns=["suite", "expectation", "column_name", "row_label", "unexpected_value"],
        dtype="string",
    )
    ensure_tables(conn)
    with transaction(conn, incoming_results=results, incoming_rows=rows):
        for table in ("expectation_results", "unexpected_rows"):
            conn.execute(f"delete from {SCHEMA}.{table} where suite = ?", [suite.name])
        conn.execute(f"insert into {SCHEMA}.expectation_results by name select * from incoming_results")
        conn.execute(f"insert into {SCHEMA}.unexpected_rows by name select * from incoming_rows")
