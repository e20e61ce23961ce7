"""The landing folder: which files wait there, and which reporting quarter each one is for."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb

from orchestration.settings import Settings
from orchestration.submissions import reader
from orchestration.submissions.format import is_submission_file
from orchestration.submissions.validate import MACROS


def landing_files(settings: Settings, settle_seconds: float = 0) -> list[Path]:
    """Submission files under landing/ (subfolders too), oldest first; files still being written
    (modified less than `settle_seconds` ago) wait for the next look."""
    if not settings.landing_dir.exists():
        return []
    now = time.time()
    files = [p for p in settings.landing_dir.rglob("*") if p.is_file() and is_submission_file(p.name)]
    files = [p for p in files if now - p.stat().st_mtime >= settle_seconds]
    return sorted(files, key=lambda p: (p.stat().st_mtime, str(p)))


def peek_period(path: Path) -> str | None:
    """The quarter (`2023Q2`) the file's first data row states, read with the loader's own rules
    in an in-memory DuckDB (no warehouse lock); None when it cannot be read."""
    try:
        with tempfile.TemporaryDirectory(prefix="plantrack-peek-") as scratch, duckdb.connect() as conn:
            staged = reader.prepare(path, 1, Path(scratch))
            if staged.normalised is None:
                return None
            reader.stage(conn, [staged])
            conn.execute(MACROS)
            row = conn.execute(
                "select pt_year(year), pt_quarter(quarter) from stage_rows "
                "where not pt_blank(year) and not pt_blank(quarter) order by line_no limit 1"
            ).fetchone()
    except Exception:
        return None
    return f"{row[0]}Q{row[1]}" if row and row[0] and row[1] else None


def files_for_partitions(settings: Settings, keys: list[str], all_keys: list[str]) -> list[Path]:
    """Landing files whose quarter is one of `keys`; files with no readable or known quarter go with
    any run, so they reach quarantine with a report instead of waiting forever."""
    wanted, known = set(keys), set(all_keys)
    if known <= wanted:
        return landing_files(settings)
    chosen = []
    for path in landing_files(settings):
        period = peek_period(path)
        if period in wanted or period not in known:
            chosen.append(path)
    return chosen
