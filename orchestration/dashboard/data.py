"""What the dashboard shows, read from the published file (read-only) into plain Python values.

The dashboard reads only the published file, like any BI tool, so it shows exactly what was
published. Optional tables (submission completeness, data-quality issues) are shown when the
published file has them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.dashboard.statuses import StatusLooks

# shown when published: per-department completeness first, the detailed mart if that is all there is
OPTIONAL_TABLES = (
    "mart_submission_completeness_by_department", "mart_submission_completeness", "dq_issues",
    "mart_department_scorecard", "dim_progress_vocabulary",
)  # fmt: skip


@dataclass
class Indicator:
    code: str
    name_zh: str
    name_en: str
    category_zh: str
    category_en: str
    unit: str
    measure_type: str
    targets: list[dict] = field(default_factory=list)  # mart_progress rows
    actuals: list[dict] = field(default_factory=list)  # fct_actual rows
    leads: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)
    co: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Region:
    code: str
    name_zh: str
    name_en: str
    level: str
    plans: list[dict]
    indicators: list[Indicator]


@dataclass
class DashboardData:
    regions: list[Region]
    published_at: str
    optional: dict[str, list[dict]]  # table name -> rows, only the tables the file has
    looks: StatusLooks = field(default_factory=StatusLooks)


def _rows(conn, sql: str, params=None) -> list[dict]:
    cursor = conn.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _departments(conn) -> dict[tuple[str, str], dict[str, list[tuple[str, str]]]]:
    found: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    rows = _rows(conn, """
        select distinct t.region_code, t.indicator_code, b.department_role as role, d.name_zh, d.name_en
        from fct_target t
        join bridge_target_department b using (target_key)
        join dim_department d using (department_code)
        order by 1, 2, 3, 4""")  # fmt: skip
    for row in rows:
        found[(row["region_code"], row["indicator_code"])][row["role"]].append((row["name_zh"], row["name_en"]))
    return found


def load(published: Path) -> DashboardData:
    if not published.exists():
        raise FileNotFoundError(f"no published file at {published}")
    with duckdb.connect(str(published), read_only=True) as conn:
        tables = {name for (name,) in conn.execute("select table_name from information_schema.tables").fetchall()}
        progress = _rows(conn, "select * from mart_progress order by region_code, indicator_code, year, target_tier")
        actuals = _rows(conn, "select * from fct_actual order by region_code, indicator_code, year, quarter nulls last")
        indicators = {r["indicator_code"]: r for r in _rows(conn, "select * from dim_indicator")}
        regions = {r["region_code"]: r for r in _rows(conn, "select * from dim_region")}
        plans = _rows(conn, "select * from dim_plan order by horizon_start, plan_id")
        departments = _departments(conn)
        published_at = ""
        if "publish_log" in tables:
            log = _rows(conn, "select * from publish_log")
            stamps = [str(r["published_at"]) for r in log if r.get("published_at") is not None]
            published_at = max(stamps)[:19] if stamps else ""
        optional = {t: _rows(conn, f"select * from {t}") for t in OPTIONAL_TABLES if t in tables}

    by_region: dict[str, dict[str, Indicator]] = defaultdict(dict)
    for row in progress:
        region, code = row["region_code"], row["indicator_code"]
        if code not in by_region[region]:
            meta = indicators.get(code, {})
            roles = departments.get((region, code), {})
            by_region[region][code] = Indicator(
                code=code, name_zh=meta.get("name_zh") or code, name_en=meta.get("name_en") or code,
                category_zh=meta.get("category_zh") or "", category_en=meta.get("category_en") or "",
                unit=meta.get("unit") or row.get("unit") or "", measure_type=meta.get("measure_type") or "",
                leads=roles.get("lead", []), co=roles.get("co", []),
            )  # fmt: skip
        by_region[region][code].targets.append(row)
    for row in actuals:
        indicator = by_region.get(row["region_code"], {}).get(row["indicator_code"])
        if indicator:
            indicator.actuals.append(row)

    result = []
    for code, found in sorted(by_region.items(), key=lambda item: (-len(item[1]), item[0])):
        meta = regions.get(code, {})
        result.append(
            Region(
                code=code, name_zh=meta.get("name_zh") or code, name_en=meta.get("name_en") or code,
                level=meta.get("region_level") or "", plans=[p for p in plans if p["region_code"] == code],
                indicators=list(found.values()),
            )
        )  # fmt: skip
    looks = StatusLooks(optional.get("dim_progress_vocabulary"))
    return DashboardData(regions=result, published_at=published_at, optional=optional, looks=looks)
