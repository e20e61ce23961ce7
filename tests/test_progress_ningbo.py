"""Acceptance: mart_progress for Ningbo 2022 shows each annex indicator with its target, the actual,
the status and the numbers behind it — checked against the curated CSVs, not against the marts' SQL."""

from __future__ import annotations

import csv
import re

import pytest

from orchestration.settings import PROJECT_ROOT

PLAN = "ningbo_dex_2022_2026"


def _annex(file: str, year: str) -> dict[str, float | None]:
    """Figures of the 2022-2026 plan's annex (附表) for one year, by indicator, as the CSV writes them."""
    with (PROJECT_ROOT / "data" / "plans" / file).open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["plan_id"] == PLAN and r["source_section"].startswith("附表") and r["year"] == year]  # fmt: skip
    return {r["indicator_code"]: (float(re.sub(r"[^0-9.]", "", r["value_text"])) if re.search(r"\d", r["value_text"]) else None)
            for r in rows}  # fmt: skip


@pytest.fixture(scope="module")
def ningbo_2022(built) -> dict[str, dict]:
    columns = ["indicator_code", "target_operator", "target_value", "actual_value", "judged_value", "status", "year_status",
               "baseline_year", "baseline_value", "required_growth", "trajectory_status", "trajectory_note",
               "lead_departments_zh", "source_text"]  # fmt: skip
    rows = built.query(
        f"select {', '.join(columns)} from mart_progress where plan_id = ? and region_code = '330200' and year = 2022",
        [PLAN],
    )
    return {r[0]: dict(zip(columns, r)) for r in rows}


def test_every_annex_indicator_has_its_target(ningbo_2022):
    annex = _annex("targets.csv", "2022")
    assert len(annex) >= 14
    assert set(annex) <= set(ningbo_2022)
    for indicator, value in annex.items():
        assert ningbo_2022[indicator]["target_value"] == pytest.approx(value), indicator


def test_a_finished_year_is_met_not_met_or_without_data(ningbo_2022):
    for indicator, row in ningbo_2022.items():
        assert row["year_status"] == row["status"], indicator
        if row["judged_value"] is None:
            assert row["status"] == "no_data", indicator
        else:
            assert row["status"] in ("met", "not_met"), indicator
        assert row["lead_departments_zh"], indicator


def test_the_numbers_behind_the_status_are_shown(ningbo_2022):
    baselines = _annex("actuals.csv", "2021")
    assert len([v for v in baselines.values() if v is not None]) >= 12
    for indicator, baseline in baselines.items():
        row = ningbo_2022[indicator]
        if baseline is None:  # 数字金融 2021 is —— in the annex
            assert row["baseline_value"] is None and row["trajectory_status"] == "insufficient_data", indicator
            assert "no actual before" in row["trajectory_note"]
            continue
        assert (row["baseline_year"], row["baseline_value"]) == (2021, pytest.approx(baseline)), indicator
        # one year from the 2021 baseline to the 2022 target: the required growth is the plain ratio
        assert row["required_growth"] == pytest.approx((row["target_value"] / baseline - 1) * 100), indicator


def test_the_2021_share_target_is_not_met_by_6_9_percent(built):
    # 2020 report: 核心产业增加值占GDP比重达到7%以上 in 2021; the 2022 plan reports 6.9 % for 2021
    rows = built.query(
        """select target_operator, target_value, actual_value, status, lead_departments_zh from mart_progress
           where region_code = '330200' and indicator_code = 'dex_core_value_added_share_gdp' and year = 2021"""
    )
    assert [r[:4] for r in rows] == [(">=", 7.0, 6.9, "not_met")]


def test_labels_in_three_scripts(built):
    rows = built.query(
        """select lang, region_name, indicator_name, status_name from mart_progress_labelled
           where plan_id = ? and indicator_code = 'ic_revenue' and year = 2022 order by lang""",
        [PLAN],
    )
    names = {r[0]: r[1:] for r in rows}
    assert set(names) == {"en", "zh-Hans", "zh-Hant"}
    assert names["zh-Hans"][0] == "宁波市" and names["zh-Hant"][0] == "寧波市" and names["en"][0] == "Ningbo"
    assert names["zh-Hant"][1] == "集成電路營業收入"
    assert {n[2] for n in names.values()} <= {"无数据", "無數據", "No data", "已完成", "未完成", "Met", "Not met"}
