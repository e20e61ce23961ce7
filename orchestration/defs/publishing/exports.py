"""Standard exports beside the published DuckDB file, for tools that do not speak DuckDB.

Each publish writes `<published dir>/exports/v<version>/`:
- `plantrack.sdmx.csv`: the published actuals (fct_actual) as SDMX-CSV 2.0 (dataflow
  PLANTRACK:DF_DEX_ACTUAL(1.0), ACTION column `I`); dimensions FREQ, REF_AREA, INDICATOR,
  TIME_PERIOD; measure OBS_VALUE; attributes UNIT_MEASURE, UNIT_MULT (the unit's power of ten:
  亿元 = CNY × 10^8; both from data/reference/units.csv), OBS_STATUS (A approved or from a plan document, P provisional, R revised and
  not yet approved), VALUE_BASIS, SOURCE_TYPE (SYNTHETIC for made-up demo figures);
- `codelists.csv`: the codes of every dimension and coded attribute, with Chinese and English names
  (the data structure, documented in docs/monitoring.md);
- `parquet/<table>.parquet`: every published table;
- `VERSION`: the version number (the same as publish_log's).
The folder is written under a temporary name and renamed once the DuckDB file is in place, and
`exports/latest` (a symbolic link) is switched to it atomically; the last KEEP versions are kept.
"""

from __future__ import annotations

from orchestration.writer_lock import pid_running

import os
import re
import shutil
from pathlib import Path

from orchestration.sql import literal

DATAFLOW = "PLANTRACK:DF_DEX_ACTUAL(1.0)"
KEEP = 3
# The names of the UNIT_MEASURE codes (CL_UNIT_MEASURE). Which unit has which code and power of ten
# is the reference data's (data/reference/units.csv: sdmx_unit_measure, sdmx_unit_mult).
UNIT_MEASURES = [
    ("CNY", "元", "yuan"),
    ("CNY_PER_PERSON", "元/人", "yuan per person"),
    ("GBPS", "Gbps", "gigabits per second"),
    ("NUMBER", "个（计数）", "number (count)"),
    ("PC", "%", "percent"),
    ("PP", "个百分点", "percentage points"),
]
OBS_STATUS = [
    ("A", "正常（已审核或规划文件数据）", "Normal (approved, or from a plan document)"),
    ("P", "初步（未审核）", "Provisional (not approved yet)"),
    ("R", "修订（未审核的修订版本）", "Revised (a revised version, not approved yet)"),
]


SDMX_SELECT = """
select
    'dataflow' as STRUCTURE, {dataflow} as STRUCTURE_ID, 'I' as ACTION,
    case when a.quarter is null then 'A' else 'Q' end as FREQ,
    a.region_code as REF_AREA,
    a.indicator_code as INDICATOR,
    case when a.quarter is null then cast(a.year as varchar) else a.year || '-Q' || a.quarter end as TIME_PERIOD,
    round(a.value, 6) as OBS_VALUE,  -- no binary noise of de-accumulation (1414.7099999999998)
    u.unit_measure as UNIT_MEASURE,
    u.unit_mult as UNIT_MULT,
    case when a.source_type = 'document' or a.approval_status = 'approved' then 'A'
         when try_cast(regexp_extract(a.submission_id, '-v(\\d+)$', 1) as integer) > 1 then 'R'
         else 'P' end as OBS_STATUS,
    upper(a.value_basis) as VALUE_BASIS,
    case when a.is_synthetic then 'SYNTHETIC' else upper(a.source_type) end as SOURCE_TYPE
from publishing.main.fct_actual a
left join export_units u on u.unit = a.unit
where a.value is not null
order by REF_AREA, INDICATOR, FREQ, TIME_PERIOD
"""

# The units of the published figures with their SDMX code, power of ten and the code's names.
EXPORT_UNITS = """
create or replace temp table export_units as
select u.unit, u.sdmx_unit_measure as unit_measure, u.sdmx_unit_mult as unit_mult,
    m.name_zh as unit_name_zh, m.name_en as unit_name_en
from staging.stg_raw__units u
left join export_unit_measures m on m.code = u.sdmx_unit_measure
where u.unit in (select unit from publishing.main.fct_actual)
"""

