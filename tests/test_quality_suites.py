"""The suite files: every expectation has a severity, every suite guards an asset of the graph."""

from __future__ import annotations

import json

from dagster import AssetKey

from orchestration.defs.quality.gx_suites import load_suite_files, validate_frame
from orchestration.definitions import defs
from orchestration.settings import EXPECTATIONS_DIR


def test_every_expectation_has_a_severity_and_a_description():
    for path in EXPECTATIONS_DIR.glob("*.json"):
        body = json.loads(path.read_text(encoding="utf-8"))
        assert body["name"] == path.stem
        for expectation in body["expectations"]:
            assert expectation["severity"] in ("critical", "warning"), (path.name, expectation)
            assert expectation["meta"]["description"], (path.name, expectation)


def test_every_enabled_suite_is_a_blocking_check_on_an_asset_of_the_graph():
    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    checks = {spec.key.name: spec for a in graph.assets_defs for spec in a.check_specs}
    suites = load_suite_files()
    assert {s.name for s in suites} >= {
        "raw_plans",
        "raw_plan_targets",
        "raw_plan_actuals",
        "raw_submissions",
        "fct_target",
        "fct_actual",
        "mart_progress",
        "mart_department_scorecard",
        "mart_reconciliation",
    }
    published = graph.get(AssetKey(["published", "plantrack"]))
    for suite in suites:
        assert AssetKey(suite.asset_key) in keys, suite.name
        assert checks[f"gx_{suite.name}"].blocking, suite.name
        # a blocking check stops only the direct downstream assets: publishing must be one of them
        assert AssetKey(suite.asset_key) in published.parent_keys, suite.name


def test_submissions_are_validated_per_batch():
    (suite,) = [s for s in load_suite_files() if s.name == "raw_submissions"]
    assert suite.asset_key == ["raw", "submission_values"]
    assert suite.batch_column == "submission_id" and suite.row_label == "row_label"


def _failures(conn, suite_name: str, docs, by: str = "column") -> dict[str, list[str]]:
    """Validate one suite with GX on the copy; failing columns with the labels of their rows."""
    (suite,) = [s for s in load_suite_files() if s.name == suite_name]
    parameters = suite.parameter_values(conn)
    validation = validate_frame(suite, conn.execute(suite.validation_sql(parameters)).df(), docs, parameters)
    return {getattr(o, by): [label for label, _ in o.unexpected_rows] for o in validation.outcomes if not o.success}


def test_the_submissions_suite_names_the_bad_batch(warehouse_copy, tmp_path):
    conn = warehouse_copy
    log = """insert into raw.submission_log (submission_id, file_name, department_code, region_code, year, quarter,
             version, status) values (?, ?, 'ningbo_eitb', '330200', 2024, 2, 1, 'accepted')"""
    conn.execute(log, ["good-v1", "good.csv"])
    conn.execute(log, ["bad-v1", "bad.csv"])
    values = "insert into raw.submission_values (submission_id, row_no, indicator_code, value_text, unit) values (?, ?, ?, ?, ?)"
    conn.executemany(
        values,
        [
            ["good-v1", 2, "ic_revenue", "250.5", "亿元"],
            ["good-v1", 3, "dex_core_value_added_share_gdp", "7.9", "%"],
            ["bad-v1", 2, "ic_revenue", "-3", "亿元"],
            ["bad-v1", 3, "dex_core_value_added_share_gdp", "150", "%"],
            ["bad-v1", 4, "no_such_indicator", "1", "个"],
            ["bad-v1", 5, "software_business_revenue", "3", "个"],  # a count where money is due: does not convert
        ],
    )
    conn.execute("insert into raw.submission_warnings values ('good-v1', 2, 'value', '250.5', 'below last quarter')")

    failures = _failures(conn, "raw_submissions", tmp_path / "docs", by="description")

    assert failures["shares in percent within 0-100 (dim_indicator.value_range: the one home of the rule)"] == [
        "bad-v1 bad.csv row 3"
    ]
    assert failures["counts and amounts non-negative (dim_indicator.value_range: the one home of the rule)"] == [
        "bad-v1 bad.csv row 2"
    ]
    assert failures["every row names a known indicator"] == ["bad-v1 bad.csv row 4"]
    assert failures[
        "every unit converts to the indicator's canonical unit (core.int_unit_conversions, the unit rule's one home)"
    ] == ["bad-v1 bad.csv row 5"]
    # a warning, named by its batch and row
    assert failures["the loader recorded no warning for the row (raw.submission_warnings)"] == ["good-v1 good.csv row 2"]
    assert len(failures) == 5
