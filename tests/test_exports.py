"""Standard exports (docs/monitoring.md): SDMX-CSV 2.0 read back with a real SDMX library (pysdmx),
codelists for its dimensions, Parquet files of every published table, written beside the published
file with the same version."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from monitoring_helpers import story
from pysdmx.io import read_sdmx
from pysdmx.model.dataset import ActionType

from orchestration.defs.publishing.publish import PUBLISHED_TABLES


@pytest.fixture(scope="module")
def told(built, tmp_path_factory):
    return story(built, tmp_path_factory.mktemp("monitoring"))


def _observations(folder) -> pd.DataFrame:
    message = read_sdmx(folder / "plantrack.sdmx.csv")
    (dataset,) = message.data
    assert dataset.short_urn == "Dataflow=PLANTRACK:DF_DEX_ACTUAL(1.0)"
    assert dataset.action == ActionType.Information  # ACTION=I: the full set, for information
    return dataset.data


def _software(frame: pd.DataFrame) -> dict:
    rows = frame[
        (frame.REF_AREA == "330200")
        & (frame.INDICATOR == "software_info_services_revenue")
        & frame.TIME_PERIOD.str.startswith("2026")
    ]
    return {r.TIME_PERIOD: (float(r.OBS_VALUE), r.UNIT_MEASURE, r.UNIT_MULT, r.OBS_STATUS, r.FREQ) for r in rows.itertuples()}


def test_sdmx_csv_reads_back_with_the_figures_units_and_statuses(told):
    # year to date 100, 360, 500 亿元: the quarters alone 100, 260, 140; 2026Q3 approved, the others provisional
    approved = _software(_observations(told.exports["approve"]))
    assert approved == {
        "2026-Q1": (100.0, "CNY", "8", "P", "Q"),
        "2026-Q2": (260.0, "CNY", "8", "P", "Q"),
        "2026-Q3": (140.0, "CNY", "8", "A", "Q"),
    }
    # reopened, then revised to 600 year to date: a revised version not yet approved
    revised = _software(_observations(told.exports["revised"]))
    assert revised["2026-Q3"] == (240.0, "CNY", "8", "R", "Q") and revised["2026-Q2"] == approved["2026-Q2"]


def test_sdmx_csv_has_one_observation_per_published_figure(told):
    frame = _observations(told.exports["revised"])
    assert list(frame.columns[:5]) == ["FREQ", "REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE"]
    (n,) = told.query("select count(*) from fct_actual where value is not null", step="revised")[0]
    assert len(frame) == n and not frame.duplicated(["FREQ", "REF_AREA", "INDICATOR", "TIME_PERIOD"]).any()
    cloud = frame[(frame.INDICATOR == "cloud_enterprises") & (frame.TIME_PERIOD == "2026-Q3") & (frame.REF_AREA == "330200")]
    assert cloud[["OBS_VALUE", "UNIT_MEASURE", "UNIT_MULT", "VALUE_BASIS"]].values.tolist() == [
        ["50030.0", "NUMBER", "0", "LEVEL"]
    ]


def test_every_code_of_the_data_is_in_the_codelists(told):
    folder = told.exports["revised"]
    with (folder / "codelists.csv").open(encoding="utf-8") as handle:
        codes = {(r["codelist"], r["code"]) for r in csv.DictReader(handle)}
    frame = _observations(folder)
    for column, codelist in [
        ("FREQ", "CL_FREQ"),
        ("REF_AREA", "CL_AREA"),
        ("INDICATOR", "CL_INDICATOR"),
        ("UNIT_MEASURE", "CL_UNIT_MEASURE"),
        ("UNIT_MULT", "CL_UNIT_MULT"),
        ("OBS_STATUS", "CL_OBS_STATUS"),
        ("VALUE_BASIS", "CL_VALUE_BASIS"),
        ("SOURCE_TYPE", "CL_SOURCE_TYPE"),
    ]:
        missing = set(frame[column]) - {code for cl, code in codes if cl == codelist}
        assert not missing, (column, missing)
    assert ("CL_UNIT_MULT", "8") in codes and ("CL_OBS_STATUS", "R") in codes
    assert ("CL_SOURCE_TYPE", "SYNTHETIC") in codes  # made-up demo figures are never passed off as submissions
    # these tests' files are real submissions (not the demo's): none is marked synthetic
    (synthetic,) = told.query("select count(*) from fct_actual where is_synthetic", step="revised")[0]
    assert (frame.SOURCE_TYPE == "SYNTHETIC").sum() == synthetic


def test_parquet_files_hold_the_published_tables_of_the_same_version(told):
    folder = told.exports["revised"]
    (version,) = told.query("select max(version) from publish_log", step="revised")[0]
    assert (folder / "VERSION").read_text().strip() == str(version)  # folder: a copy of exports/v<version>
    for table in PUBLISHED_TABLES:
        frame = pd.read_parquet(folder / "parquet" / f"{table}.parquet")
        (n,) = told.query(f"select count(*) from {table}", step="revised")[0]
        assert len(frame) == n, table
    actual = pd.read_parquet(folder / "parquet" / "fct_actual.parquet")
    row = actual[
        (actual.region_code == "330200")
        & (actual.indicator_code == "software_info_services_revenue")
        & (actual.year == 2026)
        & (actual.quarter == 3)
    ]
    assert row[["value", "ytd_value", "approval_status"]].values.tolist() == [[240.0, 600.0, "provisional"]]


def test_exports_latest_points_at_the_published_version_and_old_ones_are_pruned(told):
    root = told.published.parent / "exports"
    (version,) = told.query("select max(version) from publish_log")[0]
    assert (root / "latest").resolve().name == f"v{version:05d}"
    assert len([p for p in root.iterdir() if p.name.startswith("v")]) <= 3
    assert not [p for p in root.iterdir() if p.name.endswith(".tmp")]


# What a unit is, from the reference data (data/reference/units.csv) to the SDMX export and the
# dashboard's English view: unit, UNIT_MEASURE, UNIT_MULT, the code's English name, the unit's English
# name on the dashboard, whether its chart counts (whole ticks).
UNITS = [
    ("亿元", "CNY", "8", "yuan", "100 million yuan", False),
    ("万户", "NUMBER", "4", "number (count)", "10,000 households", True),
    ("个百分点", "PP", "0", "percentage points", "percentage points", False),
    ("元/人", "CNY_PER_PERSON", "0", "yuan per person", "yuan per person", False),
    ("Tbps", "GBPS", "3", "gigabits per second", "Tbps", False),
    ("％", "PC", "0", "percent", "%", False),
]


def test_units_reach_the_sdmx_export_and_the_dashboard_from_the_reference_data(warehouse_copy, tmp_path):
    from orchestration.defs.dashboard.data import unit_names
    from orchestration.defs.dashboard.page import unit_text
    from orchestration.defs.publishing import exports

    conn = warehouse_copy  # staging.stg_raw__units as dbt built it from units.csv
    published = tmp_path / "plantrack.duckdb"
    conn.execute(f"attach '{published}' as publishing")
    for table in ("fct_actual", "dim_region", "dim_indicator"):  # the codelists read the dimensions too
        conn.execute(f"create table publishing.main.{table} as select * from core.{table} limit 0")
    for n, (unit, *_) in enumerate(UNITS):
        conn.execute(
            "insert into publishing.main.fct_actual (region_code, indicator_code, year, value, unit, source_type, "
            "value_basis, is_synthetic) values ('330200', ?, 2024, 1.5, ?, 'document', 'level', false)",
            [f"indicator_{n}", unit],
        )
    folder = exports.write(conn, published, [], version=1)
    with (folder / "plantrack.sdmx.csv").open(encoding="utf-8") as handle:
        observed = {r["INDICATOR"]: (r["UNIT_MEASURE"], r["UNIT_MULT"]) for r in csv.DictReader(handle)}
    with (folder / "codelists.csv").open(encoding="utf-8") as handle:
        names = {r["code"]: r["name_en"] for r in csv.DictReader(handle) if r["codelist"] == "CL_UNIT_MEASURE"}
    english = unit_names({u[0] for u in UNITS})
    for n, (unit, measure, mult, measure_en, unit_en, count) in enumerate(UNITS):
        assert observed[f"indicator_{n}"] == (measure, mult), unit
        assert names[measure] == measure_en, unit
        assert english[unit] == (unit_en, count), unit
        assert unit_text(unit, english) == f'<span lang="zh">{unit}</span><span lang="en">{unit_en}</span>' or unit_en == unit


def test_every_unit_has_a_named_sdmx_code_and_a_power_of_ten_that_agrees_with_its_factor():
    """units.csv states factor and UNIT_MULT both: within one UNIT_MEASURE, factor / 10^UNIT_MULT is one number."""
    from orchestration.defs.publishing.exports import UNIT_MEASURES
    from orchestration.settings import PROJECT_ROOT

    named = {code for code, _, _ in UNIT_MEASURES}
    bases: dict[str, set[float]] = {}
    with (PROJECT_ROOT / "data" / "reference" / "units.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["sdmx_unit_measure"] in named, row
            bases.setdefault(row["sdmx_unit_measure"], set()).add(
                round(float(row["factor"]) / 10 ** int(row["sdmx_unit_mult"]), 12)
            )
    assert all(len(found) == 1 for found in bases.values()), bases
