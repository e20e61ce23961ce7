"""Reporting quarters as Dagster partitions: `2019Q1` … `2026Q4`.

Static keys that read like the quarters departments write (a time-window definition would show
`2023-04-01`), ordered, so a backfill of any range runs in the UI as one run (single-run backfill
policy on the submissions asset). A run without partitions loads every file waiting in landing/. The years come from the plans: one year before the earliest
horizon (the baseline year) to the last horizon year of data/plans/plans.csv.
"""

from __future__ import annotations

import csv
from datetime import date

from dagster import StaticPartitionsDefinition

from orchestration.settings import load_settings


def quarter_keys() -> list[str]:
    with (load_settings().data_dir / "plans" / "plans.csv").open(encoding="utf-8", newline="") as handle:
        plans = [row for row in csv.DictReader(handle) if row["horizon_start"] and row["horizon_end"]]
    first = min(int(p["horizon_start"]) for p in plans) - 1
    last = max(int(p["horizon_end"]) for p in plans)
    return [f"{year}Q{quarter}" for year in range(first, last + 1) for quarter in range(1, 5)]


quarterly_partitions = StaticPartitionsDefinition(quarter_keys())


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def previous_quarter(day: date) -> str:
    year, quarter = day.year, (day.month - 1) // 3 + 1
    return f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}"


def quarter_number(key: str) -> int:
    """`2023Q2` → 20232, the order the SQL compares quarters in (year * 10 + quarter)."""
    year, quarter = key.upper().split("Q")
    return int(year) * 10 + int(quarter)
