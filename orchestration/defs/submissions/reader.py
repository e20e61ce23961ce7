"""Reading submission files as government offices send them, into DuckDB staging tables.

Python does only what SQL cannot: decode the bytes (UTF-8, UTF-8 with BOM, else GBK/GB18030),
find the header row and map its names (format.py), and open .xlsx files (openpyxl, first sheet).
The common case, a UTF-8 CSV (no BOM) with its header on line 1 and no blank line, is handed to
DuckDB as it is: only its header line is read in Python. Any other file (GBK, BOM, blank lines, the
header further down, .xlsx) becomes a UTF-8 CSV with canonical column names whose line numbers are
the original file's (blank lines are kept as empty rows). All of them are read into `stage_rows`
with DuckDB's CSV reader, one `read_csv` per header layout, and each row finds its file by a join
on a small (path → file_id) table, so the cost is linear in rows and files.
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

from orchestration.defs.submissions.format import COLUMNS, REQUIRED, column_for

BLANK_LINE = re.compile(r"^[ \t\u3000\r]*$", re.MULTILINE)
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
    problems: list[tuple[int | None, str | None, str | None, str]] = field(default_factory=list)  # row, column, value, reason
    notices: list[tuple[int | None, str | None, str | None, str]] = field(default_factory=list)  # warnings

    @property
    def file_name(self) -> str:
        return self.path.name


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


def _map_header(staged: StagedFile, cells: list[str]) -> tuple[str, ...]:
    layout, seen = [], {}
    for index, cell in enumerate(cells, start=1):
        column = column_for(cell)
        if column is None:
            if cell.strip():
                staged.notices.append((staged.header_line, cell, None, "column not in the format: ignored"))
            layout.append(f"extra_{index}")
        elif column in seen:
            staged.problems.append((staged.header_line, cell, None, f"column {column} appears twice (also {seen[column]!r})"))
            layout.append(f"extra_{index}")
        else:
            seen[column] = cell
            staged.header_names[column] = cell.strip()
            layout.append(column)
    missing = [c for c in REQUIRED if c not in seen]
    if missing:
        staged.problems.append((staged.header_line, ", ".join(missing), None,
                                "required column(s) missing from the header row"))  # fmt: skip
    return tuple(layout)


def _fast_csv(staged: StagedFile, data: bytes, path: Path) -> bool:
    """The common case, read by DuckDB as it is: UTF-8 without BOM, the header on line 1 (one line,
    not blank) and no blank line below it. Then the file's rows are its lines as DuckDB counts them,
    exactly as in a normalised copy. False (nothing recorded) for any other file."""
    end = data.find(b"\n")
    if end <= 0 or data.startswith(b"\xef\xbb\xbf") or BLANK_LINE_BYTES.search(data, end):
        return False
    try:
        data.decode("utf-8")
        header = data[:end].decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:
        return False
    if (not header.strip(" \t\u3000\r\n,") or header.splitlines() != [header] or header.count('"') % 2
            or "\r" in header):  # fmt: skip
        return False
    staged.encoding = "utf-8"
    staged.header_line = 1
    staged.layout = _map_header(staged, next(csv.reader([header])))
    staged.normalised = path
    return True


def _prepare_csv(staged: StagedFile, data: bytes, out: Path) -> None:
    try:
        text, staged.encoding = decode(data)
    except UnicodeDecodeError:
        staged.problems.append((None, None, None, "cannot read the file: it is neither UTF-8 nor GBK/GB18030 text"))
        return
    lines = text.splitlines(keepends=True)
    header_index = next((i for i, line in enumerate(lines) if line.strip(" \t\u3000\r\n,")), None)
    if header_index is None:
        staged.problems.append((None, None, None, "the file is empty"))
        return
    staged.header_line = header_index + 1
    cells = next(csv.reader([lines[header_index]]))
    staged.layout = _map_header(staged, cells)
    body = "".join(lines[header_index + 1 :])
    # A blank line becomes an empty row, so DuckDB's row order still gives the file's line numbers.
    body = BLANK_LINE.sub("," * (len(cells) - 1), body)
    out.write_text(",".join(staged.layout) + "\n" + body, encoding="utf-8")
    staged.normalised = out


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def _prepare_xlsx(staged: StagedFile, path: Path, out: Path) -> None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        staged.problems.append((None, None, None, f"cannot open the Excel file: {error}"))
        return
    staged.encoding = "xlsx"
    try:
        rows = [[_cell_text(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    header_index = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if header_index is None:
        staged.problems.append((None, None, None, "the first sheet is empty"))
        return
    staged.header_line = header_index + 1
    width = max(len(r) for r in rows)
    staged.layout = _map_header(staged, rows[header_index] + [""] * (width - len(rows[header_index])))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(staged.layout)
    writer.writerows(row + [""] * (width - len(row)) for row in rows[header_index + 1 :])
    out.write_text(buffer.getvalue(), encoding="utf-8")
    staged.normalised = out


def prepare(path: Path, file_id: int, scratch: Path, received_at: datetime | None = None,
            synthetic: bool | None = None, data: bytes | None = None) -> StagedFile:  # fmt: skip
    """Checksum one file and make it readable by DuckDB (as it is, or normalised into `scratch`);
    problems are recorded, not raised. `data`: the file's bytes when the caller has read them."""
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
    if path.suffix.lower() == ".xlsx":
        _prepare_xlsx(staged, path, out)
    elif not _fast_csv(staged, data, path):
        _prepare_csv(staged, data, out)
    if staged.problems:  # a file-level problem: its rows are not read
        staged.normalised = None
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
    insert_rows(conn, "stage_files",
                [(f.file_id, f.file_name, str(f.path), f.sha256, f.received_at, f.is_synthetic, f.header_line,
                  f.encoding, f.normalised is not None) for f in files], 9)  # fmt: skip
    groups: dict[tuple[str, ...], list[StagedFile]] = defaultdict(list)
    for staged in files:
        if staged.normalised is not None:
            groups[staged.layout].append(staged)
    broken: list[StagedFile] = []
    for layout, members in groups.items():
        _read_or_split(conn, layout, members, broken)
    if broken:
        conn.execute("update stage_files set readable = false where file_id in (select unnest(?))",
                     [[f.file_id for f in broken]])  # fmt: skip
    return broken


