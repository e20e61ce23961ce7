"""Excel submissions: which sheet is the data, refusing a bomb before parsing, and the sheet's rows
as the CSV the loader reads (reader.py stages every file; the landing sensor peeks at the same sheet).

Only the template's sheet (named like 2024Q2) or the single visible sheet is read, never a hidden one;
the declared dimension, the file's compression ratio and its size are checked from the zip before
openpyxl parses anything (limits: data/reference/submission_limits.csv); a formula without a computed
value is a problem, not an empty cell.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from orchestration.defs.submissions.reader import Limits, StagedFile, write_rows


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


TEMPLATE_SHEET = re.compile(r"^[0-9]{4}Q[1-4]$")  # the data sheet's name in templates.py
NOTES_SHEET = "说明 notes"  # the template's notes sheet, never data
DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)?([0-9]+)?:?([A-Z]+)?([0-9]+)?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def oversize(staged: StagedFile, path: Path, limits: Limits) -> bool:
    """Refuse before parsing: a part that unpacks too much (in total, or too many times its packed
    size) or a sheet that declares more rows or columns than a submission may have."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > limits.max_xlsx_unpacked_bytes:
                staged.problems.append(
                    (
                        None,
                        None,
                        None,
                        "xlsx.unpacked_too_big",
                        {"size": f"{unpacked:,}", "limit": f"{limits.max_xlsx_unpacked_bytes:,}"},
                    )
                )
                return True
            for part in parts:
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size >= 1_000_000 and ratio > limits.max_xlsx_compression_ratio:
                    staged.problems.append(
                        (
                            None,
                            None,
                            part.filename,
                            "xlsx.compression_ratio",
                            {"ratio": f"{ratio:,.0f}", "limit": limits.max_xlsx_compression_ratio},
                        )
                    )
                    return True
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    with archive.open(part) as handle:
                        found = DIMENSION.search(handle.read(4096))
                    if not found:
                        continue
                    cols = _column_number(found.group(3) or found.group(1) or b"A")
                    rows = int(found.group(4) or found.group(2) or 1)
                    if rows > limits.max_rows + 1 or cols > limits.max_columns:
                        staged.problems.append(
                            (
                                None,
                                None,
                                f"{found.group(0)[16:-1].decode()}",
                                "xlsx.dimension_too_big",
                                {
                                    "rows": f"{rows:,}",
                                    "columns": f"{cols:,}",
                                    "max_rows": f"{limits.max_rows:,}",
                                    "max_columns": limits.max_columns,
                                },
                            )
                        )
                        return True
    except zipfile.BadZipFile as error:
        staged.problems.append((None, None, None, "xlsx.cannot_open", {"error": str(error)}))
        return True
    return False


def data_sheet(staged: StagedFile, workbook) -> str | None:
    """The template's sheet by name, or the single visible sheet; hidden sheets are never data."""
    visible = [ws.title for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    hidden = [ws.title for ws in workbook.worksheets if ws.title not in visible]
    candidates = [title for title in visible if title != NOTES_SHEET]
    named = [title for title in candidates if TEMPLATE_SHEET.match(title)]
    chosen = candidates[0] if len(candidates) == 1 else (named[0] if len(named) == 1 else None)
    if chosen is None:
        staged.problems.append(
            (None, None, None, "xlsx.which_sheet", {"sheets": "、".join(candidates) or "-", "count": len(candidates)})
        )
        return None
    for title in hidden:
        staged.notices.append((None, None, title, "xlsx.hidden_sheet_ignored", {"sheet": title}))
    for title in candidates:
        if title != chosen:
            staged.notices.append((None, None, title, "xlsx.other_sheet_ignored", {"sheet": title, "chosen": chosen}))
    return chosen


def prepare_xlsx(staged: StagedFile, path: Path, out: Path, limits: Limits) -> None:
    from openpyxl import load_workbook

    staged.encoding = "xlsx"
    if oversize(staged, path, limits):
        return
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        staged.problems.append(
            (None, None, None, "xlsx.cannot_open", {"error": str(error).splitlines()[0] if str(error) else type(error).__name__})
        )
        return
    try:
        sheet = data_sheet(staged, workbook)
        if sheet is None:
            return
        staged.sheet = sheet
        bounds = {"max_row": limits.max_rows + 1, "max_col": limits.max_columns}
        rows = [[cell_text(v) for v in row] for row in workbook[sheet].iter_rows(values_only=True, **bounds)]
    finally:
        workbook.close()
    # formulas: a cell Excel has not computed (no cached value) would load as empty
    formulas = load_workbook(path, read_only=True, data_only=False)
    try:
        for row in formulas[sheet].iter_rows(**bounds):
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    r, c = cell.row, cell.column
                    if r - 1 < len(rows) and c - 1 < len(rows[r - 1]) and rows[r - 1][c - 1] == "":
                        staged.problems.append((r, f"#{c}", str(cell.value), "xlsx.formula_without_value", {}))
    finally:
        formulas.close()
    write_rows(staged, limits, enumerate(rows, start=1), out)
    if staged.problems:  # formula cells found before the header was known: name their column
        names = dict(enumerate(staged.layout[1:], start=1))
        staged.problems = [
            (r, names.get(int(c[1:]), c) if isinstance(c, str) and c.startswith("#") else c, v, k, p)
            for r, c, v, k, p in staged.problems
        ]
