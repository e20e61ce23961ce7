"""Every rejection rule, with a file that breaks it: the file is quarantined with a report naming
file, row and column, and nothing from it reaches the warehouse."""

import os
import zipfile

import pytest
from submission_helpers import HEADER_ZH, report_lines, report_rows, write_csv

GOOD = ["市经信局", "宁波市", "2023", "Q2", "软件与信息服务业营业收入", "230", "亿元", "累计", ""]
CLOUD = ["市经信局", "宁波市", "2023", "Q2", "累计上云企业", "50020", "家", "期末", ""]


def _with(row, **changes):
    columns = {"department": 0, "region": 1, "year": 2, "quarter": 3, "indicator": 4, "value": 5, "unit": 6, "basis": 7}
    out = list(row)
    for name, value in changes.items():
        out[columns[name]] = value
    return out


def _truncated(landing, name, cut_inside_quote=False):
    """A file cut off in the middle of its last row (a copy or upload that stopped)."""
    path = write_csv(landing / f"{name}.csv", [GOOD, CLOUD[:8] + ['见附件 "说明"']])
    data = path.read_bytes()
    path.write_bytes(
        data[: data.rindex("说明".encode()) + 3] if cut_inside_quote else data[: data.rindex("累计上云企业".encode()) + 6]
    )
    return path


def _link_out(landing, name):
    outside = write_csv(landing.parent / "elsewhere" / f"{name}.csv", [GOOD])
    landing.mkdir(parents=True, exist_ok=True)
    (landing / f"{name}.csv").symlink_to(outside)
    return landing / f"{name}.csv"


