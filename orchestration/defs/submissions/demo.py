"""Synthetic quarterly submissions 2021-2025 for every lead department × region × indicator with a
numeric target in the curated plans (seeded, so the same files every time).

The files look like what offices send: CSV in UTF-8, UTF-8 with BOM or GB18030, .xlsx; Chinese or
English headers; names in aliases; some money in 万元 and counts in 万个; full-width digits and
thousands separators; flows year-to-date (a few offices report the quarter alone). Planted on
purpose: three revisions, one late file, one missing submission and one draft full of errors that
ends in quarantine. Every file is marked: folder `synthetic/`, names `synthetic__…`, and the loader
sets is_synthetic, which reaches fct_actual and the marts. Received times are the files' mtimes.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from orchestration.rules import calendar
from orchestration.defs.submissions.demo_files import QUARTER_ZH, write_submission
from orchestration.defs.submissions.demo_series import annual_series, quarter_figures, quarter_only
from orchestration.defs.submissions.validate import LOOKUPS, MACROS

SEED = 20240601
YEARS = range(2021, 2026)

# Who is expected to report what, and when: lead departments of targets with a value, over the
# horizon of the plan that names them (as in mart_submission_completeness).
COMBOS = """
with leads as (
    select distinct b.department_code, t.region_code, t.indicator_code, y.year
    from core.fct_target t join core.bridge_target_department b using (target_key)
    join core.dim_plan p using (plan_id), range(p.horizon_start, p.horizon_end + 1) as y(year)
    where b.department_role = 'lead' and t.value_status = 'value')
select l.department_code, l.region_code, l.indicator_code, i.measure_type, i.unit,
    coalesce(u.dimension = 'count', false) as integer, list(l.year order by l.year) as years,
    case when (select count(*) from lk_indicator k where k.name = pt_norm(i.name_zh)) = 1
         then i.name_zh else i.indicator_code end as indicator_name
