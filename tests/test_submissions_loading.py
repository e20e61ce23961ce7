"""Reading what offices send, and loading it once: encodings, aliases, Excel templates, revisions."""

from datetime import datetime

from openpyxl import load_workbook
import pytest
from submission_helpers import HEADER_EN, HEADER_ZH, report_lines, report_rows, write_csv

from orchestration.defs.submissions.templates import write_template


def test_gbk_file_with_full_width_digits_separators_and_blank_lines(private_warehouse):
    rows = [
        ["區通管辦", "宿城區", "２０２３", "第二季度", "5G基站數", "１，２５０", "個", "期末", "GBK"],
        ["宿城区通信管理办公室", "宿迁市宿城区", "2023", "二", "千兆宽带用户数", "8.5", "萬戶", "期末数", ""],
    ]
    path = write_csv(private_warehouse.landing / "宿城区通管办_2023Q2.csv", rows, encoding="gbk", blank_after=1)

    (outcome,) = private_warehouse.load(path)

    assert outcome.status == "accepted", outcome.problems
    assert (outcome.department_code, outcome.region_code, outcome.period) == ("sucheng_comm_office", "321302", "2023Q2")
    values = private_warehouse.query(
        "select row_no, indicator_code, value_text, original_value, unit, basis from raw.submission_values "
        "where submission_id = ? order by row_no",
        [outcome.submission_id],
    )
    assert values == [
        (2, "fiveg_base_stations", "1250", "１，２５０", "個", "level"),
        (4, "gigabit_broadband_users", "8.5", "8.5", "萬戶", "level"),  # line 3 was blank
    ]
    assert private_warehouse.query(
        "select encoding from raw.submission_log where submission_id = ?", [outcome.submission_id]
    ) == [("gb18030",)]


def test_english_header_with_bom_and_a_percent_sign(private_warehouse):
    rows = [
        [
            "Ningbo Municipal Bureau of Economy and Information Technology",
            "Ningbo",
            "2024",
            "Q1",
            "dex_core_value_added_share_gdp",
            "12.5%",
            "%",
            "level",
            "",
        ]
    ]
    path = write_csv(private_warehouse.landing / "eitb_2024Q1.csv", rows, header=HEADER_EN, encoding="utf-8-sig")
    (outcome,) = private_warehouse.load(path)
    assert outcome.status == "accepted", outcome.problems
    assert private_warehouse.query(
        "select value_text from raw.submission_values where submission_id = ?", [outcome.submission_id]
    ) == [("12.5",)]


def test_row_numbers_count_blank_lines(private_warehouse):
    rows = [
        ["市经信局", "宁波市", "2024", "Q2", "累计上云企业", "50100", "家", "期末", ""],
        ["市经信局", "宁波市", "2024", "Q2", "软件与信息服务业营业收入", "lots", "亿元", "累计", ""],
    ]
    path = write_csv(private_warehouse.landing / "blank.csv", rows, encoding="gb18030", blank_after=1)
    (outcome,) = private_warehouse.load(path)
    assert [(p["row"], p["column"]) for p in report_rows(outcome)] == [("4", "数值")]


def test_filled_excel_template_is_a_valid_submission(private_warehouse, tmp_path):
    path, n_rows = write_template(private_warehouse.conn, "市经信局", 2023, 3, tmp_path / "template.xlsx")
    # 市经信局 leads these Ningbo indicators in plans covering 2023 (targets.csv: 附表 and 表1 rows)
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    indicators = [sheet.cell(row, 5).value for row in range(2, sheet.max_row + 1)]
    assert "软件与信息服务业营业收入" in indicators and "5G基站数量" not in indicators
    assert len(indicators) == n_rows == len(set(indicators))
    assert sheet.protection.sheet and sheet.cell(2, 6).protection.locked is False and sheet.cell(2, 7).protection.locked
    kinds = {dv.type for dv in sheet.data_validations.dataValidation}
    assert {"decimal", "list"} <= kinds
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 6).value = 10 + row  # a department fills in numbers, nothing else
    filled = private_warehouse.landing / "filled.xlsx"
    workbook.save(filled)

    (outcome,) = private_warehouse.load(filled)

    assert outcome.status == "accepted", outcome.problems
    assert outcome.row_count == n_rows and outcome.period == "2023Q3"


