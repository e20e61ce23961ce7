"""Benchmark: the dashboard on a national-scale published file; prints wall time, peak memory, HTML size.

    .venv/bin/python bench/dashboard.py [--regions 2850] [--indicators 200] [--years 4] [--detail 50]
        [--template data/published/plantrack.duckdb] [--keep DIR]

Builds a synthetic published file directly with DuckDB (untimed): every table of a real published
file (`make run` writes one; its schema is copied, its progress vocabulary and status names too),
filled in SQL with `range()`: R regions (each with one plan document) × I indicators × Y target
years in `fct_target` / `mart_progress` (statuses spread over met, on track, off track, no data),
the quarterly actuals of every region × indicator × year (R × I × Y × 4 rows in `fct_actual`: 9.1 M at
the defaults), `mart_submission_completeness` with one row per lead department × region ×
indicator × quarter (the same 9.1 M) and its roll-ups per department and per region.

Then, each in a fresh process:
1. `build_dashboard` on it (the production code): wall time, peak RSS (ru_maxrss of the child,
   which counts DuckDB's memory too), the HTML's size; the SQL it ran is recorded;
2. DuckDB alone: the same SQL statements replayed, each wrapped in `select count(*) from (…)`, so
   DuckDB does the same work without Python building the page.

Measured on a 2-core machine shared with other jobs (defaults: 2,850 regions × 200 indicators ×
4 years, 9.1 M fct_actual and 9.1 M mart_submission_completeness rows, 50 detail regions):
build_dashboard 8.4 s wall, 378 MB peak RSS, 13.6 MB HTML (4.6 MB of it plotly.js); DuckDB alone
on the same 22 statements 3.2 s, 245 MB. The dashboard before it read mart_progress, fct_actual and
mart_submission_completeness whole: on 300 regions × 50 indicators (240 k rows each) it took 40 s,
1.5 GB and wrote 93 MB; now 2.1 s, 141 MB, 7.6 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMPLATE = ROOT / "data" / "published" / "plantrack.duckdb"

# Generated tables: a view over range() per table, inserted BY NAME (columns not named stay null).
FILL = """
insert into dim_region by name
select printf('%06d', 100000 + r) as region_code, '测试县' || r as name_zh, '測試縣' || r as name_zh_hant,
    'County ' || r as name_en, 'county' as region_level, printf('%06d', 100000 + r - r % 100) as parent_code
from range({regions}) t(r);

insert into dim_indicator by name
select 'ind_' || i as indicator_code, '测试指标' || i as name_zh, '測試指標' || i as name_zh_hant,
    'Test indicator ' || i as name_en, ['数字产业化', '产业数字化', '数字基础设施'][i % 3 + 1] as category_zh,
    ['Digital industries', 'Digitalised industries', 'Digital infrastructure'][i % 3 + 1] as category_en,
    ['亿元', '个', '%'][i % 3 + 1] as unit, ['flow', 'stock', 'share'][i % 3 + 1] as measure_type, 'up' as direction
from range({indicators}) t(i);

insert into dim_department by name
select 'dept_' || d as department_code, '测试局' || d as name_zh, 'Test bureau ' || d as name_en
from range({departments}) t(d);

insert into dim_plan by name
select 'plan_' || region_code as plan_id, name_zh || '数字经济发展规划' as title_zh,
    'Digital economy plan of ' || name_en as title_en, region_code, {first_year} as horizon_start,
    {first_year} + {years} - 1 as horizon_end
from dim_region;

create temp table grid as
select r.region_code, r.name_zh as region_name_zh, i.indicator_code, i.name_zh as indicator_name_zh,
    i.name_en as indicator_name_en, i.unit, i.measure_type, y.y as year,
    hash(r.region_code, i.indicator_code, y.y) % 100 as h, 'dept_' || (hash(i.indicator_code) % {departments}) as lead
from dim_region r cross join dim_indicator i cross join range({first_year}, {first_year} + {years}) y(y);

insert into fct_target by name
select md5(region_code || indicator_code || year) as target_key, 'plan_' || region_code as plan_id, region_code,
    indicator_code, year, 'base' as target_tier, '>=' as target_operator, 100.0 + h as target_value, unit,
    '不低于' || (100 + h) || unit as value_text
from grid;

insert into bridge_target_department by name
select md5(region_code || indicator_code || year) as target_key, lead as department_code, 'lead' as department_role from grid
union all
select md5(region_code || indicator_code || year), 'dept_' || ((hash(indicator_code) + 1) % {departments}), 'co' from grid where h < 30;

