"""Reading submission files as government offices send them, into DuckDB staging tables.

Python does only what SQL cannot: decode the bytes (UTF-8, UTF-8 with BOM, else GBK/GB18030),
parse RFC 4180 (a quoted cell may hold line breaks), find the header row and map its names
(format.py), open .xlsx files (xlsx.py, openpyxl: the template's sheet by name or the single visible sheet,
after refusing oversize and over-compressed files and bomb dimensions unparsed; formulas without a
computed value are problems), and refuse what cannot be read safely (limits in
data/reference/submission_limits.csv: file size, rows, cell length; a file cut off in its last row).
The common case, a UTF-8 CSV (no BOM) with its header on line 1, no blank line, no quoted line break
and no long line, is handed to DuckDB as it is: only its header line is read in Python. Any other
file becomes a UTF-8 CSV with canonical column names and a `_line` column, the line of the original
file each record starts on. All of them are read into `stage_rows` with DuckDB's CSV reader, one
`read_csv` per header layout, and each row finds its file by a join on a small (path → file_id)
table, so the cost is linear in rows and files. Problems are (row, column, value, message key,
parameters): the reasons are rendered through the catalogue (messages.py).
Cleaning values (full-width digits, thousands separators, `%`) and every check are SQL (validate.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from orchestration.sql import literal
from orchestration.defs.submissions.format import COLUMNS, HEADER_ZH, REQUIRED, column_for

# A blank line (only spaces, tabs, CR, ideographic spaces) in the bytes of a UTF-8 file: such a file
# takes the normalising path, because DuckDB skips empty lines and the row numbers would shift.
BLANK_LINE_BYTES = re.compile(rb"\n(?:[ \t\r]|\xe3\x80\x80)*\n|\n(?:[ \t\r]|\xe3\x80\x80)+\Z")


@dataclass
class StagedFile:
    file_id: int
    path: Path
    sha256: str
    received_at: datetime
    is_synthetic: bool
    header_line: int = 0  # 1-based line of the header in the original file
    encoding: str = ""
    layout: tuple[str, ...] = ()  # column names of the CSV DuckDB reads, in the file's order
    header_names: dict[str, str] = field(default_factory=dict)  # canonical column → header as written
    normalised: Path | None = None  # the CSV DuckDB reads: the file itself (fast path) or a normalised copy
    # row, column, value, message key (messages.py), parameters
    problems: list[tuple[int | None, str | None, str | None, str, dict]] = field(default_factory=list)
    notices: list[tuple[int | None, str | None, str | None, str, dict]] = field(default_factory=list)  # warnings
    sheet: str = ""  # the .xlsx sheet read

    @property
    def file_name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Limits:
    """data/reference/submission_limits.csv: what a file may be before it is read."""

    max_file_bytes: int = 20_000_000
    max_xlsx_unpacked_bytes: int = 100_000_000
    max_xlsx_compression_ratio: int = 200
    max_rows: int = 100_000
    max_columns: int = 50
    max_cell_chars: int = 200
    max_note_chars: int = 1000
    outlier_ratio: float = 100


def load_limits(data_dir: Path) -> Limits:
    path = Path(data_dir) / "reference" / "submission_limits.csv"
    if not path.exists():
        return Limits()
    with path.open(encoding="utf-8") as handle:
        values = {row["limit"]: row["value"] for row in csv.DictReader(handle)}
    fields = Limits.__dataclass_fields__
    return Limits(**{k: (float if fields[k].type == "float" else int)(v) for k, v in values.items() if k in fields})


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (a BOM is dropped) first, then GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "neither UTF-8 nor GBK/GB18030")


def map_header(staged: StagedFile, cells: list[str]) -> tuple[str, ...]:
    layout, seen = [], {}
    for index, cell in enumerate(cells, start=1):
        column = column_for(cell)
        if column is None:
            if cell.strip():
                staged.notices.append((staged.header_line, cell, None, "header.ignored_column", {}))
            layout.append(f"extra_{index}")
        elif column in seen:
            staged.problems.append(
                (staged.header_line, cell, None, "header.column_twice", {"column": column, "other": seen[column]})
            )
            layout.append(f"extra_{index}")
        else:
            seen[column] = cell
            staged.header_names[column] = cell.strip()
            layout.append(column)
    missing = [c for c in REQUIRED if c not in seen]
    if missing:
        staged.problems.append(
            (
                staged.header_line,
                ", ".join(missing),
                None,
                "header.missing_columns",
                {"columns": ", ".join(HEADER_ZH[c] + " / " + c for c in missing)},
            )
        )
    return tuple(layout)


def _fast_csv(staged: StagedFile, data: bytes, path: Path, limits: Limits) -> bool:
    """The common case, read by DuckDB as it is: UTF-8 without BOM, the header on line 1 (one line,
    not blank), no blank line, no quoted line break, no line longer than a cell may be (so no cell
    is too long), ending with a line break. Then the file's rows are its lines as DuckDB counts
    them, exactly as in a normalised copy. False (nothing recorded) for any other file."""
    end = data.find(b"\n")
    if end <= 0 or data.startswith(b"\xef\xbb\xbf") or not data.endswith(b"\n") or BLANK_LINE_BYTES.search(data, end):
        return False
    lines = data.split(b"\n")
    if max(map(len, lines)) > limits.max_cell_chars or len(lines) > limits.max_rows + 2:
        return False
    if b'"' in data and any(line.count(b'"') % 2 for line in lines):  # a quoted cell spans lines
        return False
    try:
        data.decode("utf-8")
        header = data[:end].decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:
        return False
    if not header.strip(" \t\u3000\r\n,") or "\r" in header:
        return False
    staged.encoding = "utf-8"
    staged.header_line = 1
    staged.layout = map_header(staged, next(csv.reader([header])))
    staged.normalised = path
    return True


def _records(text: str):
    """RFC 4180 records with the line each starts on: a quoted cell may hold line breaks (Alt+Enter
    in Excel) and quotes doubled; a blank line is an empty record."""
    rows = csv.reader(io.StringIO(text, newline=""), strict=False)
    last = 0
    for row in rows:
        yield last + 1, row
        last = rows.line_num


def _cut_off(text: str, start: int, row: list[str], width: int) -> bool:
    """The last record of a file that does not end with a line break is cut off when it has fewer
    cells than the header or an open quote (its text from line `start` on has an odd number of `"`)."""
    if text.endswith(("\n", "\r")):
        return False
    tail = "\n".join(text.splitlines()[start - 1 :])
    return len(row) < width or tail.count('"') % 2 == 1


def write_rows(staged: StagedFile, limits: Limits, records, out: Path, text: str | None = None) -> None:
    """Header (first non-blank record) and rows → a UTF-8 CSV with the original line of each row
    in `_line`; too many rows or columns, too long cells, a cut-off last row are problems."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    width, count, last = 0, 0, None
    for line, row in records:
        if not width:
            if any(c.strip(" \t\u3000\r\n") for c in row):
                staged.header_line = line
                layout = map_header(staged, row)
                staged.layout = ("_line", *layout)
                width = len(row)
                writer.writerow(staged.layout)
            continue
        count += 1
        if count > limits.max_rows:
            staged.problems.append((line, None, None, "file.too_many_rows", {"limit": limits.max_rows}))
            return
        for index, cell in enumerate(row[:width]):
            column = layout[index]
            limit = limits.max_note_chars if column == "note" else limits.max_cell_chars
            if len(cell) > limit and not column.startswith("extra_"):
                staged.problems.append((line, column, cell[:40] + "…", "cell.too_long", {"length": len(cell), "limit": limit}))
                row[index] = cell[:limit]
        writer.writerow((line, *row[:width], *[""] * (width - len(row))))
        last = (line, row)
    if not width:
        staged.problems.append((None, None, None, "file.empty", {}))
        return
    if text is not None and last is not None and _cut_off(text, last[0], last[1], width):
        staged.problems.append((last[0], None, None, "file.cut_off", {"cells": len(last[1]), "width": width}))
    out.write_text(buffer.getvalue(), encoding="utf-8")
    staged.normalised = out


