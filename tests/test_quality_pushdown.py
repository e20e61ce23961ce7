"""The gate sends Great Expectations only the rows some expectation would reject (quality/pushdown.py).

That narrowing is safe only if it agrees with GX's own rules row for row: every expectation must
find exactly as many unexpected rows in the narrowed frame as in the whole one. Both frames are
validated by real GX here, on edge cases (nulls under `!=`, pairs with a missing side, duplicate
keys with nulls, bounds) and on every suite of the project against the built warehouse."""

from __future__ import annotations


import duckdb
import pandas as pd
import pytest

from orchestration.defs.quality.gx_suites import SuiteFile, load_suite_files, validate_frame


def C(name, op, parameter):
    return {"type": "comparison", "column": {"name": name}, "operator": op, "parameter": parameter}


EDGE_ROWS = pd.DataFrame(
    {
        "row_label": ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"],
        "key": ["a", "b", "b", None, None, "c", "d", "e"],
        "kind": ["share", "share", None, "count", "count", "count", "share", None],
        "unit": ["%", "%", "个", "个", None, "亿元", "个", None],
        "expected_unit": ["%", "个", "个", None, None, "亿元", "%", "个"],
        "value": [50.0, 150.0, -1.0, None, 3.0, 0.0, 100.0, -5.0],
        "previous": [40.0, 200.0, None, 1.0, None, 0.0, 120.0, -6.0],
        "text": ["2024-01-02", "2024/01/02", "", None, "2024-13-01", "x", "2024-01-02", ""],
    }
)

EDGE_EXPECTATIONS = [
    ("expect_column_values_to_be_between", {"column": "value", "min_value": 0, "max_value": 100}),
    ("expect_column_values_to_be_between", {"column": "value", "min_value": 0, "strict_min": True}),
    ("expect_column_values_to_be_between", {"column": "value", "max_value": 100, "row_condition": C("kind", "==", "share")}),
    ("expect_column_values_to_be_between", {"column": "value", "min_value": 0, "row_condition": C("kind", "!=", "share")}),
    ("expect_column_values_to_be_between", {"column": "value", "min_value": 0, "row_condition": C("kind", "NOT_IN", ["share"])}),
    ("expect_column_values_to_be_in_set", {"column": "unit", "value_set": ["%", "个"]}),
    ("expect_column_values_to_be_in_set", {"column": "unit", "value_set": {"$PARAMETER": "units"}}),
    ("expect_column_values_to_not_be_in_set", {"column": "kind", "value_set": ["count"]}),
    ("expect_column_values_to_not_be_null", {"column": "value"}),
    ("expect_column_values_to_not_be_null", {"column": "unit", "row_condition": C("kind", "IN", ["share", "count"])}),
    (
        "expect_column_values_to_match_regex",
        {"column": "text", "regex": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "row_condition": C("text", "!=", "")},
    ),
    ("expect_column_values_to_be_unique", {"column": "key"}),
    ("expect_compound_columns_to_be_unique", {"column_list": ["key", "kind"]}),
    ("expect_column_pair_values_to_be_equal", {"column_A": "unit", "column_B": "expected_unit"}),
    (
        "expect_column_pair_values_to_be_equal",
        {"column_A": "unit", "column_B": "expected_unit", "ignore_row_if": "either_value_is_missing"},
    ),
    (
        "expect_column_pair_values_a_to_be_greater_than_b",
        {"column_A": "value", "column_B": "previous", "or_equal": True, "ignore_row_if": "either_value_is_missing"},
    ),
    (
        "expect_column_pair_values_a_to_be_greater_than_b",
        {"column_A": "value", "column_B": "previous", "ignore_row_if": "either_value_is_missing"},
    ),
]


def _suite(name: str, sql: str, expectations: list[dict], parameters=()) -> SuiteFile:
    body = {"name": name, "meta": {}, "expectations": expectations}
    return SuiteFile(
        name=name,
        asset_key=["x"],
        sql=sql,
        description="",
        body=body,
        additional_deps=[],
        row_label="row_label",
        parameters=tuple(parameters),
    )


def _unexpected(suite: SuiteFile, frame: pd.DataFrame, parameters: dict, docs) -> list[tuple]:
    validation = validate_frame(suite, frame, docs, parameters)
    return [
        (o.expectation, o.column, o.success, o.unexpected_count, sorted(label or "" for label, _ in o.unexpected_rows))
        for o in validation.outcomes
    ]


def _assert_narrowing_agrees(conn, suite: SuiteFile, parameters: dict, docs) -> pd.DataFrame:
    whole = conn.execute(suite.sql).df()
    narrowed = conn.execute(suite.validation_sql(parameters)).df()
    assert len(narrowed) <= len(whole)
    assert _unexpected(suite, narrowed, parameters, docs) == _unexpected(suite, whole, parameters, docs), suite.name
    return narrowed


@pytest.mark.parametrize("expectation", EDGE_EXPECTATIONS, ids=lambda e: f"{e[0]}:{sorted(e[1])}")
def test_the_narrowed_rows_fail_exactly_as_the_whole_frame_does(expectation, tmp_path):
    kind, kwargs = expectation
    suite = _suite("edge", "select * from edge_rows", [{"type": kind, "kwargs": kwargs, "severity": "critical", "meta": {}}])
    conn = duckdb.connect()
    conn.register("edge_rows", EDGE_ROWS)
    narrowed = _assert_narrowing_agrees(conn, suite, {"units": ["%", "亿元"]}, tmp_path / "docs")
    assert len(narrowed) < len(EDGE_ROWS)  # the narrowing did narrow: healthy rows stay in DuckDB


def test_a_suite_with_an_untranslatable_expectation_is_validated_whole():
    expectations = [{"type": "expect_column_mean_to_be_between", "kwargs": {"column": "value", "min_value": 0}}]
    suite = _suite("whole", "select * from edge_rows", expectations)
    assert suite.validation_sql({}) == suite.sql


def test_every_suite_of_the_project_narrows_without_losing_a_failure(warehouse_copy, tmp_path):
    """Bad rows in several suites' tables at once; each suite finds the same failures either way."""
    conn = warehouse_copy
    conn.execute(
        "update raw.plans set horizon_end = '2000', issued_date = '2024/3/1' where plan_id = (select min(plan_id) from raw.plans)"
    )
    conn.execute("insert into raw.unpublished_keys values ('x', '330200', 2025, 3, now()::timestamp)")
    conn.executemany(
        """insert into core.int_submitted_actuals (region_code, indicator_code, year, quarter, value, ytd_value, value_status, unit)
           values ('330200', ?, 2025, ?, ?, ?, 'complete', ?)""",
        [
            ("ic_revenue", 1, 100.0, 100.0, "亿元"),
            ("ic_revenue", 2, -20.0, 80.0, "亿元"),
            ("ic_revenue", 3, 10.0, 90.0, "万元"),
            ("dex_core_value_added_share_gdp", 1, 130.0, 130.0, "%"),
        ],
    )
    suites = [s for s in load_suite_files() if s.batch_column is None]
    failing = set()
    for suite in suites:
        parameters = suite.parameter_values(conn)
        narrowed = _assert_narrowing_agrees(conn, suite, parameters, tmp_path / "docs")
        if len(narrowed):
            failing.add(suite.name)
    assert {"raw_plans", "fct_actual"} <= failing
