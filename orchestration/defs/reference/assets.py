"""Raw layer: the curated tables of `data/` and the source documents, loaded as written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dagster import AssetKey, AssetsDefinition, MaterializeResult, MetadataValue, asset
from dagster_duckdb import DuckDBResource

from orchestration.defs.reference.curated import CURATED_TABLES, CuratedTable, file_checksum, read_curated, read_source_lines
from orchestration.settings import load_settings
from orchestration.defs.warehouse.transaction import transaction

if TYPE_CHECKING:  # pandas costs ~2 s to import: not at code-location load
    import pandas as pd

RAW_SCHEMA = "raw"


def replace_table(conn, name: str, frame: pd.DataFrame) -> None:
    """Swap a raw table for new contents in one transaction: a failed load leaves the old one."""
    conn.execute(f"create schema if not exists {RAW_SCHEMA}")
    with transaction(conn, incoming=frame):
        conn.execute(f"create or replace table {RAW_SCHEMA}.{name} as select * from incoming")


def _loaded(frame: pd.DataFrame, **extra) -> MaterializeResult:
    return MaterializeResult(
        metadata={
            "dagster/row_count": len(frame),
            "preview": MetadataValue.md(frame.head(10).to_markdown(index=False)),
            **extra,
        }
    )


def _curated_asset(table: CuratedTable) -> AssetsDefinition:
    @asset(
        key=AssetKey([RAW_SCHEMA, table.name]),
        group_name="reference",
        description=f"{table.description}\n\nLoaded from `data/{table.path}`.",
        kinds={"duckdb", "csv"},
    )
    def _load(warehouse: DuckDBResource) -> MaterializeResult:
        settings = load_settings()
        frame = read_curated(table, settings.data_dir)
        with warehouse.get_connection() as conn:
            replace_table(conn, table.name, frame)
        path = settings.data_dir / table.path
        return _loaded(frame, source_file=str(path), sha256=file_checksum(path))

    return _load


@asset(
    key=AssetKey([RAW_SCHEMA, "source_lines"]),
    group_name="reference",
    description="Every line of the source documents in `data/sources/`, to trace each figure to its text.",
    kinds={"duckdb"},
)
def source_lines(warehouse: DuckDBResource) -> MaterializeResult:
    frame = read_source_lines(load_settings().data_dir / "sources")
    with warehouse.get_connection() as conn:
        replace_table(conn, "source_lines", frame)
    return _loaded(frame, documents=frame["seed_file"].nunique())


raw_assets = [_curated_asset(t) for t in CURATED_TABLES] + [source_lines]
