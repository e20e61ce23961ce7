"""Publishing for BI tools: a separate DuckDB file, replaced atomically, readable by DuckDB 1.x.

The new file is written beside the old one under a temporary name and renamed over it, so a
reader either has the old file open (and keeps it: the rename does not touch an open inode) or
opens the new one. Never a half-written state. The replaced file stays, as a hard link, in
`<dir>/versions/` (the last KEEP_VERSIONS of them) for `rollback`. A publish killed half-way
leaves its temporary file (named after its pid) and `.wal` behind: the next publish or rollback
removes those whose process is gone.

Work in proportion to what changed (incremental.py): when it can, a publish patches a copy of the
previous file, replacing the small tables and only the changed partitions of the large ones.

Besides the tables of PUBLISHED_TABLES the file holds `dq_issues` (every failed expectation of the
latest gate, warnings in practice: a critical failure never gets this far) and `publish_log`
(one row per publish, carried over from the previous file: version, time, row counts, suites
passed and warned), `publish_diff` and `publish_changes` (what changed against the previous version,
diff.py). Beside the file, `exports/v<version>/` holds SDMX-CSV and Parquet copies (exports.py).
"""

from __future__ import annotations

from orchestration.writer_lock import pid_running

import json
import os
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from orchestration.defs.publishing import diff, exports, incremental
from orchestration.defs.publishing.comments import write_comments
from orchestration.defs.submissions.ledger import clear_unpublished, ensure_ledger
from orchestration.sql import literal

# DuckDB 2.x writes a format 1.x clients cannot read unless told otherwise.
STORAGE_VERSION = "v1.0.0"
KEEP_VERSIONS = 3

PUBLISHED_TABLES = {
    "dim_region": "core",
    "dim_indicator": "core",
    "dim_department": "core",
    "dim_plan": "core",
    "dim_quarter": "core",
    "dim_progress_vocabulary": "core",
    "fct_target": "core",
    "fct_target_source": "core",
    "bridge_target_department": "core",
    "fct_actual": "core",
    "mart_progress": "marts",
    "fct_submission": "core",
    "fct_submission_history": "core",
    "mart_submission_completeness": "marts",
    "mart_submission_completeness_by_department": "marts",
    "mart_submission_completeness_by_region": "marts",
    "mart_department_scorecard": "marts",
    "mart_reconciliation": "marts",
    "mart_labels": "marts",
    "mart_progress_labelled": "marts",
    "mart_department_scorecard_labelled": "marts",
    "mart_approval_status": "marts",
    "mart_approval_audit": "marts",
    "mart_reporting_status": "marts",
}

# Failed expectations of the latest gate, and every submission version the gate holds back (checked
# once, when it was loaded; held until a corrected version replaces it).
DQ_ISSUES = """
create table publishing.main.dq_issues as
select * from (
    select
        r.suite, r.asset_key, r.expectation, r.column_name, r.severity, r.description,
        r.unexpected_count, u.row_label, u.unexpected_value, r.checked_at, r.run_id, r.data_docs_url
    from quality.expectation_results r
    left join quality.unexpected_rows u using (suite, expectation, column_name)
    where not r.success
    union all by name
    select
        substr(c.check_name, 4) as suite, 'raw/submission_values' as asset_key, 'held' as expectation,
        cast(null as varchar) as column_name, 'held' as severity,
        'held by the quality gate (its department × region × quarter keeps its last good version): ' || c.reason
            as description,
        cast(null as bigint) as unexpected_count, c.submission_id as row_label, cast(null as varchar) as unexpected_value,
        c.checked_at, cast(null as varchar) as run_id, cast(null as varchar) as data_docs_url
    from raw.submission_checks c where not c.passed
)
order by severity, suite, expectation, row_label
"""

PUBLISH_LOG = """
create table publishing.main.publish_log (
    version integer, published_at timestamp, run_id varchar, row_counts json,
    suites_passed varchar[], suites_warned varchar[], suites_failed varchar[], dq_issues bigint,
    storage_version varchar, submissions_held varchar[], publish_mode varchar
)
"""


