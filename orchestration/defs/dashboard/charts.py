"""The dashboard's per-indicator cards and charts of the detail regions: each indicator's targets
with their statuses, the actuals the chart draws (annual values, each quarter's year-to-date value)
and its lead and co-operating departments, read from the published file; and the English names of
the units the page shows (data/reference/units.csv)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from orchestration.defs.dashboard.published import columns as _columns
from orchestration.defs.dashboard.statuses import StatusLooks


@dataclass
class Chart:
    """One indicator of one detail region: what its card and chart draw."""

    indicator: str
    leads: list[int]  # indexes into DashboardData.departments
    co: list[int]
    targets: list[list]  # [plan_id, tier, year, target_value, operator, status, value_text]
    annual: list[list]  # [year, value, is_baseline, is_synthetic, source text (documents)]
    quarterly: list[list]  # [year, quarter, year-to-date (else quarter) value, is_synthetic]
    rank: int = 9  # the worst status rank of its targets: cards are sorted worst first


def charts_of(conn, looks: StatusLooks, regions: list[str], departments: list[list[str]]) -> dict[str, list[Chart]]:
    """Per detail region × indicator: targets, the actuals the chart draws, lead and co departments."""
    charts: dict[tuple[str, str], Chart] = {}
    for region, indicator, plan, tier, year, value, operator, status, text in conn.execute(
        """
            select region_code, indicator_code, plan_id, coalesce(target_tier, 'base'), year, target_value,
                target_operator, status, value_text
            from mart_progress where region_code in (select unnest(?::varchar[]))
            order by region_code, indicator_code, year, target_tier""",
        [regions],
    ).fetchall():
        chart = charts.get((region, indicator))
        if chart is None:
            chart = charts[(region, indicator)] = Chart(indicator, [], [], [], [], [])
        chart.rank = min(chart.rank, looks(status).rank)
        if value is not None:
            chart.targets.append([plan, tier, year, value, operator or "=", status, text or ""])
    # the actuals as the chart draws them: annual values, and each quarter's year-to-date value
    actual_columns = _columns(conn, "fct_actual")
    source = (
        "case when a.quarter is null then coalesce(a.source_text, a.value_text) end"
        if {"source_text", "value_text"} <= actual_columns
        else "null"
    )
    for region, indicator, year, quarter, value, baseline, synthetic, text in conn.execute(
        f"""
            select a.region_code, a.indicator_code, a.year, a.quarter,
                case when a.quarter is null then a.value else coalesce(a.ytd_value, a.value) end,
                coalesce(a.figure_kind = 'baseline', false), coalesce(a.is_synthetic, false), {source}
            from fct_actual a
            semi join (select distinct region_code, indicator_code from mart_progress
                       where region_code in (select unnest(?::varchar[]))) p using (region_code, indicator_code)
            where a.quarter is not null or a.value is not null
            order by a.region_code, a.indicator_code, a.year, a.quarter nulls first""",
        [regions],
    ).fetchall():
        chart = charts[(region, indicator)]
        if quarter is None:
            chart.annual.append([year, value, int(baseline), int(synthetic), text or ""])
        else:
            chart.quarterly.append([year, quarter, value, int(synthetic)])
    index: dict[tuple[str, str], int] = {}
    for region, indicator, role, zh, en in conn.execute(
        """
            select distinct t.region_code, t.indicator_code, b.department_role, d.name_zh, d.name_en
            from fct_target t
            join bridge_target_department b using (target_key)
            join dim_department d using (department_code)
            where t.region_code in (select unnest(?::varchar[]))
            order by 1, 2, 3, 4""",
        [regions],
    ).fetchall():
        chart = charts.get((region, indicator))
        if chart is None:
            continue
        if (zh, en) not in index:
            index[(zh, en)] = len(departments)
            departments.append([zh or "", en or zh or ""])
        (chart.leads if role == "lead" else chart.co).append(index[(zh, en)])
    by_region: dict[str, list[Chart]] = defaultdict(list)
    for (region, _), chart in charts.items():
        if chart.targets or chart.annual or chart.quarterly:
            by_region[region].append(chart)
    return by_region


def unit_names(units: set[str]) -> dict[str, tuple[str, bool]]:
    """The page's units (as published, dim_indicator.unit) -> (English name, whether it counts things),
    from the reference data (data/reference/units.csv: name_en, dimension). The published file has
    units but not their names; a unit the reference data lacks is shown as written."""
    from orchestration.defs.reference.curated import CURATED_TABLES, read_curated
    from orchestration.settings import load_settings

    (table,) = [t for t in CURATED_TABLES if t.name == "units"]
    frame = read_curated(table, load_settings().data_dir)
    return {r.unit: (r.name_en, r.dimension == "count") for r in frame.itertuples() if r.unit in units}
