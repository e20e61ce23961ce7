"""What the dashboard shows, aggregated in SQL inside DuckDB (read-only) from the published file.

The dashboard reads only the published file, like any BI tool, so it shows exactly what was
published. It reads only what the page shows, and the page shows a bounded amount at any scale:

- every region, as one summary row (targets by bucket, reporting rate): one grouped query;
- full detail (status tiles, the off-track table, per-indicator charts, completeness per
  department) for the *detail regions* only: the regions asked for (`plantrack dashboard
  --region`), else the regions with the most targets, at most `PLANTRACK_DASHBOARD_DETAIL_REGIONS`
  (default 50). Tables are capped too (`REGION_ROW_CAP` rows per region, the worst first;
  `ROW_CAP` for data-quality issues), and say how many rows they leave out.

`mart_submission_completeness` (department × region × indicator × quarter) is never read whole:
its per-department and per-region roll-ups are, or a SQL aggregate of it when a file has no
roll-ups. Optional tables (completeness, data-quality issues, the vocabulary) are shown when the
published file has them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.defs.dashboard import monitoring
from orchestration.defs.dashboard.charts import Chart, charts_of, unit_names
from orchestration.defs.dashboard.published import columns as _columns
from orchestration.defs.dashboard.published import rows as _rows
from orchestration.defs.dashboard.statuses import BUCKETS, StatusLooks
from orchestration.sql import literal

DETAIL_REGIONS_ENV = "PLANTRACK_DASHBOARD_DETAIL_REGIONS"
DEFAULT_DETAIL_REGIONS = 50
ROW_CAP = 300  # rows of a page-wide table (dq_issues)
REGION_ROW_CAP = 100  # rows of a table of one region (off-track targets, completeness per department)


def detail_cap() -> int:
    value = os.environ.get(DETAIL_REGIONS_ENV, "").strip()
    if not value:
        return DEFAULT_DETAIL_REGIONS
    try:
        return max(0, int(value))
    except ValueError as error:
        raise ValueError(f"{DETAIL_REGIONS_ENV} must be a whole number of regions, not {value!r}") from error


@dataclass
class RegionSummary:
    """One row of the all-regions table."""

    code: str
    name_zh: str
    name_en: str
    level: str
    n_indicators: int
    n_targets: int
    buckets: dict[str, int]  # BUCKETS -> targets; off_track as the page lists them
    reporting_rate_pct: float | None
    on_time_rate_pct: float | None
    n_plans: int = 0
    detail: bool = False
    n_synthetic: int = 0  # targets judged against a synthetic (demo) actual


@dataclass
class Capped:
    """Rows of a table on the page: the first rows of `total` (at most REGION_ROW_CAP or ROW_CAP)."""

    rows: list[dict]
    total: int

    @property
    def left_out(self) -> int:
        return self.total - len(self.rows)


@dataclass
class RegionDetail:
    summary: RegionSummary
    plans: list[dict]
    statuses: list[tuple[str, int]]  # status -> targets, worst first
    off_track: Capped  # mart_progress rows (with indicator names), worst first
    no_data: Capped
    completeness: Capped | None  # per department; None when the file has no completeness
    charts: list[Chart]

    @property
    def code(self) -> str:
        return self.summary.code


@dataclass
class DashboardData:
    summaries: list[RegionSummary]  # every region with targets, detail regions first
    details: list[RegionDetail]  # the detail regions, most indicators first
    published_at: str
    looks: StatusLooks = field(default_factory=StatusLooks)
    detail_cap: int = DEFAULT_DETAIL_REGIONS
    asked: bool = False  # the detail regions were asked for by code
    completeness_table: str | None = None
    dq_issues: Capped | None = None
    indicators: dict[str, list[str]] = field(default_factory=dict)  # code -> [zh, en, category zh, category en, unit]
    departments: list[list[str]] = field(default_factory=list)  # [zh, en]
    plans: dict[str, list] = field(default_factory=dict)  # plan_id -> [horizon_start, horizon_end]
    units: dict[str, tuple[str, bool]] = field(default_factory=dict)  # unit shown -> (English name, is a count)
    monitoring: object = None  # monitoring.Monitoring: reporting status, approvals, the latest diff

    @property
    def summarised_only(self) -> int:
        return len(self.summaries) - len(self.details)


def _off_track_sql(looks: StatusLooks) -> str:
    """SQL that is true for a mart_progress row the page lists as missed or off track."""
    codes = ", ".join(literal(code) for code, look in sorted(looks.looks.items()) if look.off_track)
    return f"(scorecard_bucket = 'off_track' or status in ({codes}))"


def _rank_sql(looks: StatusLooks) -> str:
    """SQL for a status's sort rank (worst first), as StatusLooks ranks it."""
    whens = " ".join(f"when {literal(code)} then {look.rank}" for code, look in sorted(looks.looks.items()))
    return f"(case status {whens} else 5 end)"