from leads l join core.dim_indicator i using (indicator_code)
left join lk_unit u on u.name = pt_norm(i.unit)
group by all order by 1, 2, 3
"""
ANCHORS = """
select 'target' as kind, region_code, indicator_code, year, avg(target_value) from core.fct_target
where value_status = 'value' and target_tier = 'base' and target_value is not null group by all
union all
select 'actual', region_code, indicator_code, year, value from core.int_document_actuals where value is not null
"""
NAMES = """
select 'department', department_code, alias from staging.stg_raw__department_aliases
union all select 'department', department_code, name_zh from core.dim_department
union all select 'region', region_code, alias from staging.stg_raw__region_aliases
union all select 'region', region_code, name_zh from core.dim_region
order by all
"""


@dataclass
class DemoSummary:
    folder: Path
    files: int = 0
    rows: int = 0
    revised: list[str] = field(default_factory=list)
    late: str = ""
    missing: str = ""
    rejected: str = ""


def _quarter_end(year: int, quarter: int) -> datetime:
    return datetime.combine(calendar.quarter_end(year, quarter), time())


def _received(year: int, quarter: int, rng: random.Random) -> datetime:
    moment = _quarter_end(year, quarter) + timedelta(days=rng.randint(2, 19))
    return moment.replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59))


def _deadline(year: int, quarter: int) -> datetime:
    return datetime.combine(calendar.submission_deadline(year, quarter), time())


def _office_habits(department_code: str) -> dict:
    """How one office writes its files, the same every quarter."""
    rng = random.Random(f"{SEED}:{department_code}")
    return {
        "style": rng.choices(["csv_zh", "csv_bom_en", "csv_gbk", "xlsx"], weights=[5, 2, 2, 1])[0],
        "small_units": rng.random() < 0.3,  # 万元 / 万个 instead of 亿元 / 个
        "flow_basis": "quarter" if rng.random() < 0.15 else "ytd",
    }


def write_demo(conn, folder: Path, seed: int = SEED) -> DemoSummary:
    """Write the demo files into `folder` (made empty of earlier demo files first)."""
    conn.execute(MACROS)
    conn.execute(LOOKUPS)
    combos = conn.execute(COMBOS).fetchall()
    anchors: dict[tuple, dict[str, dict[int, float]]] = {}
    for kind, region, indicator, year, value in conn.execute(ANCHORS).fetchall():
        anchors.setdefault((region, indicator), {"target": {}, "actual": {}})[kind][year] = value
    names: dict[tuple, list[str]] = {}
    for kind, code, name in conn.execute(NAMES).fetchall():
        names.setdefault((kind, code), []).append(name)

    rng = random.Random(seed)
    files: dict[tuple, list[dict]] = {}  # (department, region, year, quarter) → rows
    for department, region, indicator, measure, unit, integer, years, name in combos:
        demo_years = [y for y in YEARS if y in years]
        if not demo_years:
            continue
        known = anchors.get((region, indicator), {"target": {}, "actual": {}})
        series_rng = random.Random(f"{seed}:{region}:{indicator}")  # every lead department reports the same figures
        series = annual_series(measure, integer, known["actual"], known["target"], demo_years, series_rng)
        for year in demo_years:
            figures = quarter_figures(series, year, series_rng)
            basis = _office_habits(department)["flow_basis"] if measure == "flow" else "level"
            if basis == "quarter":
                figures = quarter_only(figures, integer)
            for quarter, value in enumerate(figures, start=1):
                files.setdefault((department, region, year, quarter), []).append(
                    {"indicator": name, "value": value, "unit": unit, "basis": basis, "integer": integer}
                )

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("synthetic__*"):
        old.unlink()
    keys = sorted(files)
    summary = DemoSummary(folder)
    missing = rng.choice([k for k in keys if k[2:] == (2024, 3)])
    late = rng.choice([k for k in keys if k[2:] == (2023, 2) and k[0] != missing[0]])
    revised = [
        rng.choice([k for k in keys if k[2:] == period and k[0] not in (missing[0], late[0])])
        for period in ((2023, 3), (2024, 1), (2025, 2))
    ]
    draft = rng.choice([k for k in keys if k[2:] == (2024, 2) and k not in revised])
    summary.missing, summary.late = _label(missing), _label(late)
    summary.revised, summary.rejected = [_label(k) for k in revised], _label(draft)

    for key in keys:
        if key == missing:
            continue
        department, region, year, quarter = key
        habits = _office_habits(department)
        file_rng = random.Random(f"{seed}:{_label(key)}")
        texts = {
            "department": file_rng.choice(names[("department", department)]),
            "region": file_rng.choice(names[("region", region)]),
            "year": str(year),
            "quarter": file_rng.choice([f"Q{quarter}", str(quarter), f"第{QUARTER_ZH[quarter]}季度"]),
        }
        received = _deadline(year, quarter) + timedelta(days=12) if key == late else _received(year, quarter, file_rng)
        stem = f"synthetic__{department}__{region}__{year}Q{quarter}"
        if key in revised:  # a first version with wrong figures, corrected three to six weeks later
            wrong = [{**row, "value": row["value"] * 0.6} for row in files[key]]
            _write(folder / stem, habits, texts, wrong, quarter, received, file_rng, summary)
            received += timedelta(days=file_rng.uniform(20, 40))
            stem += "__revised"
        if key == draft:  # a draft with errors, sent before the correct file
            bad = [{**row} for row in files[key]]
            bad[0]["unit"] = "吨"
            bad[-1]["value"] = "待核实"
            _write(folder / (stem + "__draft"), habits, texts, bad, quarter, received - timedelta(days=1), file_rng, summary)
        _write(folder / stem, habits, texts, files[key], quarter, received, file_rng, summary)
    (folder / "DEMO.md").write_text(_readme(summary), encoding="utf-8")
    return summary


def _write(stem: Path, habits, texts, rows, quarter, received, rng, summary: DemoSummary) -> None:
    path = write_submission(stem, habits, texts, rows, quarter, rng)
    stamp = received.timestamp()
    os.utime(path, (stamp, stamp))
    summary.files += 1
    summary.rows += len(rows)


def _label(key: tuple) -> str:
    department, region, year, quarter = key
    return f"{department} {region} {year}Q{quarter}"


def _readme(s: DemoSummary) -> str:
    return (
        "# Synthetic submissions (demo data, not real statistics)\n\n"
        f"Written by `plantrack demo` (seed {SEED}): {s.files} files, {s.rows} rows, quarters 2021-2025.\n"
        "Received times are the files' modification times.\n\n"
        f"- revised (a wrong first version, then `__revised`): {', '.join(s.revised)}\n"
        f"- late (12 days after the deadline): {s.late}\n"
        f"- missing (never sent): {s.missing}\n"
        f"- rejected (`__draft`, wrong unit and text in a value; the correct file follows): {s.rejected}\n\n"
        "Quarters outside 2021-2025 that a plan's horizon covers (2020, 2026) have no demo files, so the\n"
        "completeness mart lists them as missing once their deadline has passed.\n"
    )
