"""A warehouse of hand-made progress cases, rebuilt through the real dbt progress models.

The built warehouse is copied; its targets, actuals and department links are replaced by the
cases of test_progress_rules.py (each case in its own region, so cases cannot see each other's
actuals) and the progress models are rebuilt with `dbt run` as of AS_OF: 2023 is finished, 2024
is the current year with Q2 the latest ended quarter, 2026 lies ahead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb

from orchestration.defs.warehouse.project import dbt_environment, dbt_executable
from orchestration.settings import DBT_PROJECT_DIR

AS_OF = "2024-08-15"
PROGRESS_MODELS = [
    "int_actual_annual", "int_actual_growth", "int_progress_targets", "int_progress_pace",
    "int_progress_trajectory", "int_progress_period", "mart_progress", "mart_department_scorecard", "mart_reconciliation",
]  # fmt: skip

# code, unit, measure_type, direction, growth_of, parent_code, is_additive_parent
INDICATORS = [
    ("t_flow", "亿元", "flow", "up", None, None, False),
    ("t_stock", "个", "stock", "up", None, None, False),
    ("t_share", "%", "share", "up", None, None, False),
    ("t_down", "%", "ratio", "down", None, None, False),
    ("t_level", "亿元", "flow", "up", None, None, False),
    ("t_growth", "%", "growth_rate", "up", "t_level", None, False),
    ("t_pp", "个百分点", "growth_rate", "up", "t_share", None, False),
    ("t_parent", "亿元", "flow", "up", None, None, True),
    ("t_child_a", "亿元", "flow", "up", None, "t_parent", False),
    ("t_child_b", "亿元", "flow", "up", None, "t_parent", False),
]
KINDS = {"flow": "annual_flow", "stock": "level", "share": "share", "ratio": "ratio"}
PLANS = [("case_plan", "2021-06-01"), ("case_plan_later", "2023-01-01")]


def target_kind(indicator: str) -> str:
    unit, measure = next((i[1], i[2]) for i in INDICATORS if i[0] == indicator)
    if measure == "growth_rate":
        return "growth_pp" if unit == "个百分点" else "growth_rate"
    return KINDS[measure]


def build(source_warehouse: Path, work: Path, targets: list[dict], actuals: list[dict], bridge: list[dict]) -> Path:
    """Copy the warehouse, put the cases in, rebuild the progress models; return the warehouse path."""
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / "cases.duckdb"
    shutil.copy(source_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as conn:
        # fct_actual is a view over the incremental submitted actuals: the cases replace it with a table
        conn.execute("create table core.fct_actual_cases as select * from core.fct_actual limit 0")
        conn.execute("drop view core.fct_actual")
        conn.execute("alter table core.fct_actual_cases rename to fct_actual")
        for table in ("fct_target", "bridge_target_department"):
            conn.execute(f"delete from core.{table}")
        conn.executemany(
            """insert into core.dim_indicator by name
               select ? as indicator_code, ? as name_zh, ? as name_en, ? as unit, ? as measure_type,
                      ? as direction, ? as growth_of, ? as parent_code, ? as is_additive_parent""",
            [(c, c, c, unit, m, d, g, p, a) for c, unit, m, d, g, p, a in INDICATORS],
        )
        conn.executemany(
            """insert into core.dim_plan by name
               select ? as plan_id, ? as title_zh, '990000' as region_code, cast(? as date) as issued_date,
                      2022 as horizon_start, 2026 as horizon_end""",
            [(plan, plan, issued) for plan, issued in PLANS],
        )
        _insert(conn, "core.fct_target", targets)
        # a case that says nothing of place and time is the region's own one-year target
        conn.execute("""update core.fct_target set scope = coalesce(scope, 'region'),
                            target_period = coalesce(target_period, 'year'),
                            period_start_year = coalesce(period_start_year, year),
                            period_end_year = coalesce(period_end_year, year)""")
        _insert(conn, "core.fct_actual", actuals)
        _insert(conn, "core.bridge_target_department", bridge)
    env = {**os.environ, **dbt_environment(), "PLANTRACK_WAREHOUSE": str(warehouse)}
    command = [
        dbt_executable(), "run", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(work / "dbt_target"), "--log-path", str(work / "dbt_logs"),
        "--vars", json.dumps({"as_of_date": AS_OF}), "--select", *PROGRESS_MODELS,
    ]  # fmt: skip
    finished = subprocess.run(command, env=env, capture_output=True, text=True, cwd=DBT_PROJECT_DIR)
    assert finished.returncode == 0, finished.stdout[-4000:]
    return warehouse


def _insert(conn, table: str, rows: list[dict]) -> None:
    for row in rows:
        columns = ", ".join(f"? as {name}" for name in row)
        conn.execute(f"insert into {table} by name select {columns}", list(row.values()))
