"""What changed since the last publish (OWID's data-diff, anomaly review).

Each publish compares its tables with the previous published file (still in place while the new
one is written) and records, in the published file:
- `publish_diff`: per table, rows before and after, rows added, removed and changed (same key,
  other values; tables without a key count added/removed rows as a multiset);
- `publish_changes`: the largest changes of published progress: a target whose status flipped
  (mart_progress) and an actual revised by more than PLANTRACK_DIFF_THRESHOLD_PCT percent (default
  10) (fct_actual), the largest first.
Both keep the rows of earlier publishes, so `plantrack diff 12` shows version 12's.

Cost follows what changed: a patched publish compares the large tables only in the partitions it
replaced (the rest is the previous file's bytes, unchanged by construction); the small tables are
compared whole. A publish afresh compares everything.
"""

from __future__ import annotations

import os

import typer

from orchestration.defs.publishing.incremental import PARTITIONED
from orchestration.sql import identifier, literal

# The key of each published table (rows with the same key and other values are "changed").
KEYS = {
    "dim_region": ["region_code"],
    "dim_indicator": ["indicator_code"],
    "dim_department": ["department_code"],
    "dim_plan": ["plan_id"],
    "dim_quarter": ["quarter_key"],
    "fct_target": ["target_key"],
    "fct_actual": ["actual_key"],
    "mart_progress": ["target_key"],
    "fct_submission": ["submission_id"],
    "fct_submission_history": ["history_key"],
    "mart_submission_completeness": ["completeness_key"],
    "mart_approval_status": ["region_code", "year", "quarter"],
    "mart_approval_audit": ["event_no"],
    "mart_reporting_status": ["level", "code"],
}
TOP_CHANGES = 50
DIFF_DDL = """
create table if not exists publishing.main.publish_diff (
    version integer, table_name varchar, scope varchar, rows_before bigint, rows_after bigint,
    rows_added bigint, rows_removed bigint, rows_changed bigint);
create table if not exists publishing.main.publish_changes (
    version integer, kind varchar, region_code varchar, region_name_zh varchar, indicator_code varchar,
    indicator_name_zh varchar, year integer, quarter integer, row_key varchar, before_text varchar,
    after_text varchar, before_value double, after_value double, change_pct double);
"""

STATUS_FLIPS = """
insert into publishing.main.publish_changes
select ?, 'status_flipped', n.region_code, r.name_zh, n.indicator_code, n.indicator_name_zh, n.year, null,
    n.target_key, p.status, n.status, p.judged_value, n.judged_value,
    round(100.0 * (n.judged_value - p.judged_value) / nullif(abs(p.judged_value), 0), 2)
from publishing.main.mart_progress n
join diff_previous.main.mart_progress p using (target_key)
left join publishing.main.dim_region r on r.region_code = n.region_code
where p.status is distinct from n.status
order by n.region_code, n.indicator_code, n.year
limit {top}
"""

REVISIONS = """
insert into publishing.main.publish_changes
select ?, 'actual_revised', n.region_code, r.name_zh, n.indicator_code, i.name_zh, n.year, n.quarter,
    n.actual_key, p.submission_id, n.submission_id, p.value, n.value,
    round(100.0 * (n.value - p.value) / abs(p.value), 2) as change_pct
from (select * from publishing.main.fct_actual t where {scope}) n
join (select * from diff_previous.main.fct_actual t where {scope}) p using (actual_key)
left join publishing.main.dim_region r on r.region_code = n.region_code
left join publishing.main.dim_indicator i on i.indicator_code = n.indicator_code
where p.value <> 0 and abs(n.value - p.value) / abs(p.value) * 100 > ?
order by abs(n.value - p.value) / abs(p.value) desc, n.actual_key
limit {top}
"""


def threshold_pct() -> float:
    return float(os.environ.get("PLANTRACK_DIFF_THRESHOLD_PCT", "10"))


def _columns(conn, database: str, table: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "select column_name from duckdb_columns() where database_name = ? and schema_name = 'main' and table_name = ? "
            "order by column_index",
            [database, table],
        ).fetchall()
    ]


