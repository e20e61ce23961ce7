"""Table and column descriptions inside the published file, for BI tools that show them.

Superset, Metabase, DBeaver and `inspect(engine).get_columns(...)` read a table's and a column's
description from the database's own comments (`COMMENT ON`), not from docs/bi.md. The text is the
same one home as docs/bi.md: the dbt YAML of the published models, and `NON_DBT_TABLES` for the
tables publishing writes itself. Written into every publish (a patched file replaces tables, and a
replaced table loses its comments), after the tables, before the file is swapped in.
"""

from __future__ import annotations

from orchestration.sql import identifier, literal


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def descriptions() -> dict[str, tuple[str, dict[str, str]]]:
    """table -> (its description, column -> description), from the dbt YAML and NON_DBT_TABLES."""
    from orchestration.defs.publishing.bi_docs import NON_DBT_TABLES, dbt_models

    found = {}
    for name, model in {**dbt_models(), **NON_DBT_TABLES}.items():
        columns = {c["name"]: _text(c.get("description")) for c in model.get("columns", []) if c.get("description")}
        found[name] = (_text(model.get("description")), columns)
    return found


def write_comments(conn, database: str = "publishing") -> int:
    """COMMENT ON every table and documented column of `database` (attached on `conn`); returns how
    many comments were written. A documented column the table lacks is skipped (docs/bi.md's test
    names it)."""
    present: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "select table_name, column_name from duckdb_columns() where database_name = ? and schema_name = 'main'", [database]
    ).fetchall():
        present.setdefault(table, set()).add(column)
    written = 0
    for table, (about, columns) in descriptions().items():
        if table not in present:
            continue
        qualified = f"{identifier(database)}.main.{identifier(table)}"
        if about:
            conn.execute(f"comment on table {qualified} is {literal(about)}")
            written += 1
        for column, text in columns.items():
            if column in present[table]:
                conn.execute(f"comment on column {qualified}.{identifier(column)} is {literal(text)}")
                written += 1
    return written
