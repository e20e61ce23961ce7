"""The progress rules, table-driven, through the real dbt models (see progress_cases.py).

As of 2024-08-15: 2023 is finished (met / not met / no data by the operator), 2024 is the current
year (pace from the latest year-to-date figure, Q2 being the latest ended quarter), 2026 lies ahead
(trajectory from the 2021 baseline: the plan's first target year is 2022).
"""

from __future__ import annotations

import duckdb
import pytest

import progress_cases

BASE_TARGET = {"plan_id": "case_plan", "target_tier": "base", "value_status": "value"}
NO_ROW = object()

# case, indicator, year, operator, target value, actuals {indicator: [(year, quarter, value, ytd_value)]},
# expected columns of mart_progress
CASES = [
    # finished year: each operator at and beside its boundary
    ("gt_at_boundary", "t_flow", 2023, ">", 15, {"t_flow": [(2023, None, 15, 15)]}, {"status": "not_met", "is_met": False}),
    ("gt_above", "t_flow", 2023, ">", 15, {"t_flow": [(2023, None, 15.1, 15.1)]}, {"status": "met"}),
    ("ge_at_boundary", "t_flow", 2023, ">=", 15, {"t_flow": [(2023, None, 15, 15)]}, {"status": "met", "is_met": True}),
    ("eq_reached", "t_flow", 2023, "=", 100, {"t_flow": [(2023, None, 100, 100)]}, {"status": "met"}),
    ("eq_short", "t_flow", 2023, "=", 100, {"t_flow": [(2023, None, 99.9, 99.9)]}, {"status": "not_met", "gap_to_target": -0.1}),
    ("lt_at_boundary", "t_down", 2023, "<", 5, {"t_down": [(2023, None, 5, 5)]}, {"status": "not_met"}),
    ("le_at_boundary", "t_down", 2023, "<=", 5, {"t_down": [(2023, None, 5, 5)]}, {"status": "met"}),
    ("eq_down_below", "t_down", 2023, "=", 5, {"t_down": [(2023, None, 4, 4)]}, {"status": "met"}),
    ("eq_down_above", "t_down", 2023, "=", 5, {"t_down": [(2023, None, 5.5, 5.5)]}, {"status": "not_met"}),
    ("no_data", "t_flow", 2023, ">=", 10, {}, {
        "status": "no_data", "year_status": "no_data", "trajectory_status": "insufficient_data",
        "trajectory_note": "no actual before the plan's first target year 2022", "scorecard_bucket": "no_data"}),
    ("q4_year_to_date_is_the_year", "t_flow", 2023, ">=", 100,
     {"t_flow": [(2023, 1, 20, 20), (2023, 2, 30, 50), (2023, 3, 25, 75), (2023, 4, 26, 101)]},
     {"status": "met", "actual_value": 101, "actual_taken_from": "q4_year_to_date"}),
    ("anchor_2022", "t_flow", 2022, ">=", 1, {"t_flow": [(2022, None, 2, 2)]}, {"status": "met"}),
    # growth targets: reported growth first, else computed from the level actuals
    ("growth_computed", "t_growth", 2023, ">=", 15, {"t_level": [(2022, None, 100, 100), (2023, None, 116, 116)]},
     {"status": "met", "judged_value": 16, "judged_value_basis": "computed_from_levels", "actual_value": None}),
    ("growth_reported_wins", "t_growth", 2023, ">=", 15,
     {"t_growth": [(2023, None, 14, 14)], "t_level": [(2022, None, 100, 100), (2023, None, 116, 116)]},
     {"status": "not_met", "judged_value": 14, "judged_value_basis": "reported", "computed_growth": 16}),
    ("points_change", "t_pp", 2023, ">=", 1.5, {"t_share": [(2022, None, 30, 30), (2023, None, 31.25, 31.25)]},
     {"status": "not_met", "judged_value": 1.25, "target_kind": "growth_pp"}),
    # current year: pace from the latest ended quarter's year-to-date figure (Q3 ends after the as-of date)
    ("flow_on_pace", "t_flow", 2024, ">=", 100, {"t_flow": [(2024, 1, 20, 20), (2024, 2, 35, 55), (2024, 3, 35, 90)]},
     {"status": "on_pace", "pace_quarter": 2, "year_elapsed_share": 0.5, "projected_year_end_value": 110, "scorecard_bucket": "on_track"}),
    ("flow_behind_pace", "t_flow", 2024, ">=", 100, {"t_flow": [(2024, 1, 20, 20), (2024, 2, 25, 45)]},
     {"status": "behind_pace", "projected_year_end_value": 90, "scorecard_bucket": "off_track"}),
    ("stock_behind_pace", "t_stock", 2024, "=", 1300, {"t_stock": [(2023, None, 1000, 1000), (2024, 2, 1100, 1100)]},
     {"status": "behind_pace", "prior_year_value": 1000, "projected_year_end_value": 1200}),
    ("stock_on_pace_at_boundary", "t_stock", 2024, "=", 1200, {"t_stock": [(2023, None, 1000, 1000), (2024, 2, 1100, 1100)]},
     {"status": "on_pace"}),
    ("share_year_to_date", "t_share", 2024, ">=", 40, {"t_share": [(2024, 1, 38, 38), (2024, 2, 41, 41)]},
     {"status": "on_pace", "projected_year_end_value": 41}),
    ("growth_year_to_date_computed", "t_growth", 2024, ">=", 10, {"t_level": [(2023, 2, 30, 50), (2024, 2, 30, 56)]},
     {"status": "on_pace", "pace_ytd_basis": "computed_from_levels", "pace_ytd_value": 12}),
    ("current_year_annual_only", "t_flow", 2024, ">=", 100, {"t_flow": [(2021, None, 80, 80), (2023, None, 90, 90)]},
     {"year_status": "no_data_yet", "status": "needs_acceleration", "baseline_year": 2021, "latest_actual_year": 2023}),
    # ahead: Statistics Canada bands on observed / required growth since the 2021 baseline
    ("on_track", "t_flow", 2026, ">=", 200, {"t_flow": [(2021, None, 100, 100), (2023, None, 132, 132)]},
     {"year_status": "not_due", "status": "on_track", "scorecard_bucket": "on_track"}),
    ("needs_acceleration", "t_flow", 2026, ">=", 200, {"t_flow": [(2021, None, 100, 100), (2023, None, 125, 125)]},
     {"status": "needs_acceleration", "scorecard_bucket": "off_track"}),
    ("limited_progress", "t_flow", 2026, ">=", 200, {"t_flow": [(2021, None, 100, 100), (2023, None, 105, 105)]},
     {"status": "limited_progress"}),
    ("deterioration", "t_flow", 2026, ">=", 200, {"t_flow": [(2021, None, 100, 100), (2023, None, 95, 95)]},
     {"status": "deterioration"}),
    ("already_met", "t_flow", 2026, ">=", 200, {"t_flow": [(2021, None, 100, 100), (2023, None, 210, 210)]},
     {"status": "target_already_met", "trajectory_note": None}),
    ("ratio_exactly_095", "t_pp", 2026, ">=", 20, {"t_share": [(2021, None, 10, 10), (2022, None, 29, 29)]},
     {"status": "on_track", "growth_ratio": 0.95, "observed_growth": 19, "required_growth": 20}),
    ("ratio_exactly_06", "t_pp", 2026, ">=", 20, {"t_share": [(2021, None, 10, 10), (2022, None, 22, 22)]},
     {"status": "needs_acceleration", "growth_ratio": 0.6}),
    ("ratio_exactly_0", "t_pp", 2026, ">=", 20, {"t_share": [(2021, None, 10, 10), (2022, None, 10, 10)]},
     {"status": "limited_progress", "growth_ratio": 0}),
    ("stock_quarter_is_latest", "t_stock", 2026, ">=", 200,
     {"t_stock": [(2021, None, 100, 100), (2024, 2, 150, 150), (2024, 3, 170, 170)]},
     {"status": "on_track", "latest_actual_year": 2024, "latest_actual_quarter": 2, "latest_actual_value": 150,
      "observed_growth": (1.5 ** (1 / 2.5) - 1) * 100}),
    ("nothing_after_baseline", "t_flow", 2026, ">=", 200, {"t_flow": [(2021, None, 100, 100)]},
     {"status": "insufficient_data", "trajectory_note": "no actual after the baseline year 2021"}),
    ("direction_down", "t_down", 2026, "<=", 5, {"t_down": [(2021, None, 10, 10), (2023, None, 8, 8)]},
     {"status": "needs_acceleration", "required_growth": (0.5 ** (1 / 5) - 1) * 100, "observed_growth": (0.8 ** 0.5 - 1) * 100}),
]
TIER_CASES = [  # one region, base and stretch tiers (增长13%，力争15%)
    ("tier_base", "base", 13, {"status": "met"}),
    ("tier_stretch", "stretch", 15, {"status": "not_met", "target_tier": "stretch"}),
]