def _completeness_by_region(conn, tables: set[str]) -> str | None:
    if "mart_submission_completeness_by_region" in tables:
        columns = _columns(conn, "mart_submission_completeness_by_region")
        if {"region_code", "reporting_rate_pct"} <= columns:
            on_time = "on_time_rate_pct" if "on_time_rate_pct" in columns else "null"
            return f"select region_code, reporting_rate_pct, {on_time} as on_time_rate_pct from mart_submission_completeness_by_region"
    if "mart_submission_completeness" in tables and {"region_code", "status"} <= _columns(conn, "mart_submission_completeness"):
        return """
            select region_code,
                round(100.0 * count(*) filter (where status <> 'missing') / nullif(count(*), 0), 1) as reporting_rate_pct,
                round(100.0 * count(*) filter (where status = 'on_time')
                      / nullif(count(*) filter (where status <> 'missing'), 0), 1) as on_time_rate_pct
            from mart_submission_completeness group by region_code"""
    return None


def _summaries(conn, tables: set[str], looks: StatusLooks) -> list[RegionSummary]:
    off = _off_track_sql(looks)
    bucket = f"case when {off} then 'off_track' when scorecard_bucket in ('met', 'on_track', 'no_data') then scorecard_bucket else 'not_assessed' end"
    if "scorecard_bucket" not in _columns(conn, "mart_progress"):
        no_bucket = off.replace("scorecard_bucket = 'off_track' or ", "")
        bucket = f"case when {no_bucket} then 'off_track' else 'not_assessed' end"
    counts = ", ".join(f"count(*) filter (where bucket = '{b}') as {b}" for b in BUCKETS)
    synthetic = "coalesce(actual_is_synthetic, false)" if "actual_is_synthetic" in _columns(conn, "mart_progress") else "false"
    completeness = _completeness_by_region(conn, tables)
    plans = (
        "select region_code, count(*) as n_plans from dim_plan group by 1"
        if "dim_plan" in tables
        else "select null::varchar as region_code, 0 as n_plans where false"
    )
    rates = (
        "select null::varchar as region_code, null::double as reporting_rate_pct, null::double as on_time_rate_pct where false"
    )
    rows = conn.execute(f"""
        with p as (
            select region_code, count(distinct indicator_code) as n_indicators, count(*) as n_targets, {counts},
                count(*) filter (where synthetic) as n_synthetic
            from (select region_code, indicator_code, {bucket} as bucket, {synthetic} as synthetic from mart_progress)
            group by region_code
        ), d as ({plans}), c as ({completeness or rates}),
        k as (select region_code from p union select region_code from d union select region_code from c)
        select k.region_code, coalesce(r.name_zh, k.region_code), coalesce(r.name_en, k.region_code),
            coalesce(r.region_level, ''), coalesce(p.n_indicators, 0), coalesce(p.n_targets, 0),
            {", ".join(f"coalesce(p.{b}, 0)" for b in BUCKETS)}, c.reporting_rate_pct, c.on_time_rate_pct, coalesce(d.n_plans, 0),
            coalesce(p.n_synthetic, 0)
        from k left join p using (region_code) left join d using (region_code) left join c using (region_code)
            left join dim_region r using (region_code)
        where k.region_code is not null
        order by 5 desc, 6 desc, k.region_code""").fetchall()
    return [
        RegionSummary(
            code=r[0],
            name_zh=r[1],
            name_en=r[2],
            level=r[3],
            n_indicators=r[4],
            n_targets=r[5],
            buckets=dict(zip(BUCKETS, r[6:11])),
            reporting_rate_pct=r[11],
            on_time_rate_pct=r[12],
            n_plans=r[13],
            n_synthetic=r[14],
        )
        for r in rows
    ]


