"""Benchmark: load one million submission rows; prints wall time and peak memory.

    .venv/bin/python bench/load_submissions.py [--rows 1000000] [--departments 50]

The curated plans have a few hundred lead department × indicator pairs, far from a million rows, so
the benchmark builds a bigger reference world in a fresh warehouse: one region, D departments each
leading N indicators (flows in 亿元, stocks in 个, shares in %) over a 2021-2025 plan. Every
department sends one file per quarter of 2021-2025 with all its indicators: D × 20 files of N rows
(rows = D × 20 × N). The files are written by DuckDB (untimed). Then a fresh process loads them
with the production loader (reader → set-based validation → one transaction → files moved) and
reports its wall time and peak resident memory (ru_maxrss, which counts DuckDB's memory too);
then loads them again to time the no-op path.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from bench.scale.world import LOADER_MODELS, create_models  # noqa: E402

UNITS_CSV = Path(__file__).resolve().parent.parent / "data" / "reference" / "units.csv"

REFERENCE = """
create schema raw; create schema staging; create schema core;
create table raw.units as select * from read_csv('{units}', all_varchar = true);
create table core.dim_region as select '330200' as region_code, '宁波市' as name_zh, '寧波市' as name_zh_hant,
    'Ningbo' as name_en, '330000' as parent_code;
create table staging.stg_raw__region_aliases as select '330200' as region_code, '宁波' as alias;
create table core.dim_department as select 'bench_d' || d as department_code, '330200' as region_code,
    '测试局' || d as name_zh, '測試局' || d as name_zh_hant, 'Bench bureau ' || d as name_en, '测局' || d as short_name_zh
    from range({departments}) t(d);
create table staging.stg_raw__department_aliases as
    select department_code, '宁波市' || name_zh as alias from core.dim_department;
create table raw.indicators as select 'bench_i' || i as indicator_code, '测试指标' || i as name_zh,
    '測試指標' || i as name_zh_hant, 'Bench indicator ' || i as name_en, '' as category_zh, '' as category_en,
    ['亿元', '个', '%'][i % 3 + 1] as unit, ['flow', 'stock', 'share'][i % 3 + 1] as measure_type, 'up' as direction,
    '' as parent_code, 'false' as is_additive_parent, '' as growth_of, '' as definition_note
    from range({indicators}) t(i);
create table staging.stg_raw__indicator_aliases as select indicator_code, '指标别名' || indicator_code as alias
    from raw.indicators;
create table staging.stg_raw__plans as select 'bench_plan' as plan_id, 2021 as horizon_start, 2025 as horizon_end;
create table staging.stg_raw__plan_actuals as select 'bench_plan' as plan_id, 2020 as year, 'baseline' as figure_kind;
create table core.fct_target as select 'T' || i as target_key, 'bench_plan' as plan_id, '330200' as region_code,
    indicator_code, 2025 as year, 'value' as value_status
    from (select row_number() over () as i, indicator_code from raw.indicators);
create table core.bridge_target_department as select t.target_key, d.department_code, 'lead' as department_role
    from core.fct_target t cross join core.dim_department d;
"""

FILES = """
copy (
    select d.name_zh as 填报单位, case when d.i % 2 = 0 then '宁波市' else '宁波' end as 地区, y.y as 年份,
        'Q' || q.q as 季度, case when i.i % 5 = 0 then '指标别名' || i.indicator_code else i.name_zh end as 指标,
        case i.measure_type
            when 'flow' then cast(round((i.i % 97 + 10) * q.q * (1 + (y.y - 2021) * 0.08), 2) as varchar)
            when 'stock' then cast(1000 + i.i % 500 + q.q * 10 + (y.y - 2021) * 50 as varchar)
            else cast(round(10 + (i.i % 50) + q.q * 0.1, 2) as varchar) || '%' end as 数值,
        i.unit as 单位, case i.measure_type when 'flow' then '累计' else '期末' end as 口径,
        d.department_code || '_' || y.y || 'Q' || q.q as file_key
    from (select *, row_number() over () as i from core.dim_department) d
    cross join range(2021, 2026) y(y) cross join range(1, 5) q(q)
    cross join (select *, row_number() over () as i from core.dim_indicator) i
    order by file_key, i.i
) to '{folder}' (format csv, header true, partition_by (file_key))
"""


def build(root: Path, rows: int, departments: int) -> tuple[Path, int]:
    indicators = rows // (departments * 20)
    warehouse = root / "warehouse" / "plantrack.duckdb"
    warehouse.parent.mkdir(parents=True)
    (root / "subs").mkdir()
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(REFERENCE.format(units=UNITS_CSV.as_posix(), departments=departments, indicators=indicators))
        create_models(conn, LOADER_MODELS)
        conn.execute(FILES.format(folder=(root / "subs" / "landing").as_posix()))
    return warehouse, departments * 20 * indicators


def load(root: Path) -> None:
    """In a fresh process: the production loader on everything in landing/; prints the figures."""
    os.environ.update(PLANTRACK_WORK=str(root / "warehouse"), PLANTRACK_SUBMISSIONS=str(root / "subs"))
    from orchestration.settings import load_settings
    from orchestration.defs.submissions.landing import landing_files
    from orchestration.defs.submissions.load import load_files

    settings = load_settings()
    files = landing_files(settings)
    copies = root / "again"
    shutil.copytree(settings.landing_dir, copies)
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        started = time.perf_counter()
        outcomes = load_files(conn, files, settings)
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = conn.execute("select count(*) from raw.submission_values").fetchone()[0]
        accepted = sum(o.status == "accepted" for o in outcomes)
        print(
            f"loaded      {rows:>9,} rows from {accepted:,} of {len(files):,} files in {elapsed:6.1f} s "
            f"({rows / elapsed:,.0f} rows/s); peak memory {peak_mb:,.0f} MB"
        )
        again = sorted(p for p in copies.rglob("*.csv"))
        started = time.perf_counter()
        outcomes = load_files(conn, again, settings)
        elapsed = time.perf_counter() - started
        duplicates = sum(o.status == "duplicate" for o in outcomes)
        after = conn.execute("select count(*) from raw.submission_values").fetchone()[0]
        print(
            f"again       {duplicates:,} duplicate files, rows still {after:,}, in {elapsed:6.1f} s; "
            f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--departments", type=int, default=50)
    parser.add_argument("--load", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        load(args.load)
        return
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-") as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        _, rows = build(root, args.rows, args.departments)
        files = sum(1 for _ in (root / "subs" / "landing").rglob("*.csv"))
        print(f"generated   {rows:>9,} rows in {files:,} files in {time.perf_counter() - started:6.1f} s (not timed below)")
        subprocess.run([sys.executable, __file__, "--load", str(root)], check=True)


if __name__ == "__main__":
    main()