# Targets over a span (2021-2023年累计) or for each year of one (每年), and a target for an area:
# case, indicator, period, first year, last year, operator, value, actuals {indicator: [(year, value)]}, expected
PERIOD_CASES = [
    # a span's total: the flows of its years summed, not its last year's flow
    ("span_ended_met", "t_flow", "span", 2021, 2023, ">=", 30, {"t_flow": [(2021, 10), (2022, 10), (2023, 11)]},
     {"status": "met", "year_status": "met", "judged_value": 31, "judged_value_basis": "period_span",
      "target_kind": "span_total", "period_years": 3, "period_years_reported": 3, "scorecard_bucket": "met"}),
    ("span_ended_not_met", "t_flow", "span", 2021, 2023, ">=", 30, {"t_flow": [(2021, 10), (2022, 10), (2023, 9)]},
     {"status": "not_met", "judged_value": 29, "gap_to_target": -1}),
    ("span_ended_year_missing", "t_flow", "span", 2021, 2023, ">=", 20, {"t_flow": [(2021, 10), (2023, 11)]},
     {"status": "no_data", "period_years_reported": 2}),
    # running span: the finished years' total against their pro-rata share of the target
    ("span_running_on_pace", "t_flow", "span", 2022, 2026, ">=", 50, {"t_flow": [(2022, 12), (2023, 10)]},
     {"status": "on_pace", "period_due_value": 20, "judged_value": 22, "period_years_finished": 2,
      "trajectory_status": None}),
    ("span_running_behind", "t_flow", "span", 2022, 2026, ">=", 50, {"t_flow": [(2022, 9), (2023, 10)]},
     {"status": "behind_pace", "scorecard_bucket": "off_track"}),
    ("span_not_started", "t_flow", "span", 2025, 2026, ">=", 50, {"t_flow": [(2023, 100)]},
     {"status": "not_due"}),
    # 到2024年新增 of a stock: its rise from the year before the span
    ("span_stock_rise", "t_stock", "span", 2022, 2023, ">=", 100,
     {"t_stock": [(2021, 1000), (2022, 1050), (2023, 1120)]}, {"status": "met", "judged_value": 120}),
    # 每年: every year of the span on its own
    ("per_year_all_met", "t_flow", "per_year", 2021, 2023, ">=", 10, {"t_flow": [(2021, 10), (2022, 12), (2023, 11)]},
     {"status": "met", "period_years_met": 3, "target_kind": "annual_flow"}),
    ("per_year_one_short", "t_flow", "per_year", 2021, 2023, ">=", 10, {"t_flow": [(2021, 10), (2022, 9), (2023, 20)]},
     {"status": "not_met", "period_years_met": 2}),
    ("per_year_running_on_pace", "t_flow", "per_year", 2022, 2026, ">=", 10, {"t_flow": [(2022, 12), (2023, 11)]},
     {"status": "on_pace"}),
    ("per_year_running_behind", "t_flow", "per_year", 2022, 2026, ">=", 10, {"t_flow": [(2022, 12), (2023, 8)]},
     {"status": "behind_pace"}),
]
# A target for an area inside the region (a park, a development zone): the region's figures never judge it.
AREA_CASES = [
    ("area_not_judged_by_region", "area", {"status": "no_data", "actual_value": None}),
    ("region_judged", "region", {"status": "met", "actual_value": 20}),
]


