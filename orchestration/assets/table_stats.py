"""Row count and a Markdown preview of a warehouse table, for the asset's page in the Dagster UI."""

from __future__ import annotations

from dagster import MetadataValue

PREVIEW_ROWS = 10


def table_metadata(conn, relation: str) -> dict:
    """`dagster/row_count` (shown in the asset graph) and the first rows as a Markdown table."""
    count = conn.execute(f"select count(*) from {relation}").fetchone()[0]
    frame = conn.execute(f"select * from {relation} limit {PREVIEW_ROWS}").df()
    return {"dagster/row_count": count, "preview": MetadataValue.md(frame.to_markdown(index=False))}
