"""Benchmark: what one tick of the landing sensor costs over a full landing folder; prints seconds per tick.

    .venv/bin/python bench/landing_tick.py [--files 1280] [--ticks 3]

Writes N submission files (20 rows each; 1 in 10 an .xlsx, the CSVs in UTF-8, UTF-8 with BOM and
GBK) into a scratch landing folder, modified an hour ago, then evaluates `landing_sensor` tick
after tick, each with the cursor the previous one left (a sensor without a cursor ignores it), as
the daemon would. Before the first tick is timed, the clock the sensor sees for its first look is
set back by the settle time, so the second tick already finds every file settled, without
sleeping. Run it on an older checkout (copy the script there) to compare.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADER = ["填报单位", "地区", "年份", "季度", "指标", "数值", "单位", "口径", "备注"]


def write_files(landing: Path, count: int) -> None:
    from openpyxl import Workbook

    landing.mkdir(parents=True)
    old = time.time() - 3600
    for n in range(count):
        year, quarter = 2021 + (n // 4) % 5, 1 + n % 4
        rows = [
            ["市经信局", "宁波市", str(year), f"第{'一二三四'[quarter - 1]}季度", f"指标{i}", str(100 + i), "亿元", "累计", ""]
            for i in range(20)
        ]
        path = landing / f"dept{n:04d}_{year}Q{quarter}.{'xlsx' if n % 10 == 9 else 'csv'}"
        if path.suffix == ".xlsx":
            book = Workbook()
            for row in [HEADER, *rows]:
                book.active.append(row)
            book.save(path)
        else:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows([HEADER, *rows])
            encoding = ("utf-8", "utf-8-sig", "gbk")[n % 3]
            path.write_bytes(buffer.getvalue().encode(encoding))
        os.utime(path, (old, old))


def tick(cursor: str | None):
    from dagster import DagsterInstance, build_sensor_context

    from orchestration.defs.submissions.sensors import landing_sensor

    context = build_sensor_context(instance=DagsterInstance.ephemeral(), cursor=cursor)
    started = time.perf_counter()
    result = landing_sensor(context)
    elapsed = time.perf_counter() - started
    requests = result if isinstance(result, list) else []
    return elapsed, requests, context.cursor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1280)
    parser.add_argument("--ticks", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DO_NOT_TRACK", "1")
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-") as scratch:
        os.environ["PLANTRACK_SUBMISSIONS"] = scratch
        write_files(Path(scratch) / "landing", args.files)
        import orchestration.defs.submissions.sensors as sensors

        settle = float(os.environ.get("PLANTRACK_SETTLE_SECONDS", 5))
        clock = getattr(sensors, "time", None)
        cursor = None
        for number in range(1, args.ticks + 1):
            if number == 1 and clock is not None:  # the first look, as if it had happened `settle` s ago
                real = clock.time
                clock.time = lambda: real() - settle
            try:
                elapsed, requests, cursor = tick(cursor)
            finally:
                if number == 1 and clock is not None:
                    clock.time = real
            files = sum(
                len((r.run_config or {}).get("ops", {}).get("submissions", {}).get("config", {}).get("files", []))
                for r in requests
            )
            print(
                f"tick {number}: {elapsed:7.3f} s, {len(requests)} run request(s)"
                + (f" naming {files} file(s)" if files else "")
                + f", cursor {len(cursor or '') / 1024:.0f} KiB"
            )


if __name__ == "__main__":
    main()