def _scope(table: str, patched: bool, cutoff) -> tuple[str, list]:
    """The rows a patched publish replaced in a partitioned table (incremental.patch's rule), else all."""
    if not patched or table not in PARTITIONED:
        return "true", []
    columns, also = PARTITIONED[table]
    changed = " and ".join(f"c.{c} = t.{c}" for c in columns)
    where = f"(exists (select 1 from changed_{len(columns)} c where {changed})"
    params = []
    if also:
        where += " or " + also.replace("$cutoff", "?")
        params = [cutoff] if "$cutoff" in also else []
    return where + ")", params


def _compare(conn, table: str, common: list[str], where: str, params: list) -> tuple[int, int, int | None]:
    """(added, removed, changed) of `table` between diff_previous and publishing, rows in `where`."""
    values = ", ".join(identifier(c) for c in common)
    key = KEYS.get(table)
    if key and all(k in common for k in key):
        keys = ", ".join(identifier(k) for k in key)
        sql = f"""
            with p as (select {keys}, hash({values}) as h from diff_previous.main.{table} t where {where}),
                 n as (select {keys}, hash({values}) as h from publishing.main.{table} t where {where})
            select count(*) filter (where p.h is null), count(*) filter (where n.h is null),
                   count(*) filter (where p.h <> n.h)
            from p full join n using ({keys})"""
        return conn.execute(sql, params * 2).fetchone()
    sql = f"""
        select (select count(*) from (select {values} from publishing.main.{table} t where {where}
                                      except all select {values} from diff_previous.main.{table} t where {where})),
               (select count(*) from (select {values} from diff_previous.main.{table} t where {where}
                                      except all select {values} from publishing.main.{table} t where {where}))"""
    added, removed = conn.execute(sql, params * 4).fetchone()
    return added, removed, None


def record(conn, published_path, tables: list[str], version: int, patched: bool, cutoff) -> dict:
    """Compare the attached `publishing` copy with the file at `published_path` (the previous version)
    and write publish_diff / publish_changes into the copy. Returns {"tables": [...], "changes": [...]}."""
    databases = {r[0] for r in conn.execute("select database_name from duckdb_databases()").fetchall()}
    present = {
        r[0]
        for r in conn.execute(
            "select table_name from duckdb_tables() where database_name = 'publishing' and schema_name = 'main'"
        ).fetchall()
    }
    fresh = "publish_diff" not in present
    conn.execute(DIFF_DDL)
    previous = False
    if published_path.exists() and "diff_previous" not in databases:
        try:
            conn.execute(f"attach {literal(published_path)} as diff_previous (read_only)")
            previous = True
        except Exception:  # noqa: BLE001 - an unreadable previous file: everything counts as added
            previous = False
    try:
        old = set()
        if previous:
            old = {
                r[0]
                for r in conn.execute(
                    "select table_name from duckdb_tables() where database_name = 'diff_previous' and schema_name = 'main'"
                ).fetchall()
            }
            if fresh:  # a publish afresh: carry the history over (a patched copy has it already)
                for name in ("publish_diff", "publish_changes"):
                    if name in old:
                        conn.execute(f"insert into publishing.main.{name} by name select * from diff_previous.main.{name}")
        conn.execute("delete from publishing.main.publish_diff where version = ?", [version])
        conn.execute("delete from publishing.main.publish_changes where version = ?", [version])
        rows = []
        for table in tables:
            (after,) = conn.execute(f"select count(*) from publishing.main.{table}").fetchone()
            if table not in old:
                rows.append((version, table, "new table", 0, after, after, 0, 0))
                continue
            (before,) = conn.execute(f"select count(*) from diff_previous.main.{table}").fetchone()
            common = [c for c in _columns(conn, "publishing", table) if c in set(_columns(conn, "diff_previous", table))]
            where, params = _scope(table, patched, cutoff)
            added, removed, changed = _compare(conn, table, common, where, params)
            scope = "changed partitions" if where != "true" else "whole table"
            rows.append((version, table, scope, before, after, added, removed, changed))
        conn.executemany("insert into publishing.main.publish_diff values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        if previous and {"mart_progress", "fct_actual"} <= old:
            conn.execute(STATUS_FLIPS.format(top=TOP_CHANGES), [version])
            where, params = _scope("fct_actual", patched, cutoff)
            conn.execute(REVISIONS.format(scope=where, top=TOP_CHANGES), [version, *params, *params, threshold_pct()])
    finally:
        if previous:
            conn.execute("detach diff_previous")
    return summary(conn, "publishing", version)


def summary(conn, database: str, version: int) -> dict:
    tables = [
        dict(zip(("table", "scope", "before", "after", "added", "removed", "changed"), r))
        for r in conn.execute(
            f"select table_name, scope, rows_before, rows_after, rows_added, rows_removed, rows_changed "
            f"from {database}.main.publish_diff where version = ? order by table_name",
            [version],
        ).fetchall()
    ]
    changes = [
        dict(
            zip(
                (
                    "kind",
                    "region",
                    "region_name",
                    "indicator",
                    "indicator_name",
                    "year",
                    "quarter",
                    "before",
                    "after",
                    "before_value",
                    "after_value",
                    "change_pct",
                ),
                r,
            )
        )
        for r in conn.execute(
            f"select kind, region_code, region_name_zh, indicator_code, indicator_name_zh, year, quarter, before_text, "
            f"after_text, before_value, after_value, change_pct from {database}.main.publish_changes where version = ? "
            f"order by kind desc, abs(change_pct) desc nulls last, region_code, indicator_code",
            [version],
        ).fetchall()
    ]
    return {"version": version, "tables": tables, "changes": changes}


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:,.4g}" if isinstance(value, float) else str(value)