def _region(n: int) -> str:
    return f"99{n:04d}"


def _targets_and_actuals():
    targets, actuals = [], []
    for n, (case, indicator, year, operator, value, series, _) in enumerate(CASES, start=1):
        targets.append({**BASE_TARGET, "target_key": case, "region_code": _region(n), "indicator_code": indicator,
                        "year": year, "target_operator": operator, "target_value": value,
                        "target_kind": progress_cases.target_kind(indicator)})  # fmt: skip
        for series_indicator, rows in series.items():
            for actual_year, quarter, actual, ytd in rows:
                actuals.append({"actual_key": f"{case}|{series_indicator}|{actual_year}|{quarter}",
                                "region_code": _region(n), "indicator_code": series_indicator, "year": actual_year,
                                "quarter": quarter, "value": actual, "ytd_value": ytd, "source_type": "document",
                                "is_synthetic": False})  # fmt: skip
    tiers_region = _region(90)
    for case, tier, value, _ in TIER_CASES:
        targets.append({**BASE_TARGET, "target_key": case, "region_code": tiers_region, "indicator_code": "t_growth",
                        "year": 2023, "target_tier": tier, "target_operator": "=", "target_value": value,
                        "target_kind": "growth_rate"})  # fmt: skip
    actuals.append({"actual_key": "tiers", "region_code": tiers_region, "indicator_code": "t_growth", "year": 2023,
                    "value": 14, "ytd_value": 14})  # fmt: skip
    targets.append({**BASE_TARGET, "target_key": "no_value", "region_code": _region(91), "indicator_code": "t_flow",
                    "year": 2023, "value_status": "no_value"})  # fmt: skip
    # a later plan restates the first case's target: the scorecard judges by the later plan
    targets.append({**BASE_TARGET, "plan_id": "case_plan_later", "target_key": "restated", "region_code": _region(1),
                    "indicator_code": "t_flow", "year": 2023, "target_operator": ">", "target_value": 10,
                    "target_kind": "annual_flow"})  # fmt: skip
    targets += _reconciliation_targets()
    for n, (case, indicator, period, start, end, operator, value, series, _) in enumerate(PERIOD_CASES, start=100):
        targets.append({**BASE_TARGET, "target_key": case, "region_code": _region(n), "indicator_code": indicator,
                        "year": end, "target_operator": operator, "target_value": value, "target_period": period,
                        "period_start_year": start, "period_end_year": end,
                        "target_kind": "span_total" if period == "span" else progress_cases.target_kind(indicator)})  # fmt: skip
        actuals += [{"actual_key": f"{case}|{code}|{year}", "region_code": _region(n), "indicator_code": code,
                     "year": year, "value": actual, "ytd_value": actual, "source_type": "document", "is_synthetic": False}
                    for code, rows in series.items() for year, actual in rows]  # fmt: skip
    for n, (case, scope, _) in enumerate(AREA_CASES, start=150):
        targets.append({**BASE_TARGET, "target_key": case, "region_code": _region(n), "indicator_code": "t_flow",
                        "year": 2023, "target_operator": ">=", "target_value": 15, "target_kind": "annual_flow",
                        "scope": scope, "area_code": "case_park" if scope == "area" else None})  # fmt: skip
        actuals.append({"actual_key": f"{case}|t_flow", "region_code": _region(n), "indicator_code": "t_flow",
                        "year": 2023, "value": 20, "ytd_value": 20, "source_type": "document", "is_synthetic": False})  # fmt: skip
    actuals += [
        {"actual_key": f"parent_actual|{code}", "region_code": _region(95), "indicator_code": code, "year": 2023,
         "value": value, "ytd_value": value}
        for code, value in (("t_parent", 100), ("t_child_a", 50), ("t_child_b", 50))
    ]  # fmt: skip
    return targets, actuals


