"""Bad curated input gets an error naming file, row and column."""

import re

import pytest

from orchestration.defs.reference.curated import CURATED_TABLES, CuratedDataError, read_curated
from orchestration.rules.target_period import period_wording
from orchestration.settings import PROJECT_ROOT

TARGETS = next(t for t in CURATED_TABLES if t.name == "plan_targets")
HEADER = ",".join(TARGETS.columns)


def _write(tmp_path, *rows):
    path = tmp_path / TARGETS.path
    path.parent.mkdir(parents=True)
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _row(**values):
    base = dict.fromkeys(TARGETS.columns, "")
    base.update(
        plan_id="p",
        seed_file="f.txt",
        source_line="3",
        source_text="x 1180 y",
        value_text="1180",
        indicator_code="i",
        region_code="321302",
        year="2022",
    )
    base.update(values)
    return ",".join(base[c] for c in TARGETS.columns)


def test_reads_rows_and_parses_figures(tmp_path):
    _write(tmp_path, _row(), "", _row(value_text=">1", restored_text=">1万", unit_text="亿元"))
    frame = read_curated(TARGETS, tmp_path)
    assert list(frame["source_row"]) == [2, 4]
    assert frame["parsed_unit"].isna().tolist() == [True, False] and frame["parsed_unit"][1] == "万亿元"
    assert list(frame["parsed_operator"]) == ["=", ">"]


def test_every_problem_is_reported_with_file_row_and_column(tmp_path):
    path = _write(tmp_path, _row(), _row(year="二〇二二"), _row(value_text="1180座，1380座"), _row(region_code=""))
    with pytest.raises(CuratedDataError) as error:
        read_curated(TARGETS, tmp_path)
    message = str(error.value)
    assert f"{path}, row 3, column year" in message
    assert f"{path}, row 4, column value_text: more than one figure" in message
    assert f"{path}, row 5, column region_code: value is required" in message


def test_missing_column_is_named(tmp_path):
    path = tmp_path / TARGETS.path
    path.parent.mkdir(parents=True)
    path.write_text("plan_id,seed_file\np,f\n", encoding="utf-8")
    with pytest.raises(CuratedDataError, match="row 1 \\(header\\): missing column"):
        read_curated(TARGETS, tmp_path)


def test_period_and_scope_problems_name_row_and_column(tmp_path):
    path = _write(
        tmp_path,
        _row(period_kind="span"),
        _row(scope="region", area_code="xingang_town"),
        _row(period_kind="per_year", period_start="2023", year="2022"),
        _row(scope="region_with_area"),
    )
    with pytest.raises(CuratedDataError) as error:
        read_curated(TARGETS, tmp_path)
    message = str(error.value)
    assert f"{path}, row 2, column period_start: a span target needs the first year of its span" in message
    assert f"{path}, row 3, column area_code: 'xingang_town' given for the region's own figure" in message
    assert f"{path}, row 4, column period_start: 2023 is after the target year 2022" in message
    assert f"{path}, row 5, column area_code: scope region_with_area needs the area" in message


def test_a_file_without_scope_and_period_columns_is_the_regions_one_year_targets(tmp_path):
    columns = [c for c in TARGETS.columns if c not in TARGETS.optional]
    path = tmp_path / TARGETS.path
    path.parent.mkdir(parents=True)
    row = dict.fromkeys(columns, "") | dict(
        plan_id="p",
        seed_file="f.txt",
        source_line="3",
        source_text="1180",
        value_text="1180",
        indicator_code="i",
        region_code="321302",
        year="2022",
    )
    path.write_text(",".join(columns) + "\n" + ",".join(row[c] for c in columns) + "\n", encoding="utf-8")
    frame = read_curated(TARGETS, tmp_path)
    assert frame.loc[0, ["scope", "period_kind"]].tolist() == ["region", "year"]
    frame = read_curated(TARGETS, _write(tmp_path / "b", _row(area_code="xingang_town")).parents[1])
    assert frame.loc[0, "scope"] == "area"


# The bundled curation held to the classes of issue 9, row by row (not only the examples).
def _bundled(name: str) -> list[dict]:
    table = next(t for t in CURATED_TABLES if t.name == name)
    return read_curated(table, PROJECT_ROOT / "data").to_dict("records")


def test_every_per_year_or_span_wording_is_curated_as_such():
    """每年 is per year; 累计 / 新增 / N年内 / 经过N年 is a span, except 累计 of a stock (累计上云企业), a level."""
    measure = {r["indicator_code"]: r["measure_type"] for r in _bundled("indicators")}
    wrong = []
    for row in _bundled("plan_targets"):
        wording = period_wording(row["source_text"])
        expected = "year" if wording == "span" and measure[row["indicator_code"]] == "stock" else wording
        if wording != "year" and row["period_kind"] != expected:
            wrong.append((row["source_row"], row["source_text"], row["period_kind"], expected))
    assert wrong == []
    spans = [r for r in _bundled("plan_targets") if r["period_kind"] != "year"]
    assert all(int(r["period_start"]) <= int(r["year"]) for r in spans) and len(spans) >= 20


def test_area_figures_name_their_area_and_region_with_area_figures_say_so():
    """A figure for a park, zone or institution names it (text or note) and is inside its area's region;
    a figure written 含<area> is the region with the area, the other one of the pair the region's own."""
    areas = {r["area_code"]: r for r in _bundled("areas")}
    for table in ("plan_targets", "plan_actuals"):
        for row in _bundled(table):
            if row["scope"] == "region":
                assert not re.search(r"[(（]?含(杭州湾|前湾|高新区)", row["source_text"]), row
                continue
            area = areas[row["area_code"]]
            words = [area["name_zh"], area["name_zh"].removeprefix("宁波").removesuffix("新区"), area["name_zh"].split("(")[0]]
            assert any(w in row["source_text"] + row["note"] for w in words), row
            assert area["region_code"] == row["region_code"], row
            if row["scope"] == "region_with_area":
                assert "含" in row["source_text"], row


def test_a_regions_own_actual_is_stated_once_per_document():
    """With scope explicit, no plan states two different region figures of one indicator and year."""
    values: dict[tuple, set] = {}
    for row in _bundled("plan_actuals"):
        if row["scope"] == "region":
            key = (row["plan_id"], row["region_code"], row["indicator_code"], row["year"], row["figure_kind"])
            values.setdefault(key, set()).add((row["parsed_number"], row["parsed_unit"] or row["unit_text"]))
    assert {k: v for k, v in values.items() if len(v) > 1} == {}
