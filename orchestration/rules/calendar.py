"""The reporting calendar: when a quarter ends and when its submissions are due.

The deadline's one home is dbt's var `submission_deadline_days` in dbt_project/dbt_project.yml (the
marts judge on time / late / missing by it, macro `submission_deadline`); Python reads it from
there. A quarter ends on the last day of its third month; SQL writes that as
`last_day(make_date(year, quarter * 3, 1))` (dbt macro `quarter_end`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from orchestration.rules.dbt_macros import render
from orchestration.settings import DBT_PROJECT_DIR


@cache
def deadline_days() -> int:
    """Days after a quarter's end that its submissions are due (dbt var submission_deadline_days)."""
    text = (DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8")
    found = re.search(r"^\s+submission_deadline_days:\s*(\d+)\s*$", text, re.MULTILINE)
    if not found:
        raise ValueError("dbt_project/dbt_project.yml: vars.submission_deadline_days is missing")
    return int(found.group(1))


def quarter_end_sql(year: str, quarter: str) -> str:
    """dbt's macro `quarter_end` (dbt_project/macros/quarter_end.sql) as plain SQL for these two
    expressions: SQL outside dbt (the loader's rules) reads the rule from there, never restates it."""
    return render("quarter_end", year, quarter)


def quarter_end(year: int, quarter: int) -> date:
    return date(year + (quarter == 4), quarter * 3 % 12 + 1, 1) - timedelta(days=1)


def submission_deadline(year: int, quarter: int) -> date:
    """A file received on this day is on time."""
    return quarter_end(year, quarter) + timedelta(days=deadline_days())