CODELISTS = """
select * from (
    select 'CL_FREQ' as codelist, code, name_zh, name_en from (values ('A', '年', 'Annual'), ('Q', '季', 'Quarterly')) v(code, name_zh, name_en)
    union all select 'CL_AREA', region_code, name_zh, name_en from publishing.main.dim_region
    union all select 'CL_INDICATOR', indicator_code, name_zh, name_en from publishing.main.dim_indicator
    union all select distinct 'CL_UNIT_MEASURE', unit_measure, unit_name_zh, unit_name_en from export_units
    union all select distinct 'CL_UNIT_MULT', cast(unit_mult as varchar), '10^' || unit_mult, '10^' || unit_mult from export_units
    union all select 'CL_OBS_STATUS', code, name_zh, name_en from export_obs_status
    union all select 'CL_VALUE_BASIS', code, name_zh, name_en from (values
        ('QUARTER', '当季', 'The quarter alone (a flow)'), ('ANNUAL', '全年', 'The year (a flow)'),
        ('LEVEL', '期末', 'End-of-period level (a stock, share or rate)')) v(code, name_zh, name_en)
    union all select 'CL_SOURCE_TYPE', code, name_zh, name_en from (values
        ('SUBMISSION', '部门季度报送', 'Departments'' quarterly submissions'),
        ('DOCUMENT', '规划文件', 'Plan documents'),
        ('SYNTHETIC', '模拟数据（演示用，非真实统计）', 'Synthetic demo figures, not real statistics')) v(code, name_zh, name_en)
) order by codelist, code
"""


def exports_dir(published_path: Path) -> Path:
    return published_path.parent / "exports"


def write(conn, published_path: Path, tables: list[str], version: int) -> Path:
    """Write the exports of the attached `publishing` copy into a temporary folder; returns it."""
    root = exports_dir(published_path)
    root.mkdir(parents=True, exist_ok=True)
    for leftover in root.glob(".v*.tmp"):  # a publish killed half-way
        match = re.match(r"\.v\d+\.(\d+)\.tmp$", leftover.name)
        if match and int(match.group(1)) != os.getpid() and not pid_running(int(match.group(1))):
            shutil.rmtree(leftover, ignore_errors=True)
    temp = root / f".v{version:05d}.{os.getpid()}.tmp"
    shutil.rmtree(temp, ignore_errors=True)
    (temp / "parquet").mkdir(parents=True)
    try:
        _write_files(conn, temp, tables, version)
    except Exception:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return temp


def _write_files(conn, temp: Path, tables: list[str], version: int) -> None:
    conn.execute("create or replace temp table export_unit_measures (code varchar, name_zh varchar, name_en varchar)")
    conn.executemany("insert into export_unit_measures values (?, ?, ?)", UNIT_MEASURES)
    conn.execute(EXPORT_UNITS)
    conn.execute("create or replace temp table export_obs_status (code varchar, name_zh varchar, name_en varchar)")
    conn.executemany("insert into export_obs_status values (?, ?, ?)", OBS_STATUS)
    conn.execute(
        f"copy ({SDMX_SELECT.format(dataflow=literal(DATAFLOW))}) to {literal(temp / 'plantrack.sdmx.csv')} "
        "(header, delimiter ',')"
    )
    conn.execute(f"copy ({CODELISTS}) to {literal(temp / 'codelists.csv')} (header, delimiter ',')")
    for table in tables:
        conn.execute(
            f"copy publishing.main.{table} to {literal(temp / 'parquet' / f'{table}.parquet')} (format parquet, compression zstd)"
        )
    (temp / "VERSION").write_text(f"{version}\n", encoding="utf-8")


def commit(temp: Path, published_path: Path, version: int) -> Path:
    """Rename the written folder to `v<version>` and point `latest` at it (atomically); prune old ones."""
    root = exports_dir(published_path)
    final = root / f"v{version:05d}"
    shutil.rmtree(final, ignore_errors=True)
    os.replace(temp, final)
    point_latest(published_path, version)
    kept = sorted((p for p in root.glob("v*") if re.fullmatch(r"v\d+", p.name)), key=lambda p: int(p.name[1:]))
    for old in kept[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return final


def point_latest(published_path: Path, version: int) -> bool:
    """`exports/latest` → `v<version>` (a new link renamed over the old one); False if that folder is gone."""
    root = exports_dir(published_path)
    target = root / f"v{version:05d}"
    if not target.is_dir():
        return False
    link, latest = root / f".latest.{os.getpid()}", root / "latest"
    link.unlink(missing_ok=True)
    os.symlink(target.name, link)
    if latest.is_dir() and not latest.is_symlink():  # a copy that followed the link: a folder now
        shutil.rmtree(latest)
    os.replace(link, latest)
    return True


def discard(temp: Path | None) -> None:
    if temp is not None:
        shutil.rmtree(temp, ignore_errors=True)
