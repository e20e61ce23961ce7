"""The report a department can act on: file, row, column, indicator, value and reason, in the
clerk's language (messages.py: Chinese unless PLANTRACK_LANG=en).

Beside each rejected file `<name>` in the quarantine folder: `<name>.report.csv` (UTF-8 with BOM,
so Excel opens it with the Chinese intact) and `<name>.report.txt` (the same, as sentences), the
warnings included. An accepted file with warnings gets the same pair beside its copy in loaded/.
Every text cell of the CSV that a spreadsheet would execute (`=`, `+`, `-`, `@`, tab, CR first) is
written with a leading `'` (a signed number stays a number).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from orchestration.defs.submissions.messages import t

REPORT_FIELDS = ["file", "row", "column", "field", "indicator", "value", "reason"]
# Bilingual, fixed: the same for every language, so a script can read any report (`文件 / file`).
CSV_HEADER = [
    f"{zh} / {en}" for zh, en in zip(("文件", "行", "列", "字段", "指标", "值", "原因", "类别"), REPORT_FIELDS + ["kind"])
]
KINDS = {"error": "错误 error", "warning": "提醒 warning"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:[0-9][0-9,]*)?(?:\.[0-9]+)?%?")


def spreadsheet_safe(text) -> str:
    """Text a spreadsheet shows as text: a leading ' before a formula-like start; numbers as they are."""
    text = "" if text is None else str(text)
    if text.startswith(FORMULA_START) and not (NUMBER.fullmatch(text) and any(c.isdigit() for c in text)):
        return "'" + text
    return text


def _rows(original_name: str, header_names: dict[str, str], problems: list[tuple]) -> list[dict]:
    """problems: (row, column, value, reason[, indicator])."""
    out = []
    for problem in sorted(problems, key=lambda p: (p[0] or 0, p[1] or "")):
        row, column, value, reason = problem[:4]
        indicator = problem[4] if len(problem) > 4 else None
        out.append(
            {
                "file": original_name,
                "row": "" if row is None else row,
                "column": header_names.get(column, column) if column else "",
                "field": column or "",
                "indicator": indicator or "",
                "value": "" if value is None else value,
                "reason": reason,
            }
        )
    return out


def _line(r: dict) -> str:
    where = t("report.row", row=r["row"]) if r["row"] != "" else t("report.whole_file")
    if r["column"]:
        where += t("report.column", column=r["column"])
    if r["indicator"] and r["field"] != "indicator":
        where += t("report.indicator", indicator=r["indicator"])
    value = t("report.value", value=f"'{r['value']}'") if r["value"] != "" else ""
    return t("report.line", where=where, value=value, reason=r["reason"])


def problem_lines(original_name: str, header_names: dict[str, str], problems: list[tuple]) -> list[str]:
    """One sentence per problem: `- 第 7 行，数值 列，指标「…」（值 '3l67.8'）：不是数字`."""
    return [_line(r) for r in _rows(original_name, header_names, problems)]


def write_report(
    stored: Path,
    original_name: str,
    header_names: dict[str, str],
    problems: list[tuple],
    received_at,
    sha256: str,
    warnings: list[tuple] = (),
    submission_id: str | None = None,
) -> Path:
    """Write both reports beside the stored file (problems: a rejection; none: an accepted file's
    warnings); returns the .txt path."""
    rows = _rows(original_name, header_names, problems)
    notes = _rows(original_name, header_names, list(warnings))
    csv_path = stored.with_name(stored.name + ".report.csv")
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for kind, group in (("error", rows), ("warning", notes)):
            writer.writerows([spreadsheet_safe(r[f]) for f in REPORT_FIELDS] + [KINDS[kind]] for r in group)
    lines = [t("report.file", file=original_name), t("report.received", received=f"{received_at:%Y-%m-%d %H:%M}", sha256=sha256)]
    if rows:
        lines += [t("report.rejected", count=len(rows)), t("report.correct"), ""]
        lines += [_line(r) for r in rows]
    else:
        lines += [t("report.accepted", submission=submission_id, count=len(notes))]
    if notes:
        lines += ["", t("report.warnings")] + [_line(r) for r in notes]
    txt_path = stored.with_name(stored.name + ".report.txt")
    txt_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return txt_path
