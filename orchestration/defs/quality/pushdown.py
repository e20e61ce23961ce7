"""Which rows can fail a suite: each expectation's "unexpected" rule, written as SQL.

The gate validates real columns with Great Expectations' own expectations (ranges, sets, row
conditions, uniqueness, column pairs), which Data Docs show as they are. A large table must
never travel whole into pandas, so the suite's SQL is narrowed in DuckDB to the rows that at
least one expectation would count as unexpected, by the same rule GX applies (nulls are
skipped by column-map expectations; a row condition limits the rows; `!=` and `not in` hold
for a null as they do in pandas). Healthy rows never leave the database; GX still judges every
row it receives, so a narrowing that let a bad row slip would also be visible in a test that
validates the whole frame (tests/test_quality_pushdown.py compares both, expectation by
expectation). A suite holding an expectation this module cannot translate is validated whole.
"""

from __future__ import annotations

from orchestration.sql import identifier, literal


class NotTranslatable(Exception):
    """An expectation (or row condition) without a SQL rule here: validate the whole frame."""


def _value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return literal(value)
    raise NotTranslatable(f"value {value!r}")


def _resolve(value, parameters: dict):
    if isinstance(value, dict) and "$PARAMETER" in value:
        return parameters[value["$PARAMETER"]]
    return value


def _in_list(values) -> str:
    values = list(values)
    return ", ".join(_value(v) for v in values) if values else "null"


def condition_sql(condition) -> str:
    """A GX row condition (its dict form) as a SQL predicate; None means every row."""
    if condition is None:
        return "true"
    if isinstance(condition, str) or not isinstance(condition, dict):
        raise NotTranslatable(f"row condition {condition!r}: use the structured form (gx Column(...) == ...)")
    kind = condition.get("type")
    if kind in ("and", "or"):
        return "(" + f" {kind} ".join(condition_sql(c) for c in condition["conditions"]) + ")"
    column = identifier(condition["column"]["name"])
    if kind == "nullity":
        return f"{column} is {'' if condition['is_null'] else 'not '}null"
    if kind == "comparison":
        op, parameter = condition["operator"], condition["parameter"]
        if op == "==":
            return f"coalesce({column} = {_value(parameter)}, false)"
        if op == "!=":
            return f"({column} is distinct from {_value(parameter)})"
        if op in ("<", "<=", ">", ">="):
            return f"coalesce({column} {op} {_value(parameter)}, false)"
        if op == "IN":
            return f"coalesce({column} in ({_in_list(parameter)}), false)"
        if op == "NOT_IN":
            return f"coalesce({column} not in ({_in_list(parameter)}), true)"
    raise NotTranslatable(f"row condition {condition!r}")


def _pair_ignored(kwargs: dict, a: str, b: str, default: str) -> str:
    rule = kwargs.get("ignore_row_if", default)
    if rule == "both_values_are_missing":
        return f"({a} is null and {b} is null)"
    if rule == "either_value_is_missing":
        return f"({a} is null or {b} is null)"
    if rule == "neither":
        return "false"
    raise NotTranslatable(f"ignore_row_if {rule!r}")


def unexpected_sql(expectation: dict, parameters: dict, window_columns: list[str]) -> str:
    """SQL that is true for a row this expectation counts as unexpected. Uniqueness needs a count
    over the whole frame: its window expression is appended to `window_columns` (as `__n<i>`) and
    the predicate refers to it."""
    kind, kwargs = expectation["type"], expectation["kwargs"]
    where = condition_sql(kwargs.get("row_condition"))
    column = identifier(kwargs["column"]) if "column" in kwargs else None
    if kind == "expect_column_values_to_not_be_null":
        rule = f"{column} is null"
    elif kind == "expect_column_values_to_be_null":
        rule = f"{column} is not null"
    elif kind == "expect_column_values_to_be_in_set":
        rule = f"{column} is not null and {column} not in ({_in_list(_resolve(kwargs['value_set'], parameters))})"
    elif kind == "expect_column_values_to_not_be_in_set":
        rule = f"{column} is not null and {column} in ({_in_list(_resolve(kwargs['value_set'], parameters))})"
    elif kind == "expect_column_values_to_be_between":
        low, high = _resolve(kwargs.get("min_value"), parameters), _resolve(kwargs.get("max_value"), parameters)
        bounds = []
        if low is not None:
            bounds.append(f"{column} {'>' if kwargs.get('strict_min') else '>='} {_value(low)}")
        if high is not None:
            bounds.append(f"{column} {'<' if kwargs.get('strict_max') else '<='} {_value(high)}")
        rule = f"{column} is not null and not ({' and '.join(bounds) or 'true'})"
    elif kind == "expect_column_values_to_match_regex":
        rule = f"{column} is not null and not regexp_matches({column}, {literal(kwargs['regex'])})"
    elif kind in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"):
        columns = [kwargs["column"]] if column else kwargs["column_list"]
        quoted = ", ".join(identifier(c) for c in columns)
        name = f"__n{len(window_columns)}"
        # GX counts duplicates among the rows its condition keeps; rows it skips (nulls) do not count
        skipped = " and ".join(f"{identifier(c)} is null" for c in columns)
        window_columns.append(f"count(*) filter (where {where} and not ({skipped})) over (partition by {quoted}) as {name}")
        rule = f"not ({skipped}) and {name} > 1"
    elif kind == "expect_column_pair_values_to_be_equal":
        a, b = identifier(kwargs["column_A"]), identifier(kwargs["column_B"])
        rule = f"not {_pair_ignored(kwargs, a, b, 'both_values_are_missing')} and ({a} is distinct from {b})"
    elif kind == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = identifier(kwargs["column_A"]), identifier(kwargs["column_B"])
        op = ">=" if kwargs.get("or_equal") else ">"
        rule = f"not {_pair_ignored(kwargs, a, b, 'both_values_are_missing')} and not coalesce({a} {op} {b}, false)"
    else:
        raise NotTranslatable(kind)
    return f"({where} and {rule})"


def narrowed_sql(sql: str, expectations: list[dict], parameters: dict) -> str:
    """The suite's SQL narrowed to the rows some expectation would count as unexpected; the SQL
    unchanged when an expectation cannot be translated (then every row is validated)."""
    windows: list[str] = []
    try:
        rules = [unexpected_sql(e, parameters, windows) for e in expectations]
    except NotTranslatable:
        return sql
    if not rules:
        return sql
    extra = "".join(f", {w}" for w in windows)
    hidden = f" exclude ({', '.join(f'__n{i}' for i in range(len(windows)))})" if windows else ""
    return f"select *{hidden} from (select *{extra} from ({sql}) as suite_rows) as counted\nwhere {' or '.join(rules)}"
