"""The landing folder in Dagster: quarterly partitions, the sensor, the schedule, the job."""

import os
import time
from datetime import datetime
from pathlib import Path

from dagster import AssetKey, DagsterInstance, build_schedule_context, build_sensor_context, validate_run_config
from submission_helpers import HEADER_EN, HEADER_ZH, write_csv

from conftest import plantrack_env
from orchestration.definitions import defs
from orchestration.defs.submissions.partitions import quarterly_partitions
from orchestration.defs.submissions.schedules import quarterly_load
from orchestration.defs.submissions.sensors import landing_sensor
from orchestration.defs.submissions.landing import files_for_partitions, peek_period

ROW = ["市经信局", "宁波市", "2023", "第二季度", "累计上云企业", "50020", "家", "期末", ""]


def test_quarters_of_the_plans_are_the_partitions():
    keys = quarterly_partitions.get_partition_keys()
    assert keys[0] == "2019Q1" and keys[-1] == "2026Q4" and "2023Q2" in keys and len(keys) == 32


def test_the_load_job_is_partitioned_and_rebuilds_what_depends_on_submissions():
    job = defs.resolve_job_def("load_submissions")
    assert job.partitions_def == quarterly_partitions
    graph = defs.resolve_asset_graph()
    assert graph.get(AssetKey(["raw", "submission_log"])).partitions_def == quarterly_partitions
    assert AssetKey(["core", "bridge_target_department"]) in graph.get(AssetKey(["raw", "submission_log"])).parent_keys
    assert AssetKey(["raw", "submission_values"]) in graph.get(AssetKey(["staging", "stg_raw__submission_values"])).parent_keys
    downstream = graph.get(AssetKey(["core", "fct_actual"])).parent_keys
    assert AssetKey(["core", "int_submitted_actuals"]) in downstream
    assert {s.name for s in defs.sensors} == {"landing_sensor"} and {s.name for s in defs.schedules} == {"quarterly_load"}


SETTLE = 0.3  # PLANTRACK_SETTLE_SECONDS in these tests


def _tick(cursor: str | None = None):
    """One evaluation of the sensor with the cursor the previous one left, as the daemon does."""
    context = build_sensor_context(instance=DagsterInstance.ephemeral(), cursor=cursor)
    return landing_sensor(context), context.cursor


def _named(requests) -> list[str]:
    return sorted(Path(f).name for r in requests for f in r.run_config["ops"]["submissions"]["config"]["files"])


def test_sensor_asks_for_one_run_per_quarter_of_the_settled_files(tmp_path):
    with plantrack_env(PLANTRACK_SUBMISSIONS=str(tmp_path), PLANTRACK_SETTLE_SECONDS=str(SETTLE)):
        write_csv(tmp_path / "landing" / "a.csv", [ROW], received="2023-07-10T09:00")
        write_csv(tmp_path / "landing" / "b.csv", [ROW[:3] + ["Q3"] + ROW[4:]], encoding="gbk", received="2023-10-10T09:00")
        write_csv(tmp_path / "landing" / "c.csv", [ROW], received="2023-07-11T09:00")
        (tmp_path / "landing" / "junk.csv").write_bytes(b"\xff\xfe\x00garbage")
        first, cursor = _tick()
        assert "4 file(s)" in first.skip_message and "still changing" in first.skip_message  # one look is not enough
        time.sleep(SETTLE)
        write_csv(tmp_path / "landing" / "fresh.csv", [ROW])  # arrives now: next time
        requests, cursor = _tick(cursor)
    assert sorted(r.partition_key for r in requests) == ["2023Q2", "2023Q3", "2026Q4"]
    assert len({r.run_key for r in requests}) == 3
    assert _named(requests) == ["a.csv", "b.csv", "c.csv", "junk.csv"]
    job = defs.resolve_job_def("load_submissions")
    assert all(validate_run_config(job, r.run_config) for r in requests)


def test_a_file_still_growing_is_not_requested_until_it_stops(tmp_path):
    rows = [ROW[:4] + [f"指标{i}", str(i)] + ROW[6:] for i in range(8)]
    path = tmp_path / "landing" / "slow.csv"
    with plantrack_env(PLANTRACK_SUBMISSIONS=str(tmp_path), PLANTRACK_SETTLE_SECONDS=str(SETTLE)):
        write_csv(path, rows[:4], received="2023-07-10T09:00")  # a copy that stalls half-way, old mtime kept
        _, cursor = _tick()
        time.sleep(SETTLE)
        with path.open("a", encoding="utf-8") as handle:  # ... and goes on
            handle.write("\n".join(",".join(r) for r in rows[4:]) + "\n")
        os.utime(path, (1.69e9, 1.69e9))  # even with the same old mtime: the size changed
        growing, cursor = _tick(cursor)
        assert "still changing" in growing.skip_message
        time.sleep(SETTLE)
        requests, cursor = _tick(cursor)
    assert _named(requests) == ["slow.csv"] and requests[0].partition_key == "2023Q2"
    assert len(path.read_text(encoding="utf-8").splitlines()) == 9  # header + all 8 rows when taken