def _prepare_csv(staged: StagedFile, data: bytes, out: Path, limits: Limits) -> None:
    try:
        text, staged.encoding = decode(data)
    except UnicodeDecodeError:
        staged.problems.append((None, None, None, "file.not_text", {}))
        return
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_file_bytes))  # a long cell is reported, not fatal
    try:
        write_rows(staged, limits, _records(text), out, text)
    except csv.Error as error:
        staged.problems.append((None, None, None, "file.cannot_parse", {"error": str(error)}))


def prepare(
    path: Path,
    file_id: int,
    scratch: Path,
    received_at: datetime | None = None,
    synthetic: bool | None = None,
    data: bytes | None = None,
    limits: Limits | None = None,
) -> StagedFile:
    """Checksum one file and make it readable by DuckDB (as it is, or normalised into `scratch`);
    problems are recorded, not raised. `data`: the file's bytes when the caller has read them."""
    limits = limits or Limits()
    if data is None:
        data = path.read_bytes()
    staged = StagedFile(
        file_id=file_id,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        received_at=received_at or datetime.fromtimestamp(path.stat().st_mtime),
        is_synthetic="synthetic" in str(path).lower() if synthetic is None else synthetic,
    )
    out = scratch / f"{file_id}.csv"
    if len(data) > limits.max_file_bytes:
        staged.problems.append(
            (None, None, None, "file.too_big", {"size": f"{len(data):,}", "limit": f"{limits.max_file_bytes:,}"})
        )
    elif path.suffix.lower() == ".xlsx":
        from orchestration.defs.submissions import xlsx  # it builds on this module's StagedFile and rows

        xlsx.prepare_xlsx(staged, path, out, limits)
    elif not _fast_csv(staged, data, path, limits):
        _prepare_csv(staged, data, out, limits)
    if staged.problems:  # a file-level problem: its rows are not read
        staged.normalised = None
    return staged


