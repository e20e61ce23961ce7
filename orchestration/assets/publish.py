"""The published file BI tools open: written only when the quality gate upstream has passed."""

from __future__ import annotations

from dagster import AssetKey, MaterializeResult, MetadataValue, asset
from dagster_duckdb import DuckDBResource

from orchestration.publishing import PUBLISHED_TABLES, publish
from orchestration.settings import load_settings


@asset(
    key=AssetKey(["published", "plantrack"]),
    group_name="published",
    deps=[AssetKey([schema, table]) for table, schema in PUBLISHED_TABLES.items()],
    description=(
        "The DuckDB file for BI tools (default `data/published/plantrack.duckdb`, env "
        "PLANTRACK_PUBLISHED): dims, facts and marts, replaced atomically, DuckDB 1.x storage format. "
        "Blocking quality checks upstream keep a failing build from reaching it."
    ),
    kinds={"duckdb"},
)
def published_file(warehouse: DuckDBResource) -> MaterializeResult:
    path = load_settings().published_path
    with warehouse.get_connection() as conn:
        counts = publish(conn, path)
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(path)),
            "row_counts": MetadataValue.json(counts),
            "dagster/row_count": sum(counts.values()),
        }
    )