def test_loading_the_same_file_twice_changes_nothing(private_warehouse, tmp_path):
    rows = [["市经信局", "宁波市", "2022", "Q4", "累计上云企业", "40000", "家", "期末", ""]]
    first = write_csv(private_warehouse.landing / "twice.csv", rows)
    copy = write_csv(tmp_path / "twice_again.csv", rows)
    before = private_warehouse.query("select count(*) from raw.submission_values")[0][0]

    (a,) = private_warehouse.load(first)
    (b,) = private_warehouse.load(copy)

    assert (a.status, b.status) == ("accepted", "duplicate")
    assert private_warehouse.query("select count(*) from raw.submission_values")[0][0] == before + 1
    assert private_warehouse.query(
        "select count(*) from raw.submission_log where sha256 = (select sha256 from raw.submission_log where submission_id = ?)",
        [a.submission_id],
    ) == [(1,)]


def test_a_new_file_for_the_same_quarter_is_a_revision_and_keeps_the_old(private_warehouse):
    row = ["市经信局", "宁波市", "2022", "Q3", "软件与信息服务业营业收入", "300", "亿元", "累计", ""]
    v1 = write_csv(private_warehouse.landing / "rev_v1.csv", [row], received="2022-10-10T09:00")
    v2 = write_csv(private_warehouse.landing / "rev_v2.csv", [row[:5] + ["310"] + row[6:]], received="2022-11-02T09:00")

    outcomes = private_warehouse.load(v1, v2)

    assert [(o.status, o.version) for o in outcomes] == [("accepted", 1), ("accepted", 2)]
    log = private_warehouse.query(
        "select submission_id, version, supersedes, received_at from raw.submission_log "
        "where submission_id like 'ningbo_eitb-330200-2022Q3-%' order by version"
    )
    assert log == [
        ("ningbo_eitb-330200-2022Q3-v1", 1, None, datetime(2022, 10, 10, 9, 0)),
        ("ningbo_eitb-330200-2022Q3-v2", 2, "ningbo_eitb-330200-2022Q3-v1", datetime(2022, 11, 2, 9, 0)),
    ]
    assert sorted(p.name for p in private_warehouse.settings.loaded_dir.glob("ningbo_eitb-330200-2022Q3-*")) == [
        "ningbo_eitb-330200-2022Q3-v1__rev_v1.csv",
        "ningbo_eitb-330200-2022Q3-v2__rev_v2.csv",
    ]


def test_a_lower_year_to_date_value_is_a_warning_not_a_rejection(private_warehouse):
    q1 = write_csv(
        private_warehouse.landing / "q1.csv",
        [["市经信局", "宁波市", "2025", "Q1", "软件与信息服务业营业收入", "120", "亿元", "累计", ""]],
    )
    q2 = write_csv(
        private_warehouse.landing / "q2.csv",
        [["市经信局", "宁波市", "2025", "Q2", "软件与信息服务业营业收入", "1,100,000", "万元", "1-6月累计", ""]],
    )
    first, second = private_warehouse.load(q1, q2)
    assert (first.status, second.status) == ("accepted", "accepted")
    (warning,) = second.warnings
    assert warning[:3] == (2, "value", "1,100,000") and "累计值低于上一季度的累计值（120" in warning[3]
    # shown to the sender, not only recorded: a report beside the accepted copy
    assert second.report.parent == private_warehouse.settings.loaded_dir
    lines = report_lines(second)
    assert lines[2].startswith(f"已接收为 {second.submission_id}：1 条提醒")
    assert any(
        line.startswith("- 第 2 行，数值 列，指标「软件与信息服务业营业收入」（值 '1,100,000'）：累计值低于") for line in lines
    )


def test_files_in_a_synthetic_folder_are_marked_synthetic(private_warehouse):
    rows = [["市经信局", "宁波市", "2022", "Q1", "累计上云企业", "39000", "家", "期末", ""]]
    path = write_csv(private_warehouse.landing / "synthetic" / "demo.csv", rows)
    (outcome,) = private_warehouse.load(path)
    assert private_warehouse.query(
        "select is_synthetic from raw.submission_log where submission_id = ?", [outcome.submission_id]
    ) == [(True,)]


def test_a_value_ten_thousand_times_the_previous_one_is_a_warning_naming_row_column_and_ratio(private_warehouse):
    """A 万元 figure written as 亿元 (or the reverse): accepted, with a warning naming the previous
    value and the ratio (threshold outlier_ratio in data/reference/submission_limits.csv)."""
    row = ["区通管办", "宿城区", "2024", "Q1", "5G基站数量", "1300", "个", "期末", ""]
    q1 = write_csv(private_warehouse.landing / "fiveg_q1.csv", [row])
    q2 = write_csv(private_warehouse.landing / "fiveg_q2.csv", [row[:3] + ["Q2", row[4], "13000000"] + row[6:]])
    q3 = write_csv(private_warehouse.landing / "fiveg_q3.csv", [row[:3] + ["Q3", row[4], "0.14", "万个"] + row[7:]])

    first, second, third = private_warehouse.load(q1, q2, q3)

    assert (first.status, second.status, third.status) == ("accepted",) * 3
    (warning,) = second.warnings
    assert warning[:3] == (2, "value", "13000000")
    assert warning[3].startswith("为本单位上一期（2024Q1：1300 个）的 10,000 倍，超过阈值 100 倍")
    assert "1/9,286 倍" in third.warnings[0][3]  # 0.14 万个 after 13,000,000 个: compared in the base unit
    assert not first.warnings  # 1,300 after 2023Q2's 1,250: no warning
    assert private_warehouse.query(
        "select count(*) from raw.submission_warnings where submission_id = ?", [second.submission_id]
    ) == [(1,)]