def _choose(summaries: list[RegionSummary], regions: list[str] | None, cap: int) -> list[RegionSummary]:
    """The detail regions: those asked for, else the `cap` regions with most targets (a region
    with a plan document but no targets yet is summarised: its detail would be empty)."""
    if regions:
        known = {s.code: s for s in summaries}
        missing = [code for code in regions if code not in known]
        if missing:
            raise ValueError(f"region(s) {', '.join(missing)} have no targets, plans or submissions in the published file")
        chosen = {code for code in regions}
    else:
        by_targets = sorted((s for s in summaries if s.n_targets), key=lambda s: (-s.n_targets, -s.n_indicators, s.code))
        chosen = {s.code for s in by_targets[:cap]}
    for s in summaries:
        s.detail = s.code in chosen
    return [s for s in summaries if s.detail]


def _capped_per_region(conn, sql: str, params: list, regions: list[str]) -> dict[str, Capped]:
    """`sql` selects rows with region_code and a `_n` row number per region; at most REGION_ROW_CAP each."""
    found: dict[str, Capped] = {code: Capped([], 0) for code in regions}
    for row in _rows(conn, f"select * from ({sql}) where _n <= {REGION_ROW_CAP} order by region_code, _n", params):
        found[row["region_code"]].rows.append(row)
    for code, total in conn.execute(f"select region_code, count(*) from ({sql}) group by 1", params).fetchall():
        found[code].total = total
    return found


def _targets_table(conn, regions: list[str], where: str, order: str) -> dict[str, Capped]:
    """Targets of the detail regions with what a reader needs to judge them: the gap to the target
    and the actual as a percent of it, whether the actual is synthetic, and the source text."""
    columns = _columns(conn, "mart_progress")
    synthetic = "p.actual_is_synthetic" if "actual_is_synthetic" in columns else "null::boolean"
    source = ", ".join(f"p.{c}" if c in columns else f"null as {c}" for c in ("source_text", "seed_file", "source_line"))
    sql = f"""
        select p.region_code, p.indicator_code, p.year, p.target_tier, p.target_value, p.target_operator, p.value_text,
            p.actual_value, p.status, p.lead_departments_zh, p.lead_departments_en,
            coalesce(i.name_zh, p.indicator_code) as indicator_name_zh, coalesce(i.name_en, p.indicator_code) as indicator_name_en,
            coalesce(i.unit, p.unit, '') as unit, {synthetic} as actual_is_synthetic, {source},
            p.actual_value - p.target_value as gap,
            round(100.0 * p.actual_value / nullif(p.target_value, 0), 1) as pct_of_target,
            row_number() over (partition by p.region_code order by {order}) as _n
        from mart_progress p left join dim_indicator i using (indicator_code)
        where p.region_code in (select unnest(?::varchar[])) and {where}"""
    return _capped_per_region(conn, sql, [regions], regions)


# how far off a target is: the actual's distance from it as a share of the target (no actual: last)
FAR_OFF = "abs(p.actual_value / nullif(p.target_value, 0) - 1) desc nulls last"


def _completeness(conn, tables: set[str], regions: list[str]) -> tuple[str | None, dict[str, Capped]]:
    """Completeness per department for each detail region, from the roll-up (or a SQL aggregate)."""
    if "mart_submission_completeness_by_department" in tables:
        table = "mart_submission_completeness_by_department"
        if "region_code" not in _columns(conn, table):
            rows = _rows(conn, f"select * from {table} limit {ROW_CAP}")
            total = conn.execute(f"select count(*) from {table}").fetchone()[0]
            return table, {code: Capped(rows, total) for code in regions}
        columns = _columns(conn, table)
        order = "department_code" if "department_code" in columns else "region_code"
        english = ""
        if {"department_code"} <= columns and "department_name_en" not in columns and "dim_department" in tables:
            english = (
                ", (select d.name_en from dim_department d where d.department_code = c.department_code) as department_name_en"
            )
        if "region_name_zh" in columns and "region_name_en" not in columns and "dim_region" in tables:
            english += ", (select r.name_en from dim_region r where r.region_code = c.region_code) as region_name_en"
        sql = f"select c.*{english}, row_number() over (partition by region_code order by {order}) as _n from {table} c where region_code in (select unnest(?::varchar[]))"
    elif "mart_submission_completeness" in tables:
        table = "mart_submission_completeness"
        columns = _columns(conn, table)
        if not {"region_code", "department_code", "status"} <= columns:
            return table, {code: Capped([], 0) for code in regions}
        sql = f"""
            select *, row_number() over (partition by region_code order by department_code) as _n from (
                select department_code, region_code, count(*) as n_expected,
                    count(*) filter (where status <> 'missing') as n_received,
                    count(*) filter (where status = 'on_time') as n_on_time, count(*) filter (where status = 'late') as n_late,
                    count(*) filter (where status = 'missing') as n_missing
                from {table} where region_code in (select unnest(?::varchar[])) group by all)"""
    else:
        return None, {}
    found = _capped_per_region(conn, sql, [regions], regions)
    for capped in found.values():
        for row in capped.rows:
            row.pop("_n", None)
    return table, found


