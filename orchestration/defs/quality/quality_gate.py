"""The quality gate: one blocking Dagster asset check per Great Expectations suite.

A critical failure fails the check with ERROR severity, which stops every downstream asset,
the published file included; warnings fail it with WARN severity and publishing goes on. Either
way the outcome is recorded in the warehouse (`checks/results.py`) for `dq_issues` and
`publish_log`, and the check's metadata links to its Data Docs page.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)
from dagster_duckdb import DuckDBResource

from orchestration.defs.quality import holds, results
from orchestration.defs.quality.gx_suites import SuiteFile, load_suite_files
from orchestration.defs.quality.resource import QualityGate


def _outcome_table(outcomes) -> str:
    import pandas as pd

    frame = pd.DataFrame(
        [
            {
                "expectation": o.expectation,
                "column": o.column,
                "severity": o.severity,
                "success": o.success,
                "unexpected": o.unexpected_count,
                "description": o.description,
                "examples": ", ".join(label or value or "" for label, value in o.unexpected_rows[:5]),
            }
            for o in outcomes
        ]
    )
    return frame.to_markdown(index=False) if len(frame) else "(no expectations)"


def _suite_check(suite: SuiteFile):
    @asset_check(
        asset=AssetKey(suite.asset_key),
        name=f"gx_{suite.name}",
        description=f"Great Expectations suite `expectations/{suite.name}.json`. {suite.description}",
        blocking=True,
        additional_deps=[AssetKey(k) for k in suite.additional_deps],
    )
    def _check(context: AssetCheckExecutionContext, warehouse: DuckDBResource, quality_gate: QualityGate) -> AssetCheckResult:
        held = {}
        with warehouse.get_connection() as conn:
            parameters = suite.parameter_values(conn)
            frame = conn.execute(suite.validation_sql(parameters)).df()
            validation = quality_gate.validate(suite, frame, parameters)
            results.record(conn, suite, validation, context.run.run_id)
            if suite.batch_column:
                held = holds.hold_failed_batches(conn, suite, validation)
        critical, warnings = validation.critical_failures, validation.warnings
        if suite.batch_column:  # failures isolated in their batches warn; only unattributed ones block
            critical, warnings = holds.unattributed(validation), [*warnings, *critical]
        metadata = {
            "rows_validated": len(frame),
            "expectations": len(validation.outcomes),
            "critical_failures": len(critical),
            "warning_failures": len(warnings),
            "results": MetadataValue.md(_outcome_table(validation.outcomes)),
        }
        if held:
            metadata["held"] = MetadataValue.json({batch: reasons for batch, reasons in held.items()})
            context.log.warning(f"held by the quality gate (their last good versions stay published): {', '.join(held)}")
        if validation.docs_url:
            metadata["data_docs"] = MetadataValue.url(validation.docs_url)
        return AssetCheckResult(
            passed=not critical and not warnings,
            severity=AssetCheckSeverity.ERROR if critical else AssetCheckSeverity.WARN,
            metadata=metadata,
        )

    return _check


quality_checks = [_suite_check(s) for s in load_suite_files()]
