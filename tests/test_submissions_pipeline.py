"""`plantrack submit` through the real pipeline: load, dbt build, quality gate, published file.

One department's 2023 in numbers written here: a flow reported year-to-date, a flow reported per
quarter, a stock (once in 万家), a revision, a late file; plus a 5G figure that replaces a
document's annual actual, a GBK file, and a broken file that makes the command exit 1.
"""

import shutil

import duckdb
import pytest
from submission_helpers import write_csv
from typer.testing import CliRunner

from conftest import plantrack_env
from orchestration.cli import app

EITB = ["市经信局", "宁波市", "2023"]


def _eitb(quarter, software, terminals, cloud, cloud_unit="家"):
    return [
        EITB + [quarter, "软件与信息服务业营业收入", software, "亿元", "累计", ""],
        EITB + [quarter, "数字智能终端营业收入", terminals, "亿元", "当季", ""],
        EITB + [quarter, "累计上云企业", cloud, cloud_unit, "期末", ""],
    ]


@pytest.fixture(scope="module")
def submitted(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("submitted")
    shutil.copytree(built.work_dir / "warehouse", root / "warehouse")
    outbox = root / "outbox"
    files = [
        write_csv(outbox / "eitb_2023Q1.csv", _eitb("Q1", "100", "200", "50010"), received="2023-04-15T10:00"),
        write_csv(outbox / "eitb_2023Q2.csv", _eitb("Q2", "230", "250", "5.002", "万家"), received="2023-07-10T10:00"),
        write_csv(outbox / "eitb_2023Q2_corrected.csv", _eitb("Q2", "240", "250", "5.002", "万家"), received="2023-08-15T10:00"),
        write_csv(outbox / "eitb_2023Q3.csv", _eitb("第三季度", "360.5", "260", "50030"), received="2023-11-05T10:00"),
        write_csv(outbox / "eitb_2023Q4.csv", _eitb("四", "500", "290", "50040"), received="2024-01-18T10:00"),
        write_csv(
            outbox / "comm_2021Q4.csv",
            [["市通信管理局", "宁波", "2021", "Q4", "5G基站", "1.8", "万个", "期末", ""]],
            received="2022-01-10T10:00",
        ),
        write_csv(
            outbox / "宿城_2023Q2.csv",
            [["区通管办", "宿城区", "2023", "2", "5G基站数量", "1,250", "个", "期末", ""]],
            encoding="gbk",
            received="2023-07-05T10:00",
        ),
        write_csv(outbox / "broken.csv", [EITB + ["Q1", "累计上云企业", "很多", "家", "期末", ""]], received="2023-04-16T10:00"),
    ]
    env = {
        "PLANTRACK_WORK": str(root / "warehouse"),
        "PLANTRACK_SUBMISSIONS": str(root / "subs"),
        "PLANTRACK_PUBLISHED": str(root / "published.duckdb"),
        "DAGSTER_HOME": str(root / "dagster"),
    }
    with plantrack_env(**env):
        result = CliRunner().invoke(app, ["submit", *map(str, files)])
        status = CliRunner().invoke(app, ["status", "--department", "宁波市经济和信息化局"])
    return result, status, root


def _query(root, sql, params=None):
    with duckdb.connect(str(root / "published.duckdb"), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def test_submit_exits_1_and_names_the_report_of_the_broken_file(submitted):
    result, _, root = submitted
    assert result.exit_code == 1, result.output
    assert "broken.csv：已退回，未载入任何数据。报告：" in result.output and ".report.txt" in result.output
    assert "- 第 2 行，数值 列，指标「累计上云企业」（值 '很多'）：不是数字" in result.output
    assert "eitb_2023Q2_corrected.csv：已接收，版本 ningbo_eitb-330200-2023Q2-v2" in result.output


def test_year_to_date_flows_are_de_accumulated_and_q4_is_the_annual_figure(submitted):
    rows = _query(
        submitted[2],
        """
        select quarter, value, ytd_value, value_basis, reported_basis from fct_actual
        where region_code = '330200' and indicator_code = 'software_info_services_revenue' and year = 2023
        order by quarter nulls last""",
    )
    assert rows == [
        (1, 100.0, 100.0, "quarter", "ytd"),
        (2, 140.0, 240.0, "quarter", "ytd"),
        (3, 120.5, 360.5, "quarter", "ytd"),
        (4, 139.5, 500.0, "quarter", "ytd"),
        (None, 500.0, 500.0, "annual", "ytd"),
    ]


def test_quarter_only_flows_are_accumulated(submitted):
    rows = _query(
        submitted[2],
        """
        select quarter, value, ytd_value from fct_actual
        where region_code = '330200' and indicator_code = 'digital_smart_terminals_revenue' and year = 2023
        order by quarter nulls last""",
    )
    assert rows == [(1, 200.0, 200.0), (2, 250.0, 450.0), (3, 260.0, 710.0), (4, 290.0, 1000.0), (None, 1000.0, 1000.0)]


def test_stocks_are_levels_in_the_canonical_unit(submitted):
    rows = _query(
        submitted[2],
        """
        select quarter, value, ytd_value, value_basis, original_value, original_unit, source_type, is_synthetic
        from fct_actual where region_code = '330200' and indicator_code = 'cloud_enterprises' and year = 2023
        order by quarter nulls last""",
    )
    assert [r[:4] for r in rows] == [
        (1, 50010.0, None, "level"),
        (2, 50020.0, None, "level"),
        (3, 50030.0, None, "level"),
        (4, 50040.0, None, "level"),
        (None, 50040.0, None, "level"),
    ]
    assert rows[1][4:] == (5.002, "万家", "submission", False)


def test_a_submitted_annual_figure_replaces_the_documents(submitted):
    # 001 表1: 5G基站数量 2021 baseline 1.77万个; the department reported 1.8万个 at the end of 2021
    rows = _query(
        submitted[2],
        """select value, source_type from fct_actual
        where region_code = '330200' and indicator_code = 'fiveg_base_stations' and year = 2021 and quarter is null""",
    )
    assert rows == [(18000.0, "submission")]
    assert _query(
        submitted[2],
        "select value from fct_actual where region_code = '321302' "
        "and indicator_code = 'fiveg_base_stations' and year = 2023 and quarter = 2",
    ) == [(1250.0,)]


def test_a_revision_supersedes_and_the_history_answers_as_of_a_date(submitted):
    history = """select value from fct_submission_history
        where department_code = 'ningbo_eitb' and indicator_code = 'software_info_services_revenue'
          and year = 2023 and quarter = 2 and valid_from <= ? and (valid_to is null or valid_to > ?)"""
    assert _query(submitted[2], history, ["2023-07-31", "2023-07-31"]) == [(230.0,)]
    assert _query(submitted[2], history, ["2023-09-01", "2023-09-01"]) == [(240.0,)]
    assert _query(submitted[2], history, ["2023-07-01", "2023-07-01"]) == []
    log = _query(
        submitted[2],
        """select submission_id, is_current, superseded_by from fct_submission
        where department_code = 'ningbo_eitb' and quarter_key = '2023Q2' order by version""",
    )
    assert log == [
        ("ningbo_eitb-330200-2023Q2-v1", False, "ningbo_eitb-330200-2023Q2-v2"),
        ("ningbo_eitb-330200-2023Q2-v2", True, None),
    ]


def test_completeness_counts_on_time_late_revised_and_missing(submitted):
    rows = _query(
        submitted[2],
        """select year, quarter, status, days_late, revision_count
        from mart_submission_completeness
        where department_code = 'ningbo_eitb' and indicator_code = 'software_info_services_revenue'
          and (year = 2023 or (year = 2024 and quarter = 1)) order by year, quarter""",
    )
    assert rows == [
        (2023, 1, "on_time", None, 0),
        (2023, 2, "on_time", None, 1),
        (2023, 3, "late", 16, 0),
        (2023, 4, "on_time", None, 0),
        (2024, 1, "missing", None, 0),
    ]
    (late, revised) = _query(
        submitted[2],
        """select n_late, n_revised from mart_submission_completeness_by_department
        where department_code = 'ningbo_eitb' and region_code = '330200'""",
    )[0]
    assert (late, revised) == (3, 3)  # the three indicators of the late Q3 file; of the revised Q2 file


def test_status_lists_the_department_s_submissions(submitted):
    status = submitted[1]
    assert status.exit_code == 0, status.output
    assert "ningbo_eitb-330200-2023Q3-v1" in status.output and "逾期" in status.output
    assert "宁波市经济和信息化局" in status.output and "ningbo_eitb " not in status.output  # names, not codes
