"""Raw layer: departments' quarterly submissions, loaded from the landing folder per reporting quarter."""

from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    BackfillPolicy,
    Config,
    MaterializeResult,
    MetadataValue,
    multi_asset,
)
from dagster_duckdb import DuckDBResource

from orchestration.defs.warehouse.table_stats import table_metadata
from orchestration.defs.submissions.partitions import quarter_number, quarterly_partitions
from orchestration.settings import load_settings
from orchestration.defs.submissions.landing import files_for_partitions
from orchestration.defs.submissions.ledger import ensure_ledger, mark_dirty
from orchestration.defs.submissions.load import load_files

# What validation reads: names and codes, who leads which target, plan horizons, units.
REFERENCE_MODELS = [
    ("core", "fct_target"),
    ("core", "bridge_target_department"),
    ("core", "dim_indicator"),
    ("core", "dim_department"),
    ("core", "dim_region"),
    ("core", "int_name_keys"),
    ("staging", "stg_raw__units"),
    ("core", "int_unit_conversions"),
    ("staging", "stg_raw__plans"),
    ("staging", "stg_raw__plan_actuals"),
]


RAW_TABLES = {
    "submission_log": "One row per file received: accepted versions and rejected files (checksum, received time).",
    "submission_values": "The rows of accepted submissions, as written, with the resolved indicator code.",
    "submission_warnings": "Warnings on accepted submissions (not blocking).",
    "submission_rejections": "Every problem of every rejected file: file, row, column, value, reason.",
    "submission_checks": "The quality gate's verdict on each accepted version (passed, or held with the reason).",
    "submission_withdrawals": "Withdrawn versions (`plantrack withdraw`): who, when, why.",
    "dirty_keys": "Department × region × quarters changed since the last build: what the incremental models rebuild.",
}


class SubmissionsConfig(Config):
    """Which landing files a run loads: by default every file of the run's quarter(s); the landing
    sensor and `plantrack submit` name the files instead (the ones found complete, the ones submitted)."""

    files: list[str] | None = None


@multi_asset(
    name="submissions",
    specs=[
        AssetSpec(
            ["raw", table],
            description=text,
            group_name="raw",
            kinds={"duckdb", "csv", "excel"},
            deps=[AssetKey(list(k)) for k in REFERENCE_MODELS],
        )
        for table, text in RAW_TABLES.items()
    ],
    partitions_def=quarterly_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    description=(
        "Departments' quarterly statistics (docs/submissions.md), loaded from the landing folder: the "
        "files of the run's quarter(s) are validated in DuckDB and loaded in one transaction; rejected "
        "files go to quarantine/ with a report. Partition = reporting quarter (2023Q2): a run over "
        "chosen quarters (a backfill) also rebuilds those quarters' models from the raw tables; a run "
        "without partitions (the UI's Materialize, `plantrack run`) loads every file waiting in landing/."
    ),
)
def submissions(context: AssetExecutionContext, config: SubmissionsConfig, warehouse: DuckDBResource):
    settings = load_settings()
    all_keys = quarterly_partitions.get_partition_keys()
    keys = list(context.partition_keys) if context.has_partition_key_range else all_keys
    if config.files is None:
        files = files_for_partitions(settings, keys, all_keys)
    else:  # named by the sensor or `submit`; a file gone since was loaded by an earlier run
        files = [Path(f) for f in config.files if Path(f).is_file()]
    context.log.info(f"{len(files)} file(s) in {settings.landing_dir} for {keys[0]}…{keys[-1]}")
    with warehouse.get_connection() as conn:
        outcomes = load_files(conn, files, settings)
        # a run over chosen quarters (a backfill) rebuilds them; the sensor's and submit's runs name their
        # files, and only what those files change is rebuilt
        if context.has_partition_key_range and config.files is None:
            ensure_ledger(conn)
            mark_dirty(
                conn,
                "l.status = 'accepted' and l.year * 10 + l.quarter between ? and ?",
                f"partitions {keys[0]}…{keys[-1]}",
                [quarter_number(keys[0]), quarter_number(keys[-1])],
            )
    by_status = {s: [o for o in outcomes if o.status == s] for s in ("accepted", "duplicate", "rejected")}
    for outcome in by_status["rejected"]:
        context.log.warning(f"rejected {outcome.path.name}: {len(outcome.problems or [])} problem(s), report {outcome.report}")
    table = "\n".join(
        f"| {o.path.name} | {o.status} | {o.submission_id or ''} | {o.row_count} | {o.report or ''} |" for o in outcomes
    )
    summary = {
        "files": len(outcomes),
        "accepted": len(by_status["accepted"]),
        "duplicates": len(by_status["duplicate"]),
        "rejected": len(by_status["rejected"]),
        "rejected_reports": MetadataValue.json([str(o.report) for o in by_status["rejected"]]),
        "outcomes": MetadataValue.md(
            "| file | status | submission | rows | report |\n|---|---|---|---|---|\n" + table if table else "(no files)"
        ),
    }
    rows = sum(o.row_count for o in by_status["accepted"])
    added = {
        "submission_log": summary,
        "submission_values": {"new_rows": rows},
        "submission_warnings": {"new_warnings": sum(len(o.warnings or []) for o in outcomes)},
        "submission_rejections": {"files_rejected": len(by_status["rejected"])},
        "submission_checks": {},
        "submission_withdrawals": {},
        "dirty_keys": {},
    }
    with warehouse.get_connection() as conn:  # row counts and previews, as every loaded asset shows
        stats = {table: table_metadata(conn, f"raw.{table}") for table in RAW_TABLES}
    for table in RAW_TABLES:
        yield MaterializeResult(asset_key=AssetKey(["raw", table]), metadata={**stats[table], **added[table]})
