"""Every rejection rule, with a file that breaks it: the file is quarantined with a report naming
file, row and column, and nothing from it reaches the warehouse."""

import pytest
from submission_helpers import HEADER_ZH, report_rows, write_csv

GOOD = ["市经信局", "宁波市", "2023", "Q2", "软件与信息服务业营业收入", "230", "亿元", "累计", ""]
CLOUD = ["市经信局", "宁波市", "2023", "Q2", "累计上云企业", "50020", "家", "期末", ""]


def _with(row, **changes):
    columns = {"department": 0, "region": 1, "year": 2, "quarter": 3, "indicator": 4, "value": 5, "unit": 6, "basis": 7}
    out = list(row)
    for name, value in changes.items():
        out[columns[name]] = value
    return out


# rule: rows of the file, then (row, column as written in the header, words of the reason)
CASES = {
    "unknown_region": ([_with(GOOD, region="火星市")], (2, "地区", "unknown region")),
    "unknown_department": ([_with(GOOD, department="不存在局")], (2, "填报单位", "unknown department")),
    "unknown_indicator": ([_with(GOOD, indicator="不存在的指标")], (2, "指标", "unknown indicator")),
    "not_the_lead_department": ([CLOUD, _with(GOOD, indicator="5G基站数量", unit="个", basis="期末")],
                                (3, "指标", "not a lead department")),
    "unit_not_convertible": ([_with(GOOD, unit="万个")], (2, "单位", "cannot be converted")),
    "unknown_unit": ([_with(GOOD, unit="吨")], (2, "单位", "unknown unit")),
    "text_in_a_number": ([_with(GOOD, value="约230")], (2, "数值", "not a number")),
    "negative_amount": ([_with(GOOD, value="-5")], (2, "数值", "cannot be negative")),
    "negative_count": ([_with(CLOUD, value="－12")], (2, "数值", "cannot be negative")),
    "share_above_100": ([_with(GOOD, indicator="数字经济核心产业增加值占GDP比重", value="120", unit="%", basis="期末")],
                        (2, "数值", "0-100")),
    "year_outside_the_horizon": ([_with(GOOD, year="2019")], (2, "年份", "outside the horizon")),
    "duplicate_indicator": ([GOOD, CLOUD, _with(GOOD, indicator="软件与信息服务业营收", value="231")],
                            (4, "指标", "more than once in the file (first on row 2)")),
    "mixed_quarters": ([GOOD, _with(CLOUD, quarter="第三季度")], (3, "季度", "different quarter")),
    "mixed_departments": ([GOOD, _with(CLOUD, department="市发改委")], (3, "填报单位", "different department")),
    "mixed_regions": ([GOOD, _with(CLOUD, region="宿城区")], (3, "地区", "different region")),
    "unknown_quarter": ([_with(GOOD, quarter="Q5")], (2, "季度", "not a quarter")),
    "unknown_basis": ([_with(GOOD, basis="大概")], (2, "口径", "unknown basis")),
    "flow_as_a_level": ([_with(GOOD, basis="期末")], (2, "口径", "a flow is reported")),
    "blank_required_value": ([_with(GOOD, unit="")], (2, "单位", "required")),
}  # fmt: skip


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_file_breaking_a_rule_is_quarantined_with_its_row_and_column(private_warehouse, rule):
    rows, (row, column, reason) = CASES[rule]
    path = write_csv(private_warehouse.landing / f"{rule}.csv", rows)

    (outcome,) = private_warehouse.load(path)

    assert outcome.status == "rejected"
    problems = report_rows(outcome)
    assert any(p["file"] == f"{rule}.csv" and p["row"] == str(row) and p["column"] == column and reason in p["reason"]
               for p in problems), problems  # fmt: skip
    assert outcome.stored.exists() and outcome.stored.parent == private_warehouse.settings.quarantine_dir
    assert outcome.report.read_text(encoding="utf-8").startswith(f"File: {rule}.csv")
    assert not path.exists(), "the landing folder is cleared"
    assert private_warehouse.query("select count(*) from raw.submission_values where submission_id = ?",
                                   [outcome.submission_id]) == [(0,)]  # fmt: skip
    logged = private_warehouse.query("select status from raw.submission_log where submission_id = ?", [outcome.submission_id])
    assert logged == [("rejected",)]
    reasons = private_warehouse.query("select reason from raw.submission_rejections where submission_id = ?",
                                      [outcome.submission_id])  # fmt: skip
    assert any(reason in r for (r,) in reasons)


def test_a_missing_required_column_is_named(private_warehouse):
    header = [h for h in HEADER_ZH if h != "口径"]
    path = write_csv(private_warehouse.landing / "no_basis.csv", [GOOD[:7] + [""]], header=header)
    (outcome,) = private_warehouse.load(path)
    assert outcome.status == "rejected"
    assert [(p["row"], p["column"]) for p in report_rows(outcome)] == [("1", "basis")]


def test_one_bad_row_rejects_the_whole_file(private_warehouse):
    path = write_csv(private_warehouse.landing / "one_bad.csv", [GOOD, _with(CLOUD, value="n/a")])
    (outcome,) = private_warehouse.load(path)
    assert outcome.status == "rejected"
    assert [(p["row"], p["column"]) for p in report_rows(outcome)] == [("3", "数值")]
    assert private_warehouse.query("select count(*) from raw.submission_log where status = 'accepted'") == [(0,)]
