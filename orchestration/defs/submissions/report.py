"""The quarantine report a department can act on: file, row, column, value and reason.

Beside each rejected file `<name>` in the quarantine folder: `<name>.report.csv` (UTF-8 with BOM,
so Excel opens it with the Chinese intact) and `<name>.report.txt` (the same, as sentences).
"""

from __future__ import annotations

import csv
from pathlib import Path

REPORT_COLUMNS = ["file", "row", "column", "field", "value", "reason"]


def write_report(stored: Path, original_name: str, header_names: dict[str, str], problems: list[tuple],
                 received_at, sha256: str) -> Path:  # fmt: skip
    """Write both reports beside the quarantined file; returns the .txt path."""
    rows = [
        {
            "file": original_name,
            "row": "" if row is None else row,
            "column": header_names.get(column, column) if column else "",
            "field": column or "",
            "value": "" if value is None else value,
            "reason": reason,
        }
        for row, column, value, reason in sorted(problems, key=lambda p: (p[0] or 0, p[1] or ""))
    ]
    csv_path = stored.with_name(stored.name + ".report.csv")
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    lines = [
        f"File: {original_name}",
        f"Received: {received_at:%Y-%m-%d %H:%M}   sha256: {sha256}",
        f"Rejected: {len(rows)} problem(s). Nothing from this file was loaded.",
        "Correct the rows below and send the whole file again.",
        "",
    ]
    for r in rows:
        where = f"row {r['row']}" if r["row"] != "" else "file"
        if r["column"]:
            where += f", column {r['column']}"
        value = f" (value {r['value']!r})" if r["value"] != "" else ""
        lines.append(f"- {where}{value}: {r['reason']}")
    txt_path = stored.with_name(stored.name + ".report.txt")
    txt_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return txt_path
