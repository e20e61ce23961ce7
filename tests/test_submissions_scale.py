"""The loader's fast path and chunks through the real loader on a copy of the built warehouse:
files DuckDB reads as they are and files that are normalised keep their own line numbers in one
batch, a load in chunks gives what one load gives, and loading the same files again adds nothing."""

from pathlib import Path

import pytest
from submission_helpers import PrivateWarehouse, report_rows, write_csv

SOFTWARE = ["市经信局", "宁波市", "2023", "Q2", "软件与信息服务业营业收入", "230", "亿元", "累计", ""]
CLOUD = ["市经信局", "宁波市", "2023", "Q2", "累计上云企业", "50020", "家", "期末", ""]


def _period(row, year, quarter, value=None):
    out = list(row)
    out[2], out[3] = str(year), f"Q{quarter}"
    if value is not None:
        out[5] = value
    return out


@pytest.fixture
def fresh(built, tmp_path):
    opened = []

    def make(name: str) -> PrivateWarehouse:
        opened.append(PrivateWarehouse(built.work_dir, tmp_path / name))
        return opened[-1]

    yield make
    for warehouse in reversed(opened):
        warehouse.close()


def test_fast_path_and_normalised_files_in_one_batch_keep_their_line_numbers(fresh):
    warehouse = fresh("mixed")
    land = warehouse.landing
    bad = _period(SOFTWARE, 2024, 1, value="lots")
    fast = write_csv(land / "fast.csv", [_period(CLOUD, 2024, 1), bad])  # UTF-8, header on line 1: read as it is
    crlf = land / "crlf.csv"
    crlf.write_bytes(fast.read_bytes().replace(b"\n", b"\r\n"))
    blank = write_csv(land / "blank.csv", [_period(CLOUD, 2024, 1), bad], blank_after=1)  # UTF-8, line 3 blank
    gbk = write_csv(land / "gbk.csv", [_period(CLOUD, 2024, 1), bad], encoding="gbk")
    spaces = land / "spaces.csv"  # a line of spaces only, the header on line 2
    header, row, bad_row = fast.read_bytes().split(b"\n")[:3]
    spaces.write_bytes(b"\n" + header + b"\n" + row + b"\n  \n" + bad_row + b"\n")
    header_only = land / "header_only.csv"
    header_only.write_bytes(fast.read_bytes().split(b"\n")[0] + b"\n")
    good = write_csv(land / "good.csv", [_period(CLOUD, 2024, 2), _period(SOFTWARE, 2024, 2)])

    outcomes = warehouse.load(fast, crlf, blank, gbk, spaces, header_only, good)

    by_name = {o.path.name: o for o in outcomes}
    assert [o.path.name for o in outcomes] == [
        "fast.csv",
        "crlf.csv",
        "blank.csv",
        "gbk.csv",
        "spaces.csv",
        "header_only.csv",
        "good.csv",
    ]
    expected_rows = {"fast.csv": "3", "crlf.csv": "3", "blank.csv": "4", "gbk.csv": "3", "spaces.csv": "5"}
    for name, row in expected_rows.items():
        outcome = by_name[name]
        assert outcome.status == "rejected", (name, outcome.problems)
        assert [(p["row"], p["column"]) for p in report_rows(outcome)] == [(row, "数值")], name
    assert by_name["header_only.csv"].status == "rejected"
    assert "表头下面没有数据行" in by_name["header_only.csv"].report.read_text(encoding="utf-8")
    assert by_name["good.csv"].status == "accepted", by_name["good.csv"].problems
    assert warehouse.query(
        "select row_no, indicator_code from raw.submission_values where submission_id = ? order by 1",
        [by_name["good.csv"].submission_id],
    ) == [(2, "cloud_enterprises"), (3, "software_info_services_revenue")]
    assert warehouse.query("select encoding from raw.submission_log where submission_id like 'R-%' order by 1") == [
        ("gb18030",),
        ("utf-8",),
        ("utf-8",),
        ("utf-8",),
        ("utf-8",),
        ("utf-8",),
    ]


