"""The landing folder: which files wait there, whether each is complete, and which quarter it is for.

A file still being written is not read. Two rules (docs/submissions.md, "Dropping files"):

- **Rename when done.** Names the folder ignores: `*.part`, `*.tmp`, `*.crdownload` (anything not
  ending in .csv or .xlsx), hidden files and folders (`.name`), Excel's lock files (`~$name.xlsx`).
  A copy written under such a name and renamed at the end is never seen half-written.
- **Settled.** The landing sensor takes a file only when its size and modification time are the
  same at two looks at least `settle_seconds` apart (`PLANTRACK_SETTLE_SECONDS`, default 5). It keeps
  its previous look in its cursor (`LandingLook`) rather than sleeping, and asks the run to load
  exactly the files it found settled. `plantrack submit FILE` loads the files the user names, at once.

`peek_period` reads only the first rows of a file (a CSV's first 64 KiB, an .xlsx's first rows in
read-only mode); the sensor keeps its answer and the file's checksum in the cursor per (path, size,
mtime), so a tick over unchanged files only lists the folder.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime
from pathlib import Path

from orchestration.settings import Settings
from orchestration.defs.submissions import reader, xlsx
from orchestration.defs.submissions.format import is_submission_file
from orchestration.defs.submissions.validate import MACROS

PEEK_BYTES = 64 * 1024
PEEK_XLSX_ROWS = 50


def settle_seconds() -> float:
    """How long a file's size and mtime must stay unchanged before the sensor takes it."""
    return float(os.environ.get("PLANTRACK_SETTLE_SECONDS", "5"))


def _in_hidden_folder(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts[:-1])


def landing_files(settings: Settings, settle_seconds: float = 0) -> list[Path]:
    """Submission files under landing/ (subfolders too, hidden ones not), oldest first; files
    modified less than `settle_seconds` ago wait for the next look."""
    root = settings.landing_dir
    if not root.exists():
        return []
    now = time.time()
    files = [p for p in root.rglob("*") if is_submission_file(p.name) and not _in_hidden_folder(p, root) and p.is_file()]
    stats = {p: p.stat() for p in files}
    files = [p for p in files if now - stats[p].st_mtime >= settle_seconds]
    return sorted(files, key=lambda p: (stats[p].st_mtime, str(p)))


# --- the quarter a file is for -------------------------------------------------------------------

_parser = None  # one in-memory DuckDB with the loader's macros, so a quarter is read by the loader's rules
_parser_lock = threading.Lock()


@lru_cache(maxsize=4096)  # files repeat a handful of spellings (2023 / Q2 / 第二季度)
def _period(year: str, quarter: str) -> str | None:
    """The loader's pt_year and pt_quarter (validate.py's macros, the one home of how a period is
    written), run in an in-memory DuckDB kept for the process."""
    global _parser
    import duckdb

    with _parser_lock:
        if _parser is None:
            _parser = duckdb.connect()
            _parser.execute(MACROS)
        row = _parser.execute("select pt_year(?), pt_quarter(?)", [year, quarter]).fetchone()
    return f"{row[0]}Q{row[1]}" if row[0] and row[1] else None


def _blank(text) -> bool:
    return (text or "").strip(" \t\u3000") == ""


