"""The suite files: every expectation has a severity, every suite guards an asset of the graph."""

from __future__ import annotations

import json

from dagster import AssetKey

from orchestration.checks.gx_suites import load_suite_files
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
    assert {s.name for s in suites} >= {"raw_plans", "raw_plan_targets", "raw_plan_actuals", "raw_submissions", "fct_target",
                                         "fct_actual", "mart_progress", "mart_department_scorecard", "mart_reconciliation"}  # fmt: skip
    published = graph.get(AssetKey(["published", "plantrack"]))
    for suite in suites:
        assert AssetKey(suite.asset_key) in keys, suite.name
        assert checks[f"gx_{suite.name}"].blocking, suite.name
        # a blocking check stops only the direct downstream assets: publishing must be one of them
        assert AssetKey(suite.asset_key) in published.parent_keys, suite.name


def test_submissions_are_validated_per_batch():
    (suite,) = [s for s in load_suite_files() if s.name == "raw_submissions"]
    assert suite.asset_key == ["raw", "submission_values"]
    assert "group by l.submission_id" in suite.sql and suite.row_label == "row_label"