def _batch(folder: Path) -> list[Path]:
    """Eight quarters of two indicators, a revision of 2023Q3 received later, a byte-identical copy
    of 2023Q1 and a file with an error; outside landing/, so they stay for the second load."""
    files = []
    for n, (year, quarter) in enumerate([(2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1), (2024, 2)]):
        rows = [_period(CLOUD, year, quarter, str(50000 + n)), _period(SOFTWARE, year, quarter, str(100 * quarter))]
        files.append(
            write_csv(
                folder / f"eitb_{year}Q{quarter}.csv",
                rows,
                received=f"{year + (quarter == 4)}-{quarter * 3 % 12 + 1:02d}-10T09:00",
            )
        )  # after the quarter
    files.append(
        write_csv(
            folder / "eitb_2023Q3_corrected.csv",
            [_period(CLOUD, 2023, 3, "50999"), _period(SOFTWARE, 2023, 3, "260")],
            received="2023-12-20T09:00",
        )
    )
    files.append(
        write_csv(
            folder / "copy_of_2023Q1.csv",
            [_period(CLOUD, 2023, 1, "50000"), _period(SOFTWARE, 2023, 1, "100")],
            received="2023-04-11T09:00",
        )
    )
    files.append(write_csv(folder / "broken_2024Q2.csv", [_period(CLOUD, 2024, 2, "约5万")], received="2024-07-01T09:00"))
    return files


def _state(warehouse: PrivateWarehouse) -> dict:
    return {
        "log": warehouse.query(
            "select submission_id, file_name, status, version, supersedes, row_count, n_errors "
            "from raw.submission_log order by all"
        ),
        "values": warehouse.query(
            "select submission_id, row_no, indicator_code, value_text from raw.submission_values order by all"
        ),
        "rejections": warehouse.query(
            "select submission_id, file_name, row_no, column_name, reason from raw.submission_rejections order by all"
        ),
        "warnings": warehouse.query("select * from raw.submission_warnings order by all"),
    }


def test_a_load_in_chunks_gives_what_one_load_gives_and_a_rerun_adds_nothing(fresh, tmp_path):
    files = _batch(tmp_path / "incoming")
    one = fresh("one")
    one_outcomes = one.load(*files)
    chunked = fresh("chunked")
    chunked_outcomes = chunked.load(*files, chunk_files=2)

    summary = lambda outcomes: [(o.path.name, o.status, o.submission_id, o.version) for o in outcomes]  # noqa: E731
    assert summary(chunked_outcomes) == summary(one_outcomes)
    assert _state(chunked) == _state(one)
    statuses = {o.path.name: (o.status, o.submission_id) for o in one_outcomes}
    assert statuses["eitb_2023Q3_corrected.csv"] == ("accepted", "ningbo_eitb-330200-2023Q3-v2")
    assert statuses["copy_of_2023Q1.csv"][0] == "duplicate" and statuses["broken_2024Q2.csv"][0] == "rejected"
    assert all(f.exists() for f in files), "files outside landing/ are copied, not moved"

    before = _state(chunked)
    again = chunked.load(*files, chunk_files=3)
    assert {o.status for o in again} == {"duplicate", "rejected"}
    assert _state(chunked) == before, "a re-run loads nothing twice"


def test_accepted_landing_files_are_kept_in_loaded_as_received(fresh):
    warehouse = fresh("landing")
    path = write_csv(warehouse.landing / "sub" / "eitb_2024Q3.csv", [_period(CLOUD, 2024, 3)], received="2024-10-15T10:00")
    data, mtime = path.read_bytes(), path.stat().st_mtime
    (outcome,) = warehouse.load(path, chunk_files=1)
    assert outcome.status == "accepted", outcome.problems
    assert not path.exists()
    assert outcome.stored.read_bytes() == data and outcome.stored.stat().st_mtime == mtime
