"""The approval tables as Dagster assets (raw/approval_events, raw/approval_locks), so the dbt models
that read them build after they exist; `plantrack approve` / `reopen` write them."""

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset
from dagster_duckdb import DuckDBResource

from orchestration.defs.approval.locks import ensure_tables
from orchestration.defs.warehouse.table_stats import table_metadata

RAW_TABLES = {
    "approval_events": "Approval audit trail (`plantrack approve` / `reopen`): action, region × quarter, who, when, why.",
    "approval_locks": "Region × quarters approved now: locked, a new or revised file for them is quarantined.",
}


@multi_asset(
    name="approvals",
    specs=[AssetSpec(["raw", t], description=d, group_name="raw", kinds={"duckdb"}) for t, d in RAW_TABLES.items()],
    description="Approvals of region × quarters by the statistics office (docs/monitoring.md); written by the CLI.",
)
def approvals(context: AssetExecutionContext, warehouse: DuckDBResource):
    with warehouse.get_connection() as conn:
        ensure_tables(conn)
        stats = {t: table_metadata(conn, f"raw.{t}") for t in RAW_TABLES}
    for table in RAW_TABLES:
        yield MaterializeResult(asset_key=AssetKey(["raw", table]), metadata=stats[table])