def _read_or_split(conn, layout: tuple[str, ...], members: list[StagedFile], broken: list[StagedFile]) -> None:
    """Read a group; when DuckDB cannot parse it, halve it until the file(s) it cannot parse are alone."""
    try:
        _read_group(conn, layout, members)
    except Exception as error:
        if len(members) == 1:
            members[0].problems.append((None, None, None, f"cannot parse the CSV: {str(error).splitlines()[0]}"))
            broken.append(members[0])
            return
        middle = len(members) // 2
        _read_or_split(conn, layout, members[:middle], broken)
        _read_or_split(conn, layout, members[middle:], broken)


def _read_group(conn, layout: tuple[str, ...], members: list[StagedFile]) -> None:
    """One read_csv over files with the same header layout; each row finds its file through a join on
    (path → file_id); line_no from the insertion order."""
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in layout) + "}"
    paths = [m.normalised.as_posix() for m in members]
    present = [c for c in COLUMNS if c in layout]
    conn.execute("create or replace temp table stage_paths as select unnest(?) as filename, unnest(?) as file_id",
                 [paths, [m.file_id for m in members]])  # fmt: skip
    paths = list(dict.fromkeys(paths))  # a path given twice is read once; the join gives both file_ids its rows
    conn.execute("create or replace temp table stage_chunk as select filename, {cols} "
                 "from read_csv(?, header = true, auto_detect = false, columns = {columns}, delim = ',', "
                 "quote = '\"', escape = '\"', filename = true, null_padding = true, strict_mode = false)"
                 .format(cols=", ".join(present), columns=columns), [paths])  # fmt: skip
    conn.execute(
        f"""insert into stage_rows (file_id, line_no, {", ".join(present)})
        select p.file_id, f.header_line + 1 + (c.rowid - min(c.rowid) over (partition by p.file_id)),
               {", ".join("c." + p for p in present)}
        from stage_chunk c join stage_paths p using (filename) join stage_files f using (file_id)"""
    )
    conn.execute("drop table stage_chunk")
