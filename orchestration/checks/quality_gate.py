"""The quality gate: one blocking Dagster asset check per Great Expectations suite."""

from __future__ import annotations

from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, MetadataValue, asset_check
from dagster_duckdb import DuckDBResource

from orchestration.checks.gx_suites import SuiteFile, load_suite_files, validate_frame


def _outcome_table(outcomes) -> str:
    import pandas as pd

    frame = pd.DataFrame([o.__dict__ for o in outcomes])
    return frame.to_markdown(index=False) if len(frame) else "(no expectations)"


def _suite_check(suite: SuiteFile):
    @asset_check(
        asset=AssetKey(suite.asset_key),
        name=f"gx_{suite.name}",
        description=f"Great Expectations suite `expectations/{suite.name}.json`. {suite.description}",
        blocking=True,
        additional_deps=[AssetKey(k) for k in suite.additional_deps],
    )
    def _check(warehouse: DuckDBResource) -> AssetCheckResult:
        with warehouse.get_connection() as conn:
            frame = conn.execute(suite.sql).df()
        outcomes = validate_frame(suite, frame)
        critical = [o for o in outcomes if not o.success and o.severity == "critical"]
        warnings = [o for o in outcomes if not o.success and o.severity != "critical"]
        return AssetCheckResult(
            passed=not critical and not warnings,
            severity=AssetCheckSeverity.ERROR if critical else AssetCheckSeverity.WARN,
            metadata={
                "rows_validated": len(frame),
                "expectations": len(outcomes),
                "critical_failures": len(critical),
                "warning_failures": len(warnings),
                "results": MetadataValue.md(_outcome_table(outcomes)),
            },
        )

    return _check


quality_checks = [_suite_check(s) for s in load_suite_files()]
