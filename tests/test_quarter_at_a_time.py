"""Daily operation through the real pipeline: gaps, a quarter not over, a version the gate holds,
a withdrawal, the UI's one-click launch, and incremental builds equal to a full rebuild.

One warehouse (a copy of the bundled build) goes through the steps in order, as a Tuesday would:
1. `plantrack submit`: 2026Q2 without 2026Q1 (a known gap, not a failed run), 2026Q4 on
   1 December (rejected: the quarter is not over), 2023Q1 and its correction (v1, v2).
2. A v3 of 2023Q1 whose stored unit is broken behind the loader's back (what a critical check at
   the submission grain catches), then another department's valid file: v3 is held, 2023Q1 keeps v2
   published, the other file publishes.
3. `plantrack withdraw` v2: v1 counts again; the history keeps v2 up to its withdrawal.
4. build_and_publish launched without partitions, as the UI's button does.
5. A full rebuild of the models gives the same rows as the incremental builds.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import duckdb
import pytest
from submission_helpers import write_csv
from typer.testing import CliRunner

from conftest import plantrack_env
from orchestration.cli import app

EITB = ["市经信局", "宁波市"]
SOFTWARE = "软件与信息服务业营业收入"  # a flow, reported year-to-date
V1, V2, V3 = (f"ningbo_eitb-330200-2023Q1-v{n}" for n in (1, 2, 3))


def _software(year, quarter, value, received, name):
    return lambda outbox: write_csv(
        outbox / name, [EITB + [year, quarter, SOFTWARE, value, "亿元", "累计", ""]], received=received
    )


@pytest.fixture(scope="module")
def tuesday(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("tuesday")
    shutil.copytree(built.work_dir / "warehouse", root / "warehouse")
    env = {
        "PLANTRACK_WORK": str(root / "warehouse"),
        "PLANTRACK_SUBMISSIONS": str(root / "subs"),
        "PLANTRACK_PUBLISHED": str(root / "published.duckdb"),
        "DAGSTER_HOME": str(root / "dagster"),
    }
    outbox = root / "outbox"
    steps = {}
    with plantrack_env(**env):
        files = [
            make(outbox)
            for make in (
                _software("2026", "Q2", "230", "2026-07-10T09:00", "eitb_2026Q2.csv"),
                _software("2026", "Q4", "400", "2026-12-01T09:00", "eitb_2026Q4_early.csv"),
                _software("2023", "Q1", "100", "2023-04-15T09:00", "eitb_2023Q1.csv"),
                _software("2023", "Q1", "110", "2023-04-18T09:00", "eitb_2023Q1_corrected.csv"),
            )
        ]
        steps["submit"] = CliRunner().invoke(app, ["submit", *map(str, files)])
        steps["published_after_submit"] = _rows(root, "select version from publish_log order by version")

        # v3, loaded, then its stored unit broken where only the gate can see it
        from orchestration.settings import load_settings
        from orchestration.defs.submissions.load import load_files

        settings = load_settings()
        v3 = _software("2023", "Q1", "120", "2023-05-01T09:00", "eitb_2023Q1_v3.csv")(outbox)
        with duckdb.connect(str(settings.warehouse_path)) as conn:
            assert [o.submission_id for o in load_files(conn, [v3], settings)] == [V3]
            conn.execute("update raw.submission_values set unit = '光年' where submission_id = ?", [V3])
        sucheng = write_csv(
            outbox / "sucheng_2023Q2.csv",
            [["区通管办", "宿城区", "2023", "2", "5G基站数量", "1250", "个", "期末", ""]],
            received="2023-07-05T10:00",
        )
        steps["held"] = CliRunner().invoke(app, ["submit", str(sucheng)])
        steps["withdraw"] = CliRunner().invoke(app, ["withdraw", V2, "--reason", "wrong scope", "--by", "tester"])

        from dagster import DagsterInstance, Definitions

        from orchestration.definitions import ASSETS, CHECKS
        from orchestration.defs.publishing.jobs import build_and_publish
        from orchestration.defs.submissions.jobs import load_submissions
        from orchestration.resources import pipeline_resources

        # the job the UI launches, with the resources a code location loaded with these settings has
        defs = Definitions(assets=ASSETS, asset_checks=CHECKS, jobs=[build_and_publish], resources=pipeline_resources())
        defs_with_load = Definitions(assets=ASSETS, asset_checks=CHECKS, jobs=[load_submissions], resources=pipeline_resources())
        with DagsterInstance.ephemeral() as instance:
            steps["ui_launch"] = defs.resolve_job_def("build_and_publish").execute_in_process(
                instance=instance, raise_on_error=False
            )
            # a backfill of one chosen quarter, as the UI launches it: rebuilt from the raw tables
            steps["backfill"] = defs_with_load.resolve_job_def("load_submissions").execute_in_process(
                instance=instance, raise_on_error=False, partition_key="2023Q1"
            )
    return root, steps


def _rows(root, sql, params=None):
    with duckdb.connect(str(root / "published.duckdb"), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def test_a_missing_earlier_quarter_is_a_known_gap_not_a_failed_run(tuesday):
    root, steps = tuesday
    assert "eitb_2026Q2.csv：已接收" in steps["submit"].output, steps["submit"].output
    assert _rows(
        root,
        """select quarter, value, ytd_value, value_status from fct_actual
                          where region_code = '330200' and indicator_code = 'software_info_services_revenue'
                            and year = 2026 order by quarter nulls last""",
    ) == [(2, None, 230.0, "quarter_unknown")]


def test_a_quarter_that_has_not_ended_is_rejected_with_the_reason(tuesday):
    root, steps = tuesday
    output = steps["submit"].output
    assert steps["submit"].exit_code == 1
    assert "eitb_2026Q4_early.csv：已退回" in output
    assert "该季度尚未结束（结束于 2026-12-31；文件接收于 2026-12-01）" in output
    assert "eitb_2023Q1_corrected.csv：已接收，版本 " + V2 in output
    assert len(steps["published_after_submit"]) == 1  # the rejection did not stop the others publishing


def test_a_version_the_gate_holds_keeps_the_last_good_one_published_and_the_rest_goes_on(tuesday):
    root, steps = tuesday
    assert steps["held"].exit_code == 0, steps["held"].output
    assert _rows(root, "select status, held_reason like '%unit%' from fct_submission where submission_id = ?", [V3]) == [
        ("held", True)
    ]
    assert _rows(
        root,
        "select value from fct_actual where region_code = '321302' and indicator_code = "
        "'fiveg_base_stations' and year = 2023 and quarter = 2",
    ) == [(1250.0,)]
    issues = _rows(root, "select severity, row_label from dq_issues where severity = 'held'")
    assert issues == [("held", V3)]
    assert [V3] in [row[0] for row in _rows(root, "select submissions_held from publish_log")]


def test_withdrawing_a_version_brings_back_the_previous_one_and_keeps_the_history(tuesday):
    root, steps = tuesday
    assert steps["withdraw"].exit_code == 0, steps["withdraw"].output
    assert "version 1 counts again" in steps["withdraw"].output
    assert _rows(
        root,
        """select quarter, value, submission_id from fct_actual where region_code = '330200'
                          and indicator_code = 'software_info_services_revenue' and year = 2023""",
    ) == [(1, 100.0, V1)]
    history = _rows(
        root,
        """select submission_id, value, valid_to is null, version_status from fct_submission_history
                             where submission_id in (?, ?, ?) and indicator_code = 'software_info_services_revenue'
                             order by valid_from""",
        [V1, V2, V3],
    )
    assert history == [(V1, 100.0, False, "valid"), (V2, 110.0, False, "withdrawn"), (V1, 100.0, True, "valid")]
    (withdrawn,) = _rows(root, "select status, withdrawn_by, withdraw_reason from fct_submission where submission_id = ?", [V2])
    assert withdrawn == ("withdrawn", "tester", "wrong scope")


def test_the_main_job_launches_without_choosing_partitions(tuesday):
    result = tuesday[1]["ui_launch"]
    assert result.success
    assert result.dagster_run.tags.get("dagster/partition") is None


def test_a_backfill_of_a_chosen_quarter_rebuilds_it_and_changes_nothing_else(tuesday):
    root, steps = tuesday
    result = steps["backfill"]
    assert result.success
    assert result.dagster_run.tags.get("dagster/partition") == "2023Q1"
    assert _rows(
        root,
        """select quarter, value, submission_id from fct_actual where region_code = '330200'
                          and indicator_code = 'software_info_services_revenue' and year = 2023""",
    ) == [(1, 100.0, V1)]


def test_a_patched_publish_gives_the_same_file_as_a_publish_afresh(tuesday, tmp_path):
    root, _ = tuesday
    modes = [m for (m,) in _rows(root, "select publish_mode from publish_log order by version")]
    assert modes[0].startswith("full") and all(m.startswith("patched") for m in modes[1:]), modes
    shutil.copytree(root / "warehouse", tmp_path / "warehouse")
    from orchestration.defs.publishing.publish import PUBLISHED_TABLES, publish

    afresh = tmp_path / "afresh.duckdb"
    with duckdb.connect(str(tmp_path / "warehouse" / "plantrack.duckdb")) as conn:
        assert publish(conn, afresh)["publish_mode"] == "full: no previous file"
    for table in PUBLISHED_TABLES:
        with duckdb.connect(str(afresh), read_only=True) as fresh:
            expected = fresh.execute(f"select * from {table} order by all").fetchall()
        assert _rows(root, f"select * from {table} order by all") == expected, table


def test_incremental_builds_give_the_same_rows_as_a_full_rebuild(tuesday, tmp_path):
    root, _ = tuesday
    copy = tmp_path / "warehouse"
    shutil.copytree(root / "warehouse", copy)
    tables = [
        "core.int_submission_values",
        "core.int_quarterly_actuals",
        "core.fct_actual",
        "core.fct_submission_history",
        "core.fct_submission",
        "marts.mart_progress",
        "marts.mart_submission_completeness",
    ]
    with plantrack_env(PLANTRACK_WORK=str(copy)):
        from orchestration.defs.warehouse.project import dbt_environment, dbt_executable
        from orchestration.settings import DBT_PROJECT_DIR

        environment = dbt_environment()
    done = subprocess.run(
        [dbt_executable(), "build", "--full-refresh", "--select", "int_submission_versions+", "--exclude", "resource_type:test"],
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
    )
    assert done.returncode == 0, done.stdout[-3000:]
    for table in tables:
        with duckdb.connect(str(root / "warehouse" / "plantrack.duckdb"), read_only=True) as inc:
            incremental = inc.execute(f"select * from {table} order by all").fetchall()
        with duckdb.connect(str(copy / "plantrack.duckdb"), read_only=True) as full:
            rebuilt = full.execute(f"select * from {table} order by all").fetchall()
        assert incremental == rebuilt, table