insert into mart_progress by name
select md5(region_code || indicator_code || year) as target_key, 'plan_' || region_code as plan_id, region_code,
    indicator_code, indicator_name_zh, indicator_name_en, year, 'base' as target_tier, '>=' as target_operator,
    100.0 + h as target_value, unit, measure_type, 'up' as direction, year = {first_year} + {years} - 1 as is_final_target,
    case when h < 35 then 'met' when h < 55 then 'on_track' when h < 75 then 'not_met' when h < 85 then 'needs_acceleration'
        else 'insufficient_data' end as status,
    case when h < 35 then 'met' when h < 55 then 'on_track' when h < 85 then 'off_track' else 'no_data' end as scorecard_bucket,
    case when h < 85 then 95.0 + h end as actual_value,
    '测试局' || replace(lead, 'dept_', '') as lead_departments_zh, 'Test bureau ' || replace(lead, 'dept_', '') as lead_departments_en,
    '不低于' || (100 + h) || unit as value_text
from grid;

insert into fct_actual by name
select md5(region_code || indicator_code || year || q) as actual_key, region_code, indicator_code, year, q as quarter,
    (90.0 + h) / 4 as value, (90.0 + h) * q / 4 as ytd_value, 'quarter' as value_basis, unit, 'submission' as source_type,
    true as is_synthetic, lead as department_code, 'actual' as figure_kind
from grid cross join range(1, 5) t(q);

insert into mart_submission_completeness by name
select md5(lead || region_code || indicator_code || year || q) as completeness_key, lead as department_code,
    '测试局' || replace(lead, 'dept_', '') as department_name_zh, region_code, region_name_zh, indicator_code,
    indicator_name_zh, year, q as quarter, year || 'Q' || q as quarter_key, true as is_expected,
    case when (h + q) % 10 = 0 then 'missing' when (h + q) % 10 = 1 then 'late' else 'on_time' end as status,
    0 as revision_count, true as is_synthetic
from grid cross join range(1, 5) t(q);

insert into mart_submission_completeness_by_department by name
select department_code, department_name_zh, region_code, region_name_zh, count(*) filter (where is_expected) as n_expected,
    count(*) filter (where status <> 'missing') as n_received, count(*) filter (where status = 'on_time') as n_on_time,
    count(*) filter (where status = 'late') as n_late, count(*) filter (where status = 'missing') as n_missing,
    0 as n_revised, round(100.0 * count(*) filter (where status <> 'missing') / count(*), 1) as reporting_rate_pct,
    round(100.0 * count(*) filter (where status = 'on_time') / nullif(count(*) filter (where status <> 'missing'), 0), 1) as on_time_rate_pct,
    true as includes_synthetic
from mart_submission_completeness group by all;

insert into mart_submission_completeness_by_region by name
select region_code, region_name_zh, sum(n_expected) as n_expected, sum(n_received) as n_received, sum(n_on_time) as n_on_time,
    sum(n_late) as n_late, sum(n_missing) as n_missing, 0 as n_revised,
    round(100.0 * sum(n_received) / sum(n_expected), 1) as reporting_rate_pct,
    round(100.0 * sum(n_on_time) / nullif(sum(n_received), 0), 1) as on_time_rate_pct, true as includes_synthetic
from mart_submission_completeness_by_department group by all;

insert into dq_issues by name
select 'fct_actual' as suite, 'warning' as severity, 'ytd_not_decreasing' as expectation, 'region ' || r as row_label
from range({dq_issues}) t(r);

insert into publish_log by name select 1 as version, now()::timestamp as published_at;
"""

GENERATED = {
    "dim_region",
    "dim_indicator",
    "dim_department",
    "dim_plan",
    "fct_target",
    "bridge_target_department",
    "mart_progress",
    "fct_actual",
    "mart_submission_completeness",
    "mart_submission_completeness_by_department",
    "mart_submission_completeness_by_region",
    "dq_issues",
    "publish_log",
}
KEPT = {"dim_progress_vocabulary", "dim_quarter", "mart_labels"}  # copied from the template as they are


def build_published(
    target: Path,
    template: Path = TEMPLATE,
    regions: int = 2850,
    indicators: int = 200,
    years: int = 4,
    departments: int = 40,
    first_year: int = 2022,
    dq_issues: int = 5000,
) -> dict[str, int]:
    """A synthetic published file at `target` with the template's tables and columns; row counts."""
    import duckdb

    from orchestration.sql import literal

    if not template.exists():
        raise SystemExit(f"no published file to copy the schema from at {template}: run `make run` first")
    target.unlink(missing_ok=True)
    with duckdb.connect(str(target)) as conn:
        conn.execute(f"attach {literal(template)} as template (read_only)")
        tables = [
            t
            for (t,) in conn.execute(
                "select table_name from duckdb_tables() where database_name = 'template' order by 1"
            ).fetchall()
        ]
        for table in tables:
            rows = "" if table in KEPT else " limit 0"
            conn.execute(f"create table main.{table} as select * from template.main.{table}{rows}")
        conn.execute("detach template")
        sql = FILL.format(
            regions=regions,
            indicators=indicators,
            years=years,
            departments=departments,
            first_year=first_year,
            dq_issues=dq_issues,
        )
        for statement in filter(str.strip, sql.split(";\n")):
            conn.execute(statement)
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


