"""The published file BI tools open: written only when the quality gate upstream has passed."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset
from dagster_duckdb import DuckDBResource

from orchestration.defs.quality.gx_suites import load_suite_files
from orchestration.defs.publishing.diff import markdown as diff_markdown
from orchestration.defs.publishing.publish import PUBLISHED_TABLES, publish
from orchestration.settings import load_settings

# Every asset a quality suite guards is upstream, so each blocking check stops publishing.
GUARDED = {tuple(s.asset_key) for s in load_suite_files()} - {(schema, t) for t, schema in PUBLISHED_TABLES.items()}


@asset(
    key=AssetKey(["published", "plantrack"]),
    group_name="published",
    deps=[AssetKey([schema, table]) for table, schema in PUBLISHED_TABLES.items()] + [AssetKey(list(k)) for k in sorted(GUARDED)],
    description=(
        "The DuckDB file for BI tools (default `data/published/plantrack.duckdb`, env "
        "PLANTRACK_PUBLISHED): dims, facts, marts and their labelled views, `dq_issues` (warnings of "
        "the quality gate) and `publish_log`; replaced atomically, DuckDB 1.x storage format, the "
        "previous versions kept in `versions/`. Blocking quality checks upstream keep a failing "
        "build from reaching it."
    ),
    kinds={"duckdb"},
)
def published_file(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    settings = load_settings()
    with warehouse.get_connection() as conn:
        log = publish(conn, settings.published_path, run_id=context.run_id)
    counts = log["row_counts"]
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(settings.published_path)),
            "version": log["version"],
            "row_counts": MetadataValue.json(counts),
            "dagster/row_count": sum(counts.values()),
            "dq_issues": log["dq_issues"],
            "suites_passed": MetadataValue.json(log["suites_passed"]),
            "suites_warned": MetadataValue.json(log["suites_warned"]),
            "submissions_held": MetadataValue.json(log["submissions_held"]),
            "publish_mode": log["publish_mode"],
            "diff": MetadataValue.md(diff_markdown(log["diff"])),
            "exports": MetadataValue.path(log["exports"]),
            "data_docs": MetadataValue.path(str(settings.gx_docs_dir / "index.html")),
        }
    )