def _decode_prefix(data: bytes, complete: bool) -> str:
    """The decoded text of a file's first bytes (a character cut at the end is left out)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return codecs.getincrementaldecoder(encoding)().decode(data, final=complete)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "neither UTF-8 nor GBK/GB18030")


def _csv_rows(path: Path) -> tuple[list[str] | None, list[list[str]]]:
    with path.open("rb") as handle:
        data = handle.read(PEEK_BYTES + 1)
    complete = len(data) <= PEEK_BYTES
    lines = _decode_prefix(data[:PEEK_BYTES], complete).splitlines(keepends=True)
    if not complete:
        lines = lines[:-1]  # the last line may be cut
    header = next((i for i, line in enumerate(lines) if line.strip(" \t\u3000\r\n,")), None)
    if header is None:
        return None, []
    return next(csv.reader([lines[header]])), list(csv.reader(io.StringIO("".join(lines[header + 1 :]))))


def _xlsx_rows(path: Path) -> tuple[list[str] | None, list[list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        staged = reader.StagedFile(file_id=0, path=path, sha256="", received_at=datetime.min, is_synthetic=False)
        sheet = xlsx.data_sheet(staged, workbook)  # the sheet the loader reads (never a hidden one)
        if sheet is None:
            return None, []
        rows = [
            [xlsx.cell_text(v) for v in row]
            for row in workbook[sheet].iter_rows(values_only=True, max_row=PEEK_XLSX_ROWS, max_col=64)
        ]
    finally:
        workbook.close()
    header = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    return (None, []) if header is None else (rows[header], rows[header + 1 :])


def peek_period(path: Path) -> str | None:
    """The quarter (`2023Q2`) the file's first data row with a year and a quarter states, read with
    the loader's own header and value rules from the file's first rows only; None when it cannot
    be read (the file then goes with any run, which quarantines it with a report)."""
    try:
        cells, rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
        if cells is None:
            return None
        staged = reader.StagedFile(file_id=0, path=path, sha256="", received_at=datetime.min, is_synthetic=False)
        layout = reader.map_header(staged, cells)
        if staged.problems:  # the loader would not read its rows either
            return None
        year, quarter = layout.index("year"), layout.index("quarter")
        for row in rows:
            y = row[year] if year < len(row) else ""
            q = row[quarter] if quarter < len(row) else ""
            if not _blank(y) and not _blank(q):
                return _period(y, q)
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, the loader reports it
        return None
    return None


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


# --- the sensor's looks ----------------------------------------------------------------------------


@dataclass
class Seen:
    size: int
    mtime_ns: int
    since: float  # when a look first saw this size and mtime
    peeked: bool = False
    period: str | None = None
    sha256: str | None = None


@dataclass
class LandingLook:
    """What one look at landing/ found: every file (relative path → `Seen`), and those settled."""

    files: dict[str, Seen] = field(default_factory=dict)
    settled: list[tuple[Path, Seen]] = field(default_factory=list)
    waiting: int = 0

    def cursor(self) -> str:
        return json.dumps(
            {
                "v": 1,
                "files": {
                    k: [s.size, s.mtime_ns, round(s.since, 3), s.peeked, s.period, s.sha256] for k, s in self.files.items()
                },
            },
            separators=(",", ":"),
        )


def _previous(cursor: str | None) -> dict[str, Seen]:
    try:
        body = json.loads(cursor or "{}")
        return {k: Seen(*v) for k, v in body.get("files", {}).items()} if body.get("v") == 1 else {}
    except (ValueError, TypeError):
        return {}  # a cursor of another version: every file is looked at anew


def look(settings: Settings, cursor: str | None, settle_seconds: float, now: float | None = None) -> LandingLook:
    """Compare landing/ with the previous look (`cursor`): a file whose size and mtime are unchanged
    since a look at least `settle_seconds` ago is settled, and gets its quarter and checksum (once
    per size and mtime); a new or changed file waits for the next look."""
    now = time.time() if now is None else now
    previous, result = _previous(cursor), LandingLook()
    root = settings.landing_dir
    for path in landing_files(settings):
        try:
            stat = path.stat()
        except FileNotFoundError:  # loaded or renamed meanwhile
            continue
        key = path.relative_to(root).as_posix()
        seen = previous.get(key)
        if seen is None or (seen.size, seen.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
            seen = Seen(stat.st_size, stat.st_mtime_ns, now)
        result.files[key] = seen
        if now - seen.since < settle_seconds:
            result.waiting += 1
            continue
        if not seen.peeked:
            seen.period, seen.sha256, seen.peeked = peek_period(path), reader.sha256_of(path), True
            after = path.stat()
            if (after.st_size, after.st_mtime_ns) != (seen.size, seen.mtime_ns):  # written to while read
                result.files[key] = Seen(after.st_size, after.st_mtime_ns, now)
                result.waiting += 1
                continue
        result.settled.append((path, seen))
    return result
