"""Writing submission files for the tests, and loading them into a private copy of the warehouse."""

from __future__ import annotations

import csv
import io
import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from conftest import plantrack_env

HEADER_ZH = ["填报单位", "地区", "年份", "季度", "指标", "数值", "单位", "口径", "备注"]
HEADER_EN = ["department", "region", "year", "quarter", "indicator", "value", "unit", "basis", "note"]


def write_csv(
    path: Path, rows: list[list], header=HEADER_ZH, encoding="utf-8", received: str | None = None, blank_after: int | None = None
) -> Path:
    """A CSV submission; `received` (ISO) becomes the file's mtime, which the loader takes as received_at."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for index, row in enumerate(rows, start=1):
        writer.writerow(row)
        if blank_after == index:
            buffer.write("\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    if received:
        stamp = datetime.fromisoformat(received).timestamp()
        os.utime(path, (stamp, stamp))
    return path


def report_rows(outcome, kind: str = "error") -> list[dict]:
    """The rows of a report's CSV (headers `文件 / file` … read by their English part) of one kind."""
    with Path(str(outcome.report).replace(".report.txt", ".report.csv")).open(encoding="utf-8-sig") as handle:
        rows = [{k.split(" / ")[-1]: v for k, v in row.items()} for row in csv.DictReader(handle)]
    return [row for row in rows if row["kind"].endswith(kind)]


def report_lines(outcome) -> list[str]:
    return outcome.report.read_text(encoding="utf-8").splitlines()


class PrivateWarehouse:
    """A copy of a built warehouse with its own landing/, loaded/ and quarantine/ folders."""

    def __init__(self, built_work_dir: Path, root: Path):
        self.root = root
        shutil.copytree(built_work_dir / "warehouse", root / "warehouse")
        self.env = plantrack_env(
            PLANTRACK_WORK=str(root / "warehouse"),
            PLANTRACK_SUBMISSIONS=str(root / "subs"),
            PLANTRACK_PUBLISHED=str(root / "published" / "plantrack.duckdb"),
        )
        self.env.__enter__()
        from orchestration.settings import load_settings

        self.settings = load_settings()
        self.landing = self.settings.landing_dir
        self.conn = duckdb.connect(str(self.settings.warehouse_path))

    def load(self, *paths: Path, **options):
        from orchestration.defs.submissions.load import load_files

        return load_files(self.conn, list(paths), self.settings, **options)

    def query(self, sql: str, params=None) -> list[tuple]:
        return self.conn.execute(sql, params or []).fetchall()

    def close(self) -> None:
        self.conn.close()
        self.env.__exit__(None, None, None)
