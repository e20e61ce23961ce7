"""The reporting calendar has one home per language: Python (rules/calendar.py) and SQL (dbt
macros quarter_end / submission_deadline, var submission_deadline_days) must give the same days."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.rules import calendar


@pytest.mark.parametrize(
    ("year", "quarter", "end", "deadline"),
    [
        (2024, 1, date(2024, 3, 31), date(2024, 4, 20)),
        (2024, 2, date(2024, 6, 30), date(2024, 7, 20)),
        (2024, 3, date(2024, 9, 30), date(2024, 10, 20)),
        (2024, 4, date(2024, 12, 31), date(2025, 1, 20)),
    ],
)
def test_quarter_end_and_deadline(year, quarter, end, deadline):
    assert calendar.quarter_end(year, quarter) == end
    assert calendar.submission_deadline(year, quarter) == deadline


def test_python_and_the_warehouse_agree_on_every_quarter(built):
    quarters = built.query("select year, quarter, end_date from dim_quarter")
    assert len(quarters) >= 20
    for year, quarter, end in quarters:
        assert calendar.quarter_end(year, quarter) == end, (year, quarter)
    deadlines = built.query("select distinct year, quarter, deadline from mart_submission_completeness")
    assert deadlines
    for year, quarter, deadline in deadlines:
        assert calendar.submission_deadline(year, quarter) == deadline, (year, quarter)


def test_the_loader_reads_the_quarter_end_from_dbt():
    import duckdb

    from orchestration.defs.submissions.validate import MACROS

    conn = duckdb.connect()
    conn.execute(MACROS)
    rows = conn.execute("select y, q, pt_quarter_end(y, q) from range(2015, 2036) a(y), range(1, 5) b(q)").fetchall()
    assert len(rows) == 84
    for year, quarter, end in rows:
        assert end == calendar.quarter_end(year, quarter), (year, quarter)
    assert "make_date" in calendar.quarter_end_sql("y", "q")  # rendered from dbt_project/macros/quarter_end.sql