def remove_leftovers(published_path: Path) -> list[Path]:
    """Remove the temporary files (`.<name>.<pid>.tmp` with its `.wal`, `.<name>.<pid>.rollback`)
    that a publish or rollback killed half-way left beside the published file, when that pid is no
    longer running; returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(published_path.name)}\.(\d+)\.(tmp|tmp\.wal|rollback|rollback\.wal)$")
    removed = []
    for path in published_path.parent.glob(f".{published_path.name}.*"):
        match = pattern.match(path.name)
        if match and int(match.group(1)) != os.getpid() and not pid_running(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def publish(conn, published_path: Path, run_id: str | None = None) -> dict:
    """Copy the published tables from the warehouse connection into a new file, then swap it in."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(published_path)
    temp_path = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    temp_path.unlink(missing_ok=True)
    previous = current_version(published_path)
    version = max([previous, *kept_versions(published_path)]) + 1  # numbers never repeat, rollbacks too
    ensure_ledger(conn)
    (started,) = conn.execute("select now()::timestamp").fetchone()
    reason, cutoff = _patchable(conn, published_path)
    if reason is None:  # patch a copy of the previous file (incremental.py)
        shutil.copyfile(published_path, temp_path)
        conn.execute(f"attach {literal(temp_path)} as publishing")
    else:
        conn.execute(f"attach {literal(temp_path)} as publishing (storage_version {literal(STORAGE_VERSION)})")
    exported = None
    try:
        if reason is None:
            conn.execute("drop table if exists publishing.main.dq_issues")
            conn.execute("drop table if exists publishing.main.publish_log")
            incremental.stage_changed(conn, started)
            incremental.patch(conn, PUBLISHED_TABLES, cutoff)
            changed = conn.execute("select count(*) from changed_4").fetchone()[0]
            mode = f"patched: {changed} changed department × region × quarter(s)"
        else:
            for table, schema in PUBLISHED_TABLES.items():
                conn.execute(f"create table publishing.main.{table} as select * from {schema}.{table}")
            mode = f"full: {reason}"
        counts = {
            table: conn.execute(f"select count(*) from publishing.main.{table}").fetchone()[0] for table in PUBLISHED_TABLES
        }
        suites = _write_quality(conn)
        changes = diff.record(conn, published_path, list(PUBLISHED_TABLES), version, reason is None, cutoff)
        exported = exports.write(conn, published_path, list(PUBLISHED_TABLES), version)
        log_row = {
            "version": version,
            "published_at": datetime.now(timezone.utc).replace(tzinfo=None),
            "run_id": run_id,
            "row_counts": json.dumps(counts),
            **suites,
            "storage_version": STORAGE_VERSION,
            "publish_mode": mode,
        }
        _write_log(conn, published_path, log_row)
        write_comments(conn)  # the dbt descriptions as COMMENT ON, for BI tools (comments.py)
    except Exception:
        conn.execute("detach publishing")
        temp_path.unlink(missing_ok=True)
        exports.discard(exported)
        raise
    conn.execute("detach publishing")
    _keep_previous(published_path, previous)
    os.replace(temp_path, published_path)
    exports_path = exports.commit(exported, published_path, version)
    clear_unpublished(conn, started)
    return {**log_row, "row_counts": counts, "diff": changes, "exports": str(exports_path)}


def _patchable(conn, published_path: Path):
    """(None, cutoff) when the previous file can be patched, else (the reason, None); cutoff: the day
    before the previous publish (completeness rows whose deadline is later may have changed status)."""
    if not published_path.exists():
        return "no previous file", None
    if max(kept_versions(published_path), default=0) > current_version(published_path):
        return "the previous file is a rollback", None  # changes since it were published in a later version
    try:
        conn.execute(f"attach {literal(published_path)} as previous (read_only)")
    except Exception as error:  # noqa: BLE001 - an unreadable previous file: publish afresh
        return f"previous file unreadable ({str(error).splitlines()[0]})", None
    try:
        reason = incremental.why_not_patch(conn, PUBLISHED_TABLES, published_path)
        if reason is None:
            (last,) = conn.execute("select max(published_at) from previous.main.publish_log").fetchone()
            if last is None:
                return "previous file has no publish_log", None
            return None, (last - timedelta(days=1)).date()
        return reason, None
    except Exception as error:  # noqa: BLE001 - an older file without publish_log and the like
        return f"previous file not patchable ({str(error).splitlines()[0]})", None
    finally:
        conn.execute("detach previous")


