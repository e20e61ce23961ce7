"""Great Expectations suites from `expectations/*.json`, validated on DataFrames read from DuckDB.

A suite file is a GX 1.x ExpectationSuite plus, in its `meta`, the asset it guards and the SQL
that selects the rows to validate (set-based checks are computed in that SQL, so large tables
are never pulled whole). Each expectation has a `severity`: `critical` failures block
publishing, `warning` failures are recorded and let it publish.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.settings import EXPECTATIONS_DIR

if TYPE_CHECKING:  # pandas costs ~2 s to import: not at code-location load
    import pandas as pd


@dataclass(frozen=True)
class SuiteFile:
    name: str
    asset_key: list[str]
    sql: str
    description: str
    body: dict
    additional_deps: list[list[str]]


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int | None
    description: str


def load_suite_files(folder: Path = EXPECTATIONS_DIR) -> list[SuiteFile]:
    suites = []
    for path in sorted(folder.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        meta = body.get("meta", {})
        suites.append(
            SuiteFile(
                name=body["name"],
                asset_key=list(meta["asset_key"]),
                sql=meta["sql"],
                description=meta.get("description", ""),
                body=body,
                additional_deps=[list(k) for k in meta.get("additional_deps", [])],
            )
        )
    return suites


def validate_frame(suite: SuiteFile, frame: pd.DataFrame) -> list[ExpectationOutcome]:
    """Run one suite on one batch. GX is imported here, not at code-location load (≈5 s)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    batch_definition = (
        context.data_sources.add_pandas(f"{suite.name}_source")
        .add_dataframe_asset(suite.name)
        .add_batch_definition_whole_dataframe("batch")
    )
    expectation_suite = gx.ExpectationSuite(
        name=suite.name, expectations=suite.body["expectations"], meta=suite.body.get("meta", {})
    )
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(expectation_suite)
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        outcomes.append(
            ExpectationOutcome(
                expectation=config.type,
                column=config.kwargs.get("column"),
                severity=str(getattr(config.severity, "value", config.severity) or "critical"),
                success=bool(item.success),
                unexpected_count=(item.result or {}).get("unexpected_count"),
                description=(config.meta or {}).get("description", ""),
            )
        )
    return outcomes
