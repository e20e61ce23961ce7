"""The landing folder in Dagster: quarterly partitions, the sensor, the schedule, the job."""

import os
from datetime import datetime

from dagster import AssetKey, DagsterInstance, build_schedule_context, build_sensor_context
from submission_helpers import write_csv

from conftest import plantrack_env
from orchestration.definitions import defs
from orchestration.partitions import quarterly_partitions
from orchestration.schedules import quarterly_load
from orchestration.sensors import landing_sensor
from orchestration.submissions.landing import files_for_partitions, peek_period

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
    assert AssetKey(["core", "int_quarterly_actuals"]) in downstream
    assert {s.name for s in defs.sensors} == {"landing_sensor"} and {s.name for s in defs.schedules} == {"quarterly_load"}


def test_sensor_asks_for_one_run_per_quarter_of_the_landed_files(tmp_path):
    with plantrack_env(PLANTRACK_SUBMISSIONS=str(tmp_path)):
        write_csv(tmp_path / "landing" / "a.csv", [ROW], received="2023-07-10T09:00")
        write_csv(tmp_path / "landing" / "b.csv", [ROW[:3] + ["Q3"] + ROW[4:]], encoding="gbk", received="2023-10-10T09:00")
        write_csv(tmp_path / "landing" / "c.csv", [ROW], received="2023-07-11T09:00")
        (tmp_path / "landing" / "junk.csv").write_bytes(b"\xff\xfe\x00garbage")
        os.utime(tmp_path / "landing" / "junk.csv", (1.7e9, 1.7e9))  # not being written any more
        write_csv(tmp_path / "landing" / "fresh.csv", [ROW])  # still being copied: next time
        requests = landing_sensor(build_sensor_context(instance=DagsterInstance.ephemeral()))
    assert sorted(r.partition_key for r in requests) == ["2023Q2", "2023Q3", "2026Q4"]
    assert len({r.run_key for r in requests}) == 3


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
