"""The demo generator: seeded, consistent with the plans, and loadable except for its planted draft."""

import hashlib
import random
from datetime import datetime

import pytest

from orchestration.defs.submissions.demo import write_demo
from orchestration.defs.submissions.demo_series import annual_series, quarter_figures


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def demo(private_warehouse):
    folder = private_warehouse.landing / "synthetic"
    summary = write_demo(private_warehouse.conn, folder)
    digests = _digests(folder)
    outcomes = private_warehouse.load(*sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx")))
    return summary, digests, outcomes, private_warehouse


def test_the_demo_is_the_same_every_time(demo, tmp_path):
    summary, digests, _, warehouse = demo
    write_demo(warehouse.conn, tmp_path)
    assert _digests(tmp_path) == digests
    assert summary.files > 500 and len(summary.revised) == 3


def test_every_demo_file_loads_except_the_planted_draft(demo):
    summary, _, outcomes, _ = demo
    rejected = [o for o in outcomes if o.status == "rejected"]
    assert [o.path.name for o in rejected] == [f"synthetic__{summary.rejected.replace(' ', '__')}__draft.csv"]
    assert {p[1] for p in rejected[0].problems} == {"unit", "value"}
    assert sum(o.status == "accepted" for o in outcomes) == summary.files - 1


def test_demo_rows_are_synthetic_and_revised_missing_and_late_as_planted(demo):
    summary, _, _, warehouse = demo
    assert warehouse.query("select bool_and(is_synthetic) from raw.submission_log") == [(True,)]
    versions = warehouse.query(
        "select department_code || ' ' || region_code || ' ' || year || 'Q' || quarter "
        "from raw.submission_log where version = 2 order by 1"
    )
    assert sorted(v for (v,) in versions) == sorted(summary.revised)
    department, region, period = summary.missing.split()
    assert warehouse.query(
        "select count(*) from raw.submission_log where department_code = ? and region_code = ? and year || 'Q' || quarter = ?",
        [department, region, period],
    ) == [(0,)]
    department, region, period = summary.late.split()
    (received,) = warehouse.query(
        "select received_at from raw.submission_log where department_code = ? and region_code = ? and year || 'Q' || quarter = ?",
        [department, region, period],
    )[0]
    assert received == datetime(2023, 8, 1)  # 12 days after the deadline of 2023Q2 (30 June + 20 days)


def test_series_keep_documented_actuals_and_come_near_the_targets():
    rng = random.Random(1)
    series = annual_series("flow", False, {2021: 889.0}, {2022: 1050.0, 2025: 1500.0}, [2021, 2022, 2023, 2025], rng)
    assert series.annual[2021] == 889.0
    assert abs(series.annual[2022] / 1050.0 - 1) <= 0.04 and abs(series.annual[2025] / 1500.0 - 1) <= 0.04
    assert 1050.0 * 0.96 < series.annual[2023] < 1500.0 * 1.04
    ytd = quarter_figures(series, 2023, rng)
    assert ytd[3] == series.annual[2023] and ytd == sorted(ytd)
    levels = quarter_figures(annual_series("share", False, {}, {2024: 11.25}, [2024], rng), 2024, rng)
    assert levels[3] <= 100 and all(abs(v / levels[3] - 1) <= 0.1 for v in levels)