@pytest.mark.parametrize("note", ['=HYPERLINK("http://x","点击")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_note_a_spreadsheet_would_run_is_stored_neutralised_and_flagged(private_warehouse, note):
    number = abs(hash(note)) % 1000
    path = write_csv(
        private_warehouse.landing / f"formula_{number}.csv",
        [
            [
                "市经信局",
                "宁波市",
                "2022",
                "Q2",
                "累计上云企业",
                f"-{number}" if False else str(39000 + number),
                "家",
                "期末",
                note,
            ]
        ],
    )

    (outcome,) = private_warehouse.load(path)

    assert outcome.status == "accepted", outcome.problems
    assert private_warehouse.query("select note from raw.submission_values where submission_id = ?", [outcome.submission_id]) == [
        ("'" + note,)
    ]
    assert [(w[0], w[1], w[2]) for w in outcome.warnings] == [(2, "note", note)]
    assert "会被电子表格当作公式执行" in outcome.warnings[0][3]


def test_a_quarantine_report_neutralises_formula_cells_but_not_negative_numbers(private_warehouse):
    rows = [["=cmd|' /C calc'!A0", "宁波市", "2023", "Q2", "累计上云企业", "-12", "家", "期末", "@x"]]
    (outcome,) = private_warehouse.load(write_csv(private_warehouse.landing / "=evil.csv", rows))
    assert outcome.status == "rejected"
    cells = [(p["column"], p["value"], p["file"]) for p in report_rows(outcome)]
    assert ("填报单位", "'=cmd|' /C calc'!A0", "'=evil.csv") in cells
    warnings = [(p["column"], p["value"]) for p in report_rows(outcome, "warning")]
    assert ("备注", "'@x") in warnings and ("填报单位", "'=cmd|' /C calc'!A0") in warnings
    negative = [p for p in report_rows(outcome) if p["column"] == "数值"]
    assert not negative or negative[0]["value"] == "-12"


def test_an_excel_file_is_read_from_the_visible_sheet_and_a_formula_with_a_value_counts(private_warehouse):
    from openpyxl import Workbook

    book = Workbook()
    hidden = book.active
    hidden.title, hidden.sheet_state = "旧", "hidden"
    hidden.append(HEADER_ZH)
    hidden.append(["市发改委", "宿城区", "2020", "Q1", "x", "1", "个", "期末", ""])
    data = book.create_sheet("填报")
    data.append(HEADER_ZH)
    data.append(["市经信局", "宁波市", 2021, "Q3", "累计上云企业", 36000, "家", "期末", "第一行\n第二行"])
    path = private_warehouse.landing / "visible.xlsx"
    book.save(path)

    (outcome,) = private_warehouse.load(path)

    assert outcome.status == "accepted", outcome.problems
    assert outcome.period == "2021Q3" and outcome.row_count == 1
    assert private_warehouse.query("select note from raw.submission_values where submission_id = ?", [outcome.submission_id]) == [
        ("第一行\n第二行",)
    ]
    assert any("隐藏的工作表「旧」未读取" in w[3] for w in outcome.warnings)


def test_a_quoted_multi_line_note_is_read_as_it_is_and_later_rows_keep_their_line_numbers(private_warehouse):
    rows = [
        ["市经信局", "宁波市", "2021", "Q2", "累计上云企业", "35000", "家", "期末", "第一行\r\n第二行"],
        ["市经信局", "宁波市", "2021", "Q2", "软件与信息服务业营业收入", "", "亿元", "累计", ""],
    ]
    (outcome,) = private_warehouse.load(write_csv(private_warehouse.landing / "alt_enter.csv", rows))
    assert outcome.status == "accepted", outcome.problems
    assert private_warehouse.query(
        "select row_no, note from raw.submission_values where submission_id = ?", [outcome.submission_id]
    ) == [(2, "第一行\r\n第二行")]
    assert [w[:2] for w in outcome.warnings] == [(4, "value")]  # the empty value, on its own line (4)
