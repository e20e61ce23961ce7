"""The unit rule, one table of cases: a value written in a unit of data/reference/units.csv is
value × factor(written) / factor(indicator's unit), only within one dimension. Its one home is the
dbt model core.int_unit_conversions; the same cases go through the warehouse's table and through
the loader (accepted with that value in the indicator's unit, or rejected: 不能换算)."""

from __future__ import annotations

import duckdb
import pytest
from submission_helpers import report_rows, write_csv

SOFTWARE = ("软件与信息服务业营业收入", "亿元", "累计")  # money, canonical 亿元
CLOUD = ("累计上云企业", "家", "期末")  # a count, canonical 家
SHARE = ("数字经济核心产业增加值占GDP比重", "%", "期末")  # percent

# indicator, unit as written, value as written, the value in the indicator's unit (None: does not convert)
CASES = [
    (SOFTWARE, "亿元", "230", 230.0),
    (SOFTWARE, "万元", "2300000", 230.0),
    (SOFTWARE, "萬元", "2300000", 230.0),  # Traditional form
    (SOFTWARE, "千亿元", "0.23", 230.0),
    (SOFTWARE, "元", "23000000000", 230.0),
    (SOFTWARE, "家", "230", None),  # a count where money is due
    (CLOUD, "家", "50020", 50020.0),
    (CLOUD, "万家", "5.002", 50020.0),
    (CLOUD, "亿元", "5", None),
    (SHARE, "%", "7.5", 7.5),
    (SHARE, "％", "7.5", 7.5),  # full-width per cent sign
    (SHARE, "万元", "7.5", None),
]
IDS = [f"{case[0][0]}-{case[1]}" for case in CASES]


@pytest.mark.parametrize(("indicator", "unit", "value", "expected"), CASES, ids=IDS)
def test_the_warehouse_converts_by_the_rule(built, indicator, unit, value, expected):
    with duckdb.connect(str(built.work_dir / "warehouse" / "plantrack.duckdb"), read_only=True) as conn:
        rows = conn.execute(
            """select c.scale from core.int_unit_conversions c join core.dim_indicator i on i.unit = c.to_unit
           where c.unit = ? and (i.name_zh = ? or i.indicator_code in
                 (select indicator_code from staging.stg_raw__indicator_aliases where alias = ?))""",
            [unit, indicator[0], indicator[0]],
        ).fetchall()
    if expected is None:
        assert rows == []
    else:
        assert len(rows) == 1 and float(value) * rows[0][0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("indicator", "unit", "value", "expected"), CASES, ids=IDS)
def test_the_loader_applies_the_same_rule(private_warehouse, indicator, unit, value, expected):
    name, _canonical, basis = indicator
    path = write_csv(
        private_warehouse.landing / f"unit-{IDS[CASES.index((indicator, unit, value, expected))]}.csv",
        [["市经信局", "宁波市", "2023", "Q2", name, value, unit, basis, ""]],
    )

    (outcome,) = private_warehouse.load(path)

    if expected is None:
        assert outcome.status == "rejected"
        assert [(p["row"], p["column"]) for p in report_rows(outcome) if "不能换算" in p["reason"]] == [("2", "单位")]
        return
    assert outcome.status == "accepted", report_rows(outcome)
    # what the warehouse keeps: the value and unit as written, converted by int_unit_conversions
    (stored,) = private_warehouse.query(
        """select try_cast(v.value_text as double) * c.scale from raw.submission_values v
           join core.dim_indicator i using (indicator_code)
           join core.int_unit_conversions c on c.unit = v.unit and c.to_unit = i.unit
           where v.submission_id = ?""",
        [outcome.submission_id],
    )
    assert stored[0] == pytest.approx(expected, rel=1e-12)