CHILD_BUILD = """
import json, resource, sys, time
from pathlib import Path
import duckdb
queries = []
connect = duckdb.connect
class Recording:
    def __init__(self, conn): self.conn = conn
    def __enter__(self): return self
    def __exit__(self, *exc): self.conn.close()
    def execute(self, sql, params=None):
        queries.append([sql, params or []])
        return self.conn.execute(sql, params or [])
duckdb.connect = lambda *a, **k: Recording(connect(*a, **k))
from orchestration.defs.dashboard import build_dashboard
start = time.perf_counter()
built = build_dashboard(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - start, "regions": built.regions, "detail": built.detail_regions,
                  "charts": built.charts, "queries": queries, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""

CHILD_SQL = """
import json, resource, sys, time
import duckdb
queries = json.load(open(sys.argv[2]))
start = time.perf_counter()
with duckdb.connect(sys.argv[1], read_only=True) as conn:
    for sql, params in queries:
        conn.execute(f"select count(*) from ({sql})", params).fetchall()
print(json.dumps({"seconds": time.perf_counter() - start, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def run_child(code: str, *args: str, env: dict | None = None) -> tuple[dict, float]:
    """Run `code` in a fresh Python: its JSON output (with `rss`, the child's own ru_maxrss in bytes,
    DuckDB included) and the wall seconds."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--regions", type=int, default=2850)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument(
        "--detail", type=int, default=None, help="detail regions (default: PLANTRACK_DASHBOARD_DETAIL_REGIONS, 50)"
    )
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the synthetic file and the page in")
    parser.add_argument("--reuse", action="store_true", help="with --keep: use the synthetic file already there")
    parser.add_argument("--build-only", type=Path, default=None, help=argparse.SUPPRESS)  # the child that builds the file
    args = parser.parse_args()
    if args.build_only:
        counts = build_published(args.build_only, args.template, args.regions, args.indicators, args.years)
        print(json.dumps(counts))
        return

    folder = args.keep or Path(tempfile.mkdtemp(prefix="plantrack-bench-dashboard-"))
    folder.mkdir(parents=True, exist_ok=True)
    published, page, recorded = folder / "plantrack.duckdb", folder / "index.html", folder / "queries.json"
    if not (args.reuse and published.exists()):
        build(published, args)
    run(published, page, recorded, args, folder)


def build(published: Path, args: argparse.Namespace) -> None:
    print(f"building a synthetic published file: {args.regions} regions × {args.indicators} indicators × {args.years} years …")
    start = time.perf_counter()
    # in a child process: a child's ru_maxrss starts at its parent's RSS (Linux keeps it across exec),
    # so this process stays small
    built = subprocess.run(
        [
            sys.executable,
            __file__,
            "--build-only",
            str(published),
            "--template",
            str(args.template),
            "--regions",
            str(args.regions),
            "--indicators",
            str(args.indicators),
            "--years",
            str(args.years),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode:
        raise SystemExit(built.stderr[-3000:])
    counts = json.loads(built.stdout.strip().splitlines()[-1])
    print(
        f"  {time.perf_counter() - start:.0f} s, {published.stat().st_size / 2**20:.0f} MB: "
        + ", ".join(f"{t} {counts[t]:,}" for t in ("mart_progress", "fct_actual", "mart_submission_completeness"))
    )


def run(published: Path, page: Path, recorded: Path, args: argparse.Namespace, folder: Path) -> None:
    env = {**os.environ, "DO_NOT_TRACK": "1"}
    if args.detail is not None:
        env["PLANTRACK_DASHBOARD_DETAIL_REGIONS"] = str(args.detail)
    result, wall = run_child(CHILD_BUILD, str(published), str(page), env=env)
    recorded.write_text(json.dumps(result["queries"], ensure_ascii=False, default=str), encoding="utf-8")
    sql, sql_wall = run_child(CHILD_SQL, str(published), str(recorded), env=env)
    print(
        f"\ndashboard: {result['regions']:,} regions summarised, {result['detail']} in detail, {result['charts']:,} charts, "
        f"{len(result['queries'])} SQL statements"
    )
    print(f"{'':28}{'wall s':>9}{'in-process s':>14}{'peak RSS MB':>13}{'HTML MB':>9}")
    print(
        f"{'build_dashboard (page)':28}{wall:9.1f}{result['seconds']:14.1f}{result['rss'] / 2**20:13.0f}{page.stat().st_size / 2**20:9.1f}"
    )
    print(f"{'DuckDB alone (same SQL)':28}{sql_wall:9.1f}{sql['seconds']:14.1f}{sql['rss'] / 2**20:13.0f}{'':>9}")
    print(
        f"(peak RSS: each child's own ru_maxrss, DuckDB included; wall time includes starting Python and importing; files in {folder})"
    )


if __name__ == "__main__":
    main()
