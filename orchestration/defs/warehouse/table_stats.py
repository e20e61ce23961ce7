"""Row count, column types and a Markdown preview of a warehouse table, for the Dagster UI."""

from __future__ import annotations

from dagster import MetadataValue, TableColumn, TableSchema

PREVIEW_ROWS = 10


def table_metadata(conn, relation: str, described: TableSchema | None = None) -> dict:
    """`dagster/row_count`, `dagster/column_schema` (types from DuckDB, descriptions from the
    definition, e.g. the dbt YAML) and the first rows as a Markdown table."""
    count = conn.execute(f"select count(*) from {relation}").fetchone()[0]
    descriptions = {c.name: c.description for c in described.columns} if described else {}
    columns = [
        TableColumn(name=name, type=str(kind), description=descriptions.get(name))
        for name, kind, *_ in conn.execute(f"describe {relation}").fetchall()
    ]
    frame = conn.execute(f"select * from {relation} limit {PREVIEW_ROWS}").df()
    return {
        "dagster/row_count": count,
        "dagster/column_schema": TableSchema(columns=columns),
        "preview": MetadataValue.md(frame.to_markdown(index=False)),
    }
