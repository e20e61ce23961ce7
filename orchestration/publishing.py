"""Publishing for BI tools: a separate DuckDB file, replaced atomically, readable by DuckDB 1.x.

The new file is written beside the old one under a temporary name and renamed over it, so a
reader either has the old file open (and keeps it: the rename does not touch an open inode) or
opens the new one. Never a half-written state.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

# DuckDB 2.x writes a format 1.x clients cannot read unless told otherwise.
STORAGE_VERSION = "v1.0.0"
KEEP_VERSIONS = 3

PUBLISHED_TABLES = {
    "dim_region": "core",
    "dim_indicator": "core",
    "dim_department": "core",
    "dim_plan": "core",
    "dim_quarter": "core",
    "fct_target": "core",
    "bridge_target_department": "core",
    "fct_actual": "core",
    "mart_progress": "marts",
    "fct_submission": "core",
    "fct_submission_history": "core",
    "mart_submission_completeness": "marts",
    "mart_submission_completeness_by_department": "marts",
    "mart_submission_completeness_by_region": "marts",
}


def publish(conn, published_path: Path) -> dict[str, int]:
    """Copy the published tables from the warehouse connection into a new file, then swap it in."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    temp_path = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    temp_path.unlink(missing_ok=True)
    conn.execute(f"attach '{temp_path}' as publishing (storage_version '{STORAGE_VERSION}')")
    try:
        counts = {}
        for table, schema in PUBLISHED_TABLES.items():
            conn.execute(f"create table publishing.main.{table} as select * from {schema}.{table}")
            counts[table] = conn.execute(f"select count(*) from publishing.main.{table}").fetchone()[0]
        conn.execute(
            "create table publishing.main.publish_log as select ? as published_at, ? as row_counts",
            [datetime.now(timezone.utc).replace(tzinfo=None), str(counts)],
        )
    except Exception:
        conn.execute("detach publishing")
        temp_path.unlink(missing_ok=True)
        raise
    conn.execute("detach publishing")
    _keep_previous(published_path)
    os.replace(temp_path, published_path)
    return counts


def _keep_previous(published_path: Path) -> None:
    """Keep the last few published files for rollback in `<dir>/versions/`."""
    if not published_path.exists():
        return
    versions = published_path.parent / "versions"
    versions.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(published_path.stat().st_mtime))
    shutil.copy2(published_path, versions / f"{published_path.stem}-{stamp}{published_path.suffix}")
    for old in sorted(versions.glob(f"{published_path.stem}-*"))[:-KEEP_VERSIONS]:
        old.unlink()
