"""Publishing what changed: the previous published file, patched, instead of every row copied again.

A publish copies the previous file (bytes, seconds even at national scale) and, in the copy, replaces
- the small tables whole (dimensions, targets, the progress marts: thousands of rows), and
- in the three large tables, only the partitions that changed since the last publish
  (raw.unpublished_keys: the department × region × year × quarters the dbt builds since then have
  rebuilt, handed over by `ledger.clear_dirty`):
  `fct_actual` per region × year (and every document figure), `fct_submission_history` and
  `mart_submission_completeness` per department × region × year × quarter (completeness also for
  every quarter whose deadline passed since the previous publish: "missing" depends on the day).
The previous file is patched only when it can be: it exists and is not a rollback (publish.py),
every table has the same columns, and
the reference tables (regions, indicators, departments, plans, targets, their leads) are identical,
since names and targets appear in the large tables' rows. Otherwise everything is published afresh.
A test compares a patched file with one published afresh, row for row.
"""

from __future__ import annotations

from pathlib import Path

PARTITIONED = {
    "fct_actual": (["region_code", "year"], "source_type = 'document'"),
    "fct_submission_history": (["department_code", "region_code", "year", "quarter"], None),
    "mart_submission_completeness": (["department_code", "region_code", "year", "quarter"], "deadline >= $cutoff"),
}
REFERENCE = [
    "dim_region",
    "dim_indicator",
    "dim_department",
    "dim_plan",
    "dim_quarter",
    "fct_target",
    "bridge_target_department",
    "dim_progress_vocabulary",
]


def _columns(conn, relation: str) -> list[tuple]:
    return [tuple(r[:2]) for r in conn.execute(f"describe {relation}").fetchall()]


def _fingerprint(conn, relation: str) -> tuple:
    return conn.execute(f"select count(*), sum(hash(t)) from {relation} t").fetchone()


def why_not_patch(conn, tables: dict[str, str], previous: Path) -> str | None:
    """None when the previous file (attached as `previous`) can be patched; else the reason."""
    if not previous.exists():
        return "no previous file"
    present = {
        r[0]
        for r in conn.execute(
            "select table_name from duckdb_tables() where database_name = 'previous' and schema_name = 'main'"
        ).fetchall()
    }
    for table, schema in tables.items():
        if table not in present:
            return f"{table} is new"
        if _columns(conn, f"previous.main.{table}") != _columns(conn, f"{schema}.{table}"):
            return f"{table} has other columns"
    for table in REFERENCE:
        if _fingerprint(conn, f"previous.main.{table}") != _fingerprint(conn, f"{tables[table]}.{table}"):
            return f"{table} changed"
    return None


def patch(conn, tables: dict[str, str], cutoff) -> None:
    """In the attached copy `publishing`: small tables whole, large ones by changed partition."""
    for table, schema in tables.items():
        if table not in PARTITIONED:
            conn.execute(f"create or replace table publishing.main.{table} as select * from {schema}.{table}")
            continue
        columns, also = PARTITIONED[table]
        changed = " and ".join(f"c.{c} = t.{c}" for c in columns)
        where = f"exists (select 1 from changed_{len(columns)} c where {changed})"
        if also:
            where += " or " + also.replace("$cutoff", "?")
        params = [cutoff] if also and "$cutoff" in also else []
        conn.execute(f"delete from publishing.main.{table} t where {where}", params)
        conn.execute(f"insert into publishing.main.{table} select * from {schema}.{table} t where {where}", params)


def stage_changed(conn, up_to) -> None:
    """Temp tables of the partitions changed since the last publish, at both grains."""
    conn.execute(
        "create or replace temp table changed_4 as select distinct department_code, region_code, year, "
        "quarter from raw.unpublished_keys where marked_at <= ?",
        [up_to],
    )
    conn.execute("create or replace temp table changed_2 as select distinct region_code, year from changed_4")