def _workbook(landing, name, sheets, formula=None, far_cell=False, pad_part=0):
    """An .xlsx: sheets = [(title, state, rows)], rows under the Chinese header."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        sheet.append(HEADER_ZH)
        for row in rows:
            sheet.append([int(c) if c.isdigit() else c for c in row])
    if formula:
        book.worksheets[-1]["F2"] = formula  # openpyxl writes no cached value, as a generated file would
    if far_cell:
        book.worksheets[-1]["XFD1048576"] = "x"
    path = landing / f"{name}.xlsx"
    landing.mkdir(parents=True, exist_ok=True)
    book.save(path)
    if pad_part:
        with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/padding.bin", b"\0" * pad_part)
    return path


def _big_csv(landing, name):
    path = write_csv(landing / f"{name}.csv", [GOOD])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(("市经信局,宁波市,2023,Q2,软件与信息服务业营业收入,230,亿元,累计," + "x" * 100 + "\n") * 130_000)
    return path


# rule: the file (rows under the Chinese header, or a function writing it into landing/), then
# (row, column as written in the header, words of the reason); row and column "" = the whole file.
CASES = {
    "unknown_region": ([_with(GOOD, region="火星市")], (2, "地区", "未知的地区")),
    "unknown_department": ([_with(GOOD, department="不存在局")], (2, "填报单位", "未知的填报单位")),
    "unknown_indicator": ([_with(GOOD, indicator="不存在的指标")], (2, "指标", "未知的指标")),
    "not_the_lead_department": (
        [CLOUD, _with(GOOD, indicator="5G基站数量", unit="个", basis="期末")],
        (3, "指标", "不是任何规划中该地区此指标的牵头"),
    ),
    "unit_not_convertible": ([_with(GOOD, unit="万个")], (2, "单位", "不能换算")),
    "unknown_unit": ([_with(GOOD, unit="吨")], (2, "单位", "未知的单位")),
    "text_in_a_number": ([_with(GOOD, value="约230")], (2, "数值", "不是数字")),
    "negative_amount": ([_with(GOOD, value="-5")], (2, "数值", "不能为负数")),
    "negative_count": ([_with(CLOUD, value="－12")], (2, "数值", "不能为负数")),
    "share_above_100": (
        [_with(GOOD, indicator="数字经济核心产业增加值占GDP比重", value="120", unit="%", basis="期末")],
        (2, "数值", "0-100"),
    ),
    "year_outside_the_horizon": ([_with(GOOD, year="2019")], (2, "年份", "超出")),
    "duplicate_indicator": (
        [GOOD, CLOUD, _with(GOOD, indicator="软件与信息服务业营收", value="231")],
        (4, "指标", "出现了不止一次（首次在第 2 行）"),
    ),
    "mixed_quarters": ([GOOD, _with(CLOUD, quarter="第三季度")], (3, "季度", "季度不同")),
    "mixed_departments": ([GOOD, _with(CLOUD, department="市发改委")], (3, "填报单位", "填报单位不同")),
    "mixed_regions": ([GOOD, _with(CLOUD, region="宿城区")], (3, "地区", "地区不同")),
    "unknown_quarter": ([_with(GOOD, quarter="Q5")], (2, "季度", "不是季度")),
    "unknown_basis": ([_with(GOOD, basis="大概")], (2, "口径", "未知的口径")),
    "flow_as_a_level": ([_with(GOOD, basis="期末")], (2, "口径", "流量指标")),
    "blank_required_value": ([_with(GOOD, unit="")], (2, "单位", "必须填写")),
    # item 9: a percent sign on an amount or a count; a decimal comma
    "percent_on_an_amount": ([_with(GOOD, value="23%")], (2, "数值", "数值不能带 %")),
    "percent_on_a_count": ([CLOUD, _with(GOOD, value="５０％")], (3, "数值", "数值不能带 %")),
    "decimal_comma": ([_with(GOOD, value="3,5")], (2, "数值", "小数点请用「.」，例如 3.5")),
    "full_width_decimal_comma": ([CLOUD, _with(GOOD, value="230，5")], (3, "数值", "例如 230.5")),
    # item 12: a note with a line break is read as it is; the real problem is reported, on its line
    "multi_line_note_then_a_bad_value": (
        [GOOD[:8] + ["第一行\n第二行\n第三行"], _with(CLOUD, value="3l67.8")],
        (5, "数值", "不是数字"),
    ),
    # item 11: a link out of the landing folder, a huge note, a file cut off in its last row
    "link_out_of_the_landing_folder": (_link_out, ("", "", "符号链接")),
    "note_of_a_megabyte": ([GOOD[:8] + ["备" * 1_000_000]], (2, "备注", "单元格过长：1000000 个字符，上限 1000 个")),
    "cut_off_in_the_last_row": (_truncated, (3, "", "截断")),
    "cut_off_inside_a_quoted_note": (lambda landing, name: _truncated(landing, name, True), (3, "", "截断")),
    "too_big": (_big_csv, ("", "", "文件过大")),
    # item 10: Excel
    "xlsx_two_visible_sheets": (
        lambda landing, name: _workbook(landing, name, [("数据", "visible", [GOOD]), ("另一张", "visible", [CLOUD])]),
        ("", "", "2 个可见工作表（数据、另一张）"),
    ),
    "xlsx_hidden_first_sheet_not_read": (
        lambda landing, name: _workbook(
            landing, name, [("旧数据", "hidden", [GOOD]), ("2023Q2", "visible", [_with(GOOD, value="abc")])]
        ),
        (2, "数值", "不是数字"),
    ),
    "xlsx_formula_without_value": (
        lambda landing, name: _workbook(landing, name, [("2023Q2", "visible", [GOOD])], formula="=100+130"),
        (2, "数值", "公式没有已计算的值"),
    ),
    "xlsx_dimension_bomb": (
        lambda landing, name: _workbook(landing, name, [("2023Q2", "visible", [GOOD])], far_cell=True),
        ("", "", "1,048,576 行 × 16,384 列，超过上限 100,000 行 × 50 列"),
    ),
    "xlsx_decompression_bomb": (
        lambda landing, name: _workbook(landing, name, [("2023Q2", "visible", [GOOD])], pad_part=20_000_000),
        ("", "", "压缩比"),
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_file_breaking_a_rule_is_quarantined_with_its_row_and_column(private_warehouse, rule):
    rows, (row, column, reason) = CASES[rule]
    path = rows(private_warehouse.landing, rule) if callable(rows) else write_csv(private_warehouse.landing / f"{rule}.csv", rows)

    (outcome,) = private_warehouse.load(path)

    assert outcome.status == "rejected"
    problems = report_rows(outcome)
    assert any(
        p["file"] == path.name and p["row"] == str(row) and p["column"] == column and reason in p["reason"] for p in problems
    ), problems
    where = (f"第 {row} 行" if row else "整个文件") + (f"，{column} 列" if column else "")
    assert any(line.startswith(f"- {where}") and reason in line for line in report_lines(outcome)), report_lines(outcome)
    assert os.path.lexists(outcome.stored) and outcome.stored.parent == private_warehouse.settings.quarantine_dir
    assert outcome.report.read_text(encoding="utf-8").startswith(f"文件：{path.name}")
    assert not os.path.lexists(path), "the landing folder is cleared"
    assert private_warehouse.query(
        "select count(*) from raw.submission_values where submission_id = ?", [outcome.submission_id]
    ) == [(0,)]
    logged = private_warehouse.query("select status from raw.submission_log where submission_id = ?", [outcome.submission_id])
    assert logged == [("rejected",)]
    reasons = private_warehouse.query(
        "select reason from raw.submission_rejections where submission_id = ?", [outcome.submission_id]
    )
    assert any(reason in r for (r,) in reasons)


def test_a_missing_required_column_is_named(private_warehouse):
    header = [h for h in HEADER_ZH if h != "口径"]
    path = write_csv(private_warehouse.landing / "no_basis.csv", [GOOD[:7] + [""]], header=header)
    (outcome,) = private_warehouse.load(path)
    assert outcome.status == "rejected"
    assert [(p["row"], p["column"]) for p in report_rows(outcome)] == [("1", "basis")]
    assert "表头缺少必填列：口径 / basis" in report_lines(outcome)[-1]


def test_one_bad_row_rejects_the_whole_file(private_warehouse):
    path = write_csv(private_warehouse.landing / "one_bad.csv", [GOOD, _with(CLOUD, value="n/a")])
    (outcome,) = private_warehouse.load(path)
    assert outcome.status == "rejected"
    assert [(p["row"], p["column"]) for p in report_rows(outcome)] == [("3", "数值")]
    assert private_warehouse.query("select count(*) from raw.submission_log where status = 'accepted'") == [(0,)]