def _reconciliation_targets():
    regions = {92: {"t_parent": 100, "t_child_a": 60, "t_child_b": 41},  # off by 1 > 0.1 % of 100
               93: {"t_parent": 100, "t_child_a": 60, "t_child_b": 40.05},  # off by 0.05: within tolerance
               94: {"t_parent": 100, "t_child_a": 60}}  # fmt: skip
    return [
        {**BASE_TARGET, "target_key": f"sum_{n}_{code}", "region_code": _region(n), "indicator_code": code,
         "year": 2023, "target_operator": "=", "target_value": value, "target_kind": "annual_flow"}
        for n, figures in regions.items() for code, value in figures.items()
    ]  # fmt: skip


LEAD, OTHER = "ningbo_eitb", "ningbo_drc"  # departments of the reference data
BRIDGE = [
    *[(key, LEAD, "lead") for key in ("gt_at_boundary", "restated", "gt_above", "no_data", "no_value",
                                      "tier_base", "tier_stretch", "flow_on_pace", "flow_behind_pace")],
    ("eq_short", LEAD, "co"),
    ("eq_short", OTHER, "lead"),
]  # fmt: skip


@pytest.fixture(scope="module")
def cases(built, tmp_path_factory) -> duckdb.DuckDBPyConnection:
    targets, actuals = _targets_and_actuals()
    bridge = [{"target_key": k, "department_code": d, "department_role": r} for k, d, r in BRIDGE]
    source = built.work_dir / "warehouse" / "plantrack.duckdb"
    warehouse = progress_cases.build(source, tmp_path_factory.mktemp("cases"), targets, actuals, bridge)
    conn = duckdb.connect(str(warehouse), read_only=True)
    yield conn
    conn.close()


