"""Row count, column types and a Markdown preview of a warehouse table, for the Dagster UI."""

from __future__ import annotations

from dagster import MetadataValue, TableColumn, TableSchema

from orchestration.sql import identifier

PREVIEW_ROWS = 10


def _relation(relation: str) -> str:
    """`schema.table` quoted part by part."""
    return ".".join(identifier(part) for part in relation.split("."))


def preview_metadata(conn, relation: str, count: bool = True) -> dict:
    """The first rows as a Markdown table, and `dagster/row_count` when `count`."""
    quoted = _relation(relation)
    frame = conn.execute(f"select * from {quoted} limit {PREVIEW_ROWS}").df()
    metadata: dict = {"preview": MetadataValue.md(frame.to_markdown(index=False))}
    if count:
        metadata["dagster/row_count"] = conn.execute(f"select count(*) from {quoted}").fetchone()[0]
    return metadata


def table_metadata(conn, relation: str, described: TableSchema | None = None) -> dict:
    """`dagster/row_count`, `dagster/column_schema` (types from DuckDB, descriptions from the
    definition) and the first rows as a Markdown table: for tables dbt did not build."""
    descriptions = {c.name: c.description for c in described.columns} if described else {}
    columns = [
        TableColumn(name=name, type=str(kind), description=descriptions.get(name))
        for name, kind, *_ in conn.execute(f"describe {_relation(relation)}").fetchall()
    ]
    return {**preview_metadata(conn, relation), "dagster/column_schema": TableSchema(columns=columns)}