def test_a_part_file_is_ignored_until_renamed(tmp_path):
    part = tmp_path / "landing" / "eitb_2023Q2.csv.part"
    with plantrack_env(PLANTRACK_SUBMISSIONS=str(tmp_path), PLANTRACK_SETTLE_SECONDS=str(SETTLE)):
        write_csv(part, [ROW], received="2023-07-10T09:00")
        (tmp_path / "landing" / ".sync").mkdir()
        write_csv(tmp_path / "landing" / ".sync" / "hidden.csv", [ROW], received="2023-07-10T09:00")
        write_csv(tmp_path / "landing" / "~$draft.xlsx", [ROW], received="2023-07-10T09:00")
        _, cursor = _tick()
        time.sleep(SETTLE)
        ignored, cursor = _tick(cursor)
        assert "no files" in ignored.skip_message
        part.rename(part.with_suffix(""))  # the copy is done
        renamed, cursor = _tick(cursor)
        assert "still changing" in renamed.skip_message
        time.sleep(SETTLE)
        requests, cursor = _tick(cursor)
    assert _named(requests) == ["eitb_2023Q2.csv"]


def test_a_tick_over_unchanged_files_reads_none_of_them(tmp_path, monkeypatch):
    import orchestration.defs.submissions.landing as landing

    with plantrack_env(PLANTRACK_SUBMISSIONS=str(tmp_path), PLANTRACK_SETTLE_SECONDS=str(SETTLE)):
        for n in range(5):
            write_csv(tmp_path / "landing" / f"f{n}.csv", [ROW], received="2023-07-10T09:00")
        _, cursor = _tick()
        time.sleep(SETTLE)
        first, cursor = _tick(cursor)

        def no_reading(*_):
            raise AssertionError("a settled, unchanged file was read again")

        monkeypatch.setattr(landing, "peek_period", no_reading)
        monkeypatch.setattr(landing.reader, "sha256_of", no_reading)
        again, cursor = _tick(cursor)
    assert [r.run_key for r in again] == [r.run_key for r in first] and _named(again) == [f"f{n}.csv" for n in range(5)]


def test_peek_reads_the_quarter_of_gbk_bom_xlsx_and_long_files(tmp_path):
    from openpyxl import Workbook

    gbk = write_csv(tmp_path / "gbk.csv", [ROW[:3] + ["第三季度"] + ROW[4:]], encoding="gbk")
    bom = write_csv(tmp_path / "bom.csv", [ROW[:3] + ["Q4"] + ROW[4:]], encoding="utf-8-sig")
    english = write_csv(
        tmp_path / "en.csv", [["EITB", "Ningbo", "２０２２年", "一", "x", "1", "亿元", "ytd", ""]], header=HEADER_EN
    )
    blank_first = write_csv(tmp_path / "blank.csv", [ROW[:2] + ["", ""] + ROW[4:], ROW], blank_after=1)
    long = write_csv(tmp_path / "long.csv", [ROW[:4] + [f"指标{i}" * 20] + ROW[5:] for i in range(2000)])
    assert long.stat().st_size > 100_000
    book = Workbook()
    book.active.append(["", ""])  # the header is found below an empty first row, as the loader does
    book.active.append(["填报单位", "地区", "年份", "季度", "指标", "数值", "单位", "口径"])
    book.active.append(["市经信局", "宁波市", 2024, 2, "累计上云企业", 5.2, "万家", "期末"])
    book.save(tmp_path / "book.xlsx")
    no_quarter = write_csv(tmp_path / "noq.csv", [ROW], header=[h if h != "季度" else "说明2" for h in HEADER_ZH])
    truncated = tmp_path / "cut.csv"
    truncated.write_bytes(gbk.read_bytes()[:-7])
    assert [peek_period(p) for p in (gbk, bom, english, blank_first, long, tmp_path / "book.xlsx", no_quarter)] == [
        "2023Q3",
        "2023Q4",
        "2022Q1",
        "2023Q2",
        "2023Q2",
        "2024Q2",
        None,
    ]
    assert peek_period(truncated) in ("2023Q3", None)


def test_sensor_skips_an_empty_landing_folder(tmp_path):
    with plantrack_env(PLANTRACK_SUBMISSIONS=str(tmp_path)):
        result = landing_sensor(build_sensor_context(instance=DagsterInstance.ephemeral()))
    assert "no files" in result.skip_message


def test_a_partition_run_takes_its_quarter_and_unreadable_files(tmp_path):
    with plantrack_env(PLANTRACK_SUBMISSIONS=str(tmp_path)):
        from orchestration.settings import load_settings

        q2 = write_csv(tmp_path / "landing" / "q2.csv", [ROW])
        q3 = write_csv(tmp_path / "landing" / "sub" / "q3.xlsx.csv", [ROW[:3] + ["3"] + ROW[4:]])
        junk = tmp_path / "landing" / "junk.csv"
        junk.write_text("no header here\n", encoding="utf-8")
        chosen = files_for_partitions(load_settings(), ["2023Q2"], quarterly_partitions.get_partition_keys())
    assert (peek_period(q2), peek_period(q3), peek_period(junk)) == ("2023Q2", "2023Q3", None)
    assert sorted(p.name for p in chosen) == ["junk.csv", "q2.csv"]


def test_schedule_loads_the_quarter_just_closed():
    request = quarterly_load(build_schedule_context(scheduled_execution_time=datetime(2024, 1, 21, 6)))
    assert request.partition_key == "2023Q4"
    skipped = quarterly_load(build_schedule_context(scheduled_execution_time=datetime(2031, 4, 21, 6)))
    assert "outside" in skipped.skip_message