def load(published: Path, regions: list[str] | None = None, cap: int | None = None) -> DashboardData:
    """The page's data: every region summarised, `regions` (else the top `cap` by targets) in detail."""
    if not published.exists():
        raise FileNotFoundError(f"no published file at {published}")
    cap = detail_cap() if cap is None else cap
    with duckdb.connect(str(published), read_only=True) as conn:
        tables = {name for (name,) in conn.execute("select table_name from information_schema.tables").fetchall()}
        vocabulary = _rows(conn, "select * from dim_progress_vocabulary") if "dim_progress_vocabulary" in tables else None
        looks = StatusLooks(vocabulary)
        published_at = ""
        if "publish_log" in tables:
            (stamp,) = conn.execute("select max(published_at) from publish_log").fetchone()
            published_at = str(stamp)[:19] if stamp is not None else ""

        summaries = _summaries(conn, tables, looks)
        chosen = _choose(summaries, regions, cap)
        codes = [s.code for s in chosen]

        off_track = _targets_table(
            conn, codes, _off_track_sql(looks), f"{FAR_OFF}, {_rank_sql(looks)}, p.year, p.indicator_code, p.target_tier"
        )
        no_data = _targets_table(conn, codes, "p.status = 'no_data'", "p.year, p.indicator_code, p.target_tier")
        completeness_table, completeness = _completeness(conn, tables, codes)
        statuses: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for region, status, n in conn.execute(
            "select region_code, coalesce(status, ''), count(*) from mart_progress where region_code in (select unnest(?::varchar[])) group by 1, 2",
            [codes],
        ).fetchall():
            statuses[region].append((status, n))
        plans = _rows(
            conn,
            "select * from dim_plan where region_code in (select unnest(?::varchar[])) order by horizon_start, plan_id",
            [codes],
        )
        departments: list[list[str]] = []
        charts = charts_of(conn, looks, codes, departments)
        used = sorted({c.indicator for found in charts.values() for c in found})
        indicators = {
            code: [zh or code, en or code, cat_zh or "", cat_en or "", unit or ""]
            for code, zh, en, cat_zh, cat_en, unit in conn.execute(
                "select indicator_code, name_zh, name_en, category_zh, category_en, unit from dim_indicator where indicator_code in (select unnest(?::varchar[]))",
                [used],
            ).fetchall()
        }
        watched = monitoring.load(conn, tables)
        dq = None
        if "dq_issues" in tables:
            dq = Capped(
                _rows(conn, f"select * from dq_issues limit {ROW_CAP}"),
                conn.execute("select count(*) from dq_issues").fetchone()[0],
            )

    for found in charts.values():
        meta = indicators
        found.sort(key=lambda c: (c.rank, (meta.get(c.indicator) or ["", "", "", ""])[3], c.indicator))
    details = [
        RegionDetail(
            summary=s,
            plans=[p for p in plans if p["region_code"] == s.code],
            statuses=sorted(statuses[s.code], key=lambda sn: (looks(sn[0]).rank, sn[0])),
            off_track=off_track[s.code],
            no_data=no_data[s.code],
            completeness=completeness.get(s.code) if completeness_table else None,
            charts=charts.get(s.code, []),
        )
        for s in chosen
    ]
    ordered = chosen + [s for s in summaries if not s.detail]
    tables = [*off_track.values(), *no_data.values()]
    shown = {meta[4] for meta in indicators.values()} | {r["unit"] for capped in tables for r in capped.rows}
    return DashboardData(
        summaries=ordered,
        details=details,
        published_at=published_at,
        looks=looks,
        detail_cap=cap,
        asked=bool(regions),
        completeness_table=completeness_table,
        dq_issues=dq,
        indicators=indicators,
        departments=departments,
        plans={p["plan_id"]: [p.get("horizon_start"), p.get("horizon_end")] for p in plans},
        monitoring=watched,
        units=unit_names(shown),
    )