def _write_quality(conn) -> dict:
    """dq_issues from the gate's latest results; which suites passed, warned or failed."""
    from orchestration.defs.quality.results import ensure_tables

    ensure_tables(conn)
    conn.execute(DQ_ISSUES)
    (issues,) = conn.execute("select count(*) from publishing.main.dq_issues").fetchone()
    rows = conn.execute(
        """select suite,
                  bool_or(not success and severity = 'critical') as failed,
                  bool_or(not success) as warned
           from quality.expectation_results group by suite order by suite"""
    ).fetchall()
    held = [r[0] for r in conn.execute("select submission_id from raw.submission_checks where not passed order by 1").fetchall()]
    return {
        "submissions_held": held,
        "suites_passed": [s for s, failed, warned in rows if not warned],
        "suites_warned": [s for s, failed, warned in rows if warned and not failed],
        "suites_failed": [s for s, failed, warned in rows if failed],
        "dq_issues": issues,
    }


def _write_log(conn, published_path: Path, row: dict) -> None:
    """publish_log: the previous file's rows, then this publish."""
    conn.execute(PUBLISH_LOG)
    if published_path.exists():
        try:
            conn.execute(f"attach {literal(published_path)} as previous (read_only)")
            conn.execute("insert into publishing.main.publish_log by name select * from previous.main.publish_log")
        except Exception:  # noqa: BLE001 - an older file's log may lack columns; history restarts
            pass
        finally:
            if "previous" in {r[0] for r in conn.execute("select database_name from duckdb_databases()").fetchall()}:
                conn.execute("detach previous")
    columns = ", ".join(row)
    conn.execute(
        f"insert into publishing.main.publish_log ({columns}) values ({', '.join('?' for _ in row)})",
        list(row.values()),
    )


def current_version(published_path: Path) -> int:
    """The version number of the published file (0 when there is none or it has no log)."""
    import duckdb

    if not published_path.exists():
        return 0
    try:
        with duckdb.connect(str(published_path), read_only=True) as conn:
            return conn.execute("select coalesce(max(version), 0) from publish_log").fetchone()[0]
    except Exception:  # noqa: BLE001 - a file from before versions were numbered
        return 0


def versions_dir(published_path: Path) -> Path:
    return published_path.parent / "versions"


def kept_versions(published_path: Path) -> dict[int, Path]:
    """The previous published files kept for rollback, by version number."""
    pattern = re.compile(rf"{re.escape(published_path.stem)}-v(\d+){re.escape(published_path.suffix)}$")
    found = {}
    for path in versions_dir(published_path).glob(f"{published_path.stem}-v*"):
        match = pattern.match(path.name)
        if match:
            found[int(match.group(1))] = path
    return dict(sorted(found.items()))


def _keep_previous(published_path: Path, version: int) -> None:
    """Keep the file about to be replaced (a hard link: no copy, no window) and prune old ones."""
    if not published_path.exists():
        return
    folder = versions_dir(published_path)
    folder.mkdir(exist_ok=True)
    kept = folder / f"{published_path.stem}-v{version:05d}{published_path.suffix}"
    kept.unlink(missing_ok=True)
    try:
        os.link(published_path, kept)
    except OSError:  # a filesystem without hard links
        shutil.copy2(published_path, kept)
    for old in list(kept_versions(published_path).values())[:-KEEP_VERSIONS]:
        old.unlink()


def rollback(published_path: Path, version: int | None = None) -> int:
    """Put a kept version back in place, atomically; the newest kept one unless told which."""
    remove_leftovers(published_path)
    kept = kept_versions(published_path)
    if not kept:
        raise FileNotFoundError(f"no kept versions in {versions_dir(published_path)}")
    version = max(kept) if version is None else version
    if version not in kept:
        raise FileNotFoundError(f"version {version} is not kept; kept: {sorted(kept)}")
    temp_path = published_path.with_name(f".{published_path.name}.{os.getpid()}.rollback")
    shutil.copy2(kept[version], temp_path)
    _keep_previous(published_path, current_version(published_path))  # so a rollback can be undone
    os.replace(temp_path, published_path)
    exports.point_latest(published_path, version)  # exports/latest follows, if that version's are kept
    return version