def markdown(diff: dict, changed_only: bool = True) -> str:
    """The diff as Markdown tables (Dagster metadata, the CLI)."""
    shown = [t for t in diff["tables"] if not changed_only or t["added"] or t["removed"] or t["changed"]]
    lines = [
        f"Version {diff['version']}: {len(shown)} table(s) changed" + (f" of {len(diff['tables'])}" if changed_only else ""),
        "",
        "| table | before | after | added | removed | changed | compared |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    lines += [
        f"| {t['table']} | {t['before']} | {t['after']} | {t['added']} | {t['removed']} | "
        f"{'' if t['changed'] is None else t['changed']} | {t['scope']} |"
        for t in shown
    ]
    if diff["changes"]:
        lines += [
            "",
            f"Largest changes of published progress ({len(diff['changes'])}):",
            "",
            "| kind | region | indicator | year | quarter | before | after | change % |",
            "|---|---|---|---|---|---|---|---:|",
        ]
        for c in diff["changes"]:
            before = c["before"] if c["kind"] == "status_flipped" else _number(c["before_value"])
            after = c["after"] if c["kind"] == "status_flipped" else _number(c["after_value"])
            lines.append(
                f"| {c['kind']} | {c['region']} {c['region_name'] or ''} | {c['indicator_name'] or c['indicator']} | "
                f"{c['year']} | {c['quarter'] or ''} | {before} | {after} | {_number(c['change_pct'])} |"
            )
    else:
        lines += ["", "No status flipped and no actual revised by more than the threshold."]
    return "\n".join(lines)


def read(published_path, version: int | None = None) -> dict:
    """The diff of `version` (default: the published one) from the published file."""
    import duckdb

    with duckdb.connect(str(published_path), read_only=True) as conn:
        tables = {r[0] for r in conn.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
        if "publish_diff" not in tables:
            raise LookupError(f"{published_path} has no publish_diff (published before diffs were recorded)")
        if version is None:
            (version,) = conn.execute("select max(version) from publish_diff").fetchone()
        known = [r[0] for r in conn.execute("select distinct version from publish_diff order by 1").fetchall()]
        if version not in known:
            raise LookupError(f"no diff for version {version}; recorded: {', '.join(map(str, known)) or 'none'}")
        return summary(conn, conn.execute("select current_database()").fetchone()[0], version)


def diff(
    version: int = typer.Argument(None, help="The published version (default: the current one); see publish_log."),
    all_tables: bool = typer.Option(False, "--all", help="List unchanged tables too."),
) -> None:
    """What changed in a publish against the previous one: rows added, removed and changed per table,
    and the largest changes of published progress (status flips, actuals revised beyond the threshold)."""
    from orchestration.settings import load_settings

    path = load_settings().published_path
    if not path.exists():
        typer.secho(f"plantrack: no published file at {path}: run `plantrack run` first.", fg="red", err=True)
        raise typer.Exit(code=1)
    try:
        found = read(path, version)
    except LookupError as error:
        typer.secho(f"plantrack: {error}.", fg="red", err=True)
        raise typer.Exit(code=1) from error
    typer.echo(markdown(found, changed_only=not all_tables))


def register(app: typer.Typer) -> None:
    app.command()(diff)