def refused(path: Path, file_id: int, received_at: datetime, key: str, params: dict, synthetic: bool = False) -> StagedFile:
    """A file refused unread (a link out of the landing folder): checksum of its path, one problem."""
    staged = StagedFile(
        file_id=file_id,
        path=path,
        sha256=hashlib.sha256(str(path).encode()).hexdigest(),
        received_at=received_at,
        is_synthetic=synthetic,
    )
    staged.problems.append((None, None, None, key, params))
    return staged


def insert_rows(conn, table: str, rows: list[tuple], width: int) -> None:
    """Bulk insert of Python tuples: one `insert ... select unnest(?), …` (column lists as parameters)."""
    if not rows:
        return
    columns = [list(column) for column in zip(*rows)] if rows else [[] for _ in range(width)]
    conn.execute(f"insert into {table} select " + ", ".join("unnest(?)" for _ in range(width)), columns)


STAGE_FILES_DDL = """
create or replace temp table stage_files (
    file_id integer, file_name varchar, path varchar, sha256 varchar, received_at timestamp,
    is_synthetic boolean, header_line integer, encoding varchar, readable boolean)
"""
STAGE_ROWS_DDL = "create or replace temp table stage_rows (file_id integer, line_no integer, {})".format(
    ", ".join(f"{c} varchar" for c in COLUMNS)
)


def stage(conn, files: list[StagedFile]) -> list[StagedFile]:
    """Fill the temp tables stage_files and stage_rows; returns files whose CSV could not be parsed.
    `readable` in stage_files: the file's rows were read (no file-level problem)."""
    conn.execute(STAGE_FILES_DDL)
    conn.execute(STAGE_ROWS_DDL)
    insert_rows(
        conn,
        "stage_files",
        [
            (
                f.file_id,
                f.file_name,
                str(f.path),
                f.sha256,
                f.received_at,
                f.is_synthetic,
                f.header_line,
                f.encoding,
                f.normalised is not None,
            )
            for f in files
        ],
        9,
    )
    groups: dict[tuple[str, ...], list[StagedFile]] = defaultdict(list)
    for staged in files:
        if staged.normalised is not None:
            groups[staged.layout].append(staged)
    broken: list[StagedFile] = []
    for layout, members in groups.items():
        _read_or_split(conn, layout, members, broken)
    if broken:
        conn.execute("update stage_files set readable = false where file_id in (select unnest(?))", [[f.file_id for f in broken]])
    return broken


def _read_or_split(conn, layout: tuple[str, ...], members: list[StagedFile], broken: list[StagedFile]) -> None:
    """Read a group; when DuckDB cannot parse it, halve it until the file(s) it cannot parse are alone."""
    try:
        _read_group(conn, layout, members)
    except Exception as error:
        if len(members) == 1:
            members[0].problems.append((None, None, None, "file.cannot_parse", {"error": str(error).splitlines()[0]}))
            broken.append(members[0])
            return
        middle = len(members) // 2
        _read_or_split(conn, layout, members[:middle], broken)
        _read_or_split(conn, layout, members[middle:], broken)


def _read_group(conn, layout: tuple[str, ...], members: list[StagedFile]) -> None:
    """One read_csv over files with the same header layout; each row finds its file through a join on
    (path → file_id). line_no: a normalised copy's `_line` column (the original file's line, which a
    quoted line break or a blank line makes differ from the record's position); in a file read as it
    is (one line per record, guaranteed by _fast_csv), from the insertion order."""
    columns = "{" + ", ".join(f"{literal(c)}: 'VARCHAR'" for c in layout) + "}"
    paths = [m.normalised.as_posix() for m in members]
    present = [c for c in COLUMNS if c in layout]
    numbered = layout[:1] == ("_line",)
    conn.execute(
        "create or replace temp table stage_paths as select unnest(?) as filename, unnest(?) as file_id",
        [paths, [m.file_id for m in members]],
    )
    paths = list(dict.fromkeys(paths))  # a path given twice is read once; the join gives both file_ids its rows
    conn.execute(
        "create or replace temp table stage_chunk as select filename, {cols} "
        "from read_csv(?, header = true, auto_detect = false, columns = {columns}, delim = ',', "
        "quote = '\"', escape = '\"', filename = true, null_padding = {padding}, strict_mode = false)".format(
            cols=", ".join((["_line"] if numbered else []) + present), columns=columns, padding="false" if numbered else "true"
        ),
        [paths],
    )
    line = (
        "cast(c._line as integer)" if numbered else "f.header_line + 1 + (c.rowid - min(c.rowid) over (partition by p.file_id))"
    )
    conn.execute(
        f"""insert into stage_rows (file_id, line_no, {", ".join(present)})
        select p.file_id, {line}, {", ".join("c." + p for p in present)}
        from stage_chunk c join stage_paths p using (filename) join stage_files f using (file_id)"""
    )
    conn.execute("drop table stage_chunk")