def _row(conn, target_key: str) -> dict:
    cursor = conn.execute("select * from marts.mart_progress where target_key = ?", [target_key])
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    assert len(rows) == 1, f"{target_key}: {len(rows)} rows"
    return dict(zip(names, rows[0]))


def _assert_columns(row: dict, expected: dict) -> None:
    for column, value in expected.items():
        if isinstance(value, float | int) and not isinstance(value, bool):
            assert row[column] == pytest.approx(value, abs=1e-9), (column, row)
        else:
            assert row[column] == value, (column, row[column], value)


@pytest.mark.parametrize("case,expected", [(c[0], c[-1]) for c in CASES] + [(c[0], c[-1]) for c in TIER_CASES])
def test_status(cases, case, expected):
    _assert_columns(_row(cases, case), expected)


@pytest.mark.parametrize("case,expected", [(c[0], c[-1]) for c in PERIOD_CASES + AREA_CASES])
def test_period_and_area_status(cases, case, expected):
    _assert_columns(_row(cases, case), expected)


def test_no_target_value(cases):
    _assert_columns(_row(cases, "no_value"), {"status": "no_target_value", "scorecard_bucket": "not_assessed",
                                              "trajectory_status": None})  # fmt: skip


def test_trajectory_numbers_are_the_statistics_canada_and_un_sdg_ones(cases):
    row = _row(cases, "on_track")
    required = (2 ** (1 / 5) - 1) * 100  # 100 → 200 over 2021-2026
    observed = (1.32 ** (1 / 2) - 1) * 100  # 100 → 132 over 2021-2023
    projected = 132 * (1 + observed / 100) ** 3  # carried on to 2026
    _assert_columns(row, {
        "baseline_year": 2021, "baseline_value": 100, "latest_actual_year": 2023, "latest_actual_value": 132,
        "required_growth": required, "observed_growth": observed, "growth_ratio": observed / required,
        "projected_value": projected, "projection_score": (projected - 100) / (200 - 100)})  # fmt: skip
    assert 14.86 < required < 14.88 and 14.88 < observed < 14.90  # the figures worked by hand


def test_scorecard_counts_each_indicator_once(cases):
    cursor = cases.execute(
        "select * from marts.mart_department_scorecard where department_code in (?, ?) order by department_code, year",
        [LEAD, OTHER],
    )
    names = [d[0] for d in cursor.description]
    rows = {(r[names.index("department_code")], r[names.index("year")]): dict(zip(names, r)) for r in cursor.fetchall()}
    # 2023 led: restated by the later plan (met), gt_above (met), no_data, no_value, the tiers (base: met)
    _assert_columns(rows[(LEAD, 2023)], {"indicators_led": 5, "led_met": 3, "led_off_track": 0, "led_no_data": 1,
                                         "led_not_assessed": 1, "indicators_co_led": 1, "co_off_track": 1})  # fmt: skip
    _assert_columns(rows[(LEAD, 2024)], {"indicators_led": 2, "led_on_track": 1, "led_off_track": 1,
                                         "led_share_met_or_on_track": 0.5})  # fmt: skip
    _assert_columns(rows[(OTHER, 2023)], {"indicators_led": 1, "led_off_track": 1, "indicators_co_led": 0})


@pytest.mark.parametrize("region,figure_type,expected", [
    (92, "target", {"reconciliation_status": "does_not_reconcile", "difference": -1, "tolerance": 0.1}),
    (93, "target", {"reconciliation_status": "reconciles"}),
    (94, "target", {"reconciliation_status": "incomplete", "children_present": 1, "children_expected": 2}),
    (95, "actual", {"reconciliation_status": "reconciles", "children_sum": 100}),
])  # fmt: skip
def test_reconciliation_of_an_additive_parent(cases, region, figure_type, expected):
    cursor = cases.execute(
        "select * from marts.mart_reconciliation where region_code = ? and figure_type = ?", [_region(region), figure_type]
    )
    names = [d[0] for d in cursor.description]
    (row,) = cursor.fetchall()
    _assert_columns(dict(zip(names, row)), expected)

