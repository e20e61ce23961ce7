"""Great Expectations suites from `expectations/*.json`, validated on DataFrames read from DuckDB.

A suite file is a GX 1.x ExpectationSuite of Great Expectations' own expectations on real columns
(ranges, sets, row conditions, uniqueness, column pairs) plus, in its `meta`, the asset it guards,
the SQL that selects the rows (`row_label` names the column that identifies a row in reports) and
`parameters`: SQL for the value sets an expectation takes as `$PARAMETER` (regions, source files),
so reference data is not copied into suites. Only the rows some expectation would reject leave
DuckDB (pushdown.py). Each expectation has a `severity`: `critical` failures block publishing,
`warning` failures are recorded (published in `dq_issues`) and let it publish. `"enabled": false`
keeps a suite out of the gate. A suite with `hold_batches` validates one row per batch (a
submission file) and holds the failing batches instead of blocking.

GX takes ≈8 s of CPU to import, so it never is in the pipeline's own process: validations run in
one worker process that the gate's resource (resource.py) starts when a run starts and has import GX
at once, beside the dbt build and without contending for the pipeline's interpreter lock. The
suites of raw tables are checks on the tables' staging views, so every suite runs after the dbt
build, when the worker is ready (bench/gate_share.py measures what the gate adds to a run). A
failed raw suite still blocks publishing. The worker keeps one GX context per Data Docs folder,
so the Data Docs index under `Settings.gx_docs_dir` lists every suite of the run.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.defs.quality import pushdown
from orchestration.rules.dbt_macros import render_sql
from orchestration.settings import EXPECTATIONS_DIR

if TYPE_CHECKING:  # pandas costs ~2 s to import: not at code-location load
    import pandas as pd

MAX_UNEXPECTED_ROWS = 50  # per expectation, in reports and dq_issues
DOCS_SITE = "plantrack"


@dataclass(frozen=True)
class SuiteFile:
    name: str
    asset_key: list[str]
    sql: str
    description: str
    body: dict
    additional_deps: list[list[str]]
    row_label: str | None = None
    batch_column: str | None = None  # meta.hold_batches: a critical failure holds that batch, not the gate

    parameters: tuple[tuple[str, str], ...] = ()  # meta.parameters: name -> SQL of one column (a $PARAMETER's values)

    def parameter_values(self, conn) -> dict[str, list]:
        """The suite's parameters ($PARAMETER in an expectation), read from the warehouse: value sets
        live in the reference tables, not copied into the suite."""
        return {name: [r[0] for r in conn.execute(sql).fetchall()] for name, sql in self.parameters}

    def validation_sql(self, parameter_values: dict[str, list]) -> str:
        """The rows GX validates: the suite's rows that some expectation would reject (pushdown.py),
        so a million healthy rows never reach pandas and the gate's cost follows the problems."""
        return pushdown.narrowed_sql(self.sql, self.body["expectations"], parameter_values)


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int | None
    description: str
    unexpected_rows: tuple[tuple[str | None, str | None], ...] = ()  # (row label, value)
    unexpected_batches: tuple[str, ...] = ()  # every failing batch, for suites that hold batches


@dataclass(frozen=True)
class SuiteValidation:
    outcomes: list[ExpectationOutcome]
    checked_at: datetime
    docs_url: str | None = None

    @property
    def critical_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "critical"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity != "critical"]


def load_suite_files(folder: Path = EXPECTATIONS_DIR) -> list[SuiteFile]:
    suites = []
    for path in sorted(folder.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        meta = body.get("meta", {})
        if not meta.get("enabled", True):
            continue
        suites.append(
            SuiteFile(
                name=body["name"],
                asset_key=list(meta["asset_key"]),
                sql=render_sql(meta["sql"]),  # dbt macros in it: the rule from its one home
                description=meta.get("description", ""),
                body=body,
                additional_deps=[list(k) for k in meta.get("additional_deps", [])],
                row_label=meta.get("row_label"),
                batch_column=meta.get("hold_batches"),
                parameters=tuple(meta.get("parameters", {}).items()),
            )
        )
    return suites


_worker: ProcessPoolExecutor | None = None
_contexts: dict[str, object] = {}  # in the worker process


def prewarm() -> None:
    """Start the validation worker (once per process); it imports GX straight away."""
    global _worker
    if _worker is None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        _worker = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_exit_with_parent, initargs=(os.getpid(),)
        )
        _worker.submit(__import__, "great_expectations")


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """In the worker: leave as soon as the pipeline process that started it is gone (a run killed
    with `kill -9` cannot shut its pool down, and the worker, ~250 MB, would stay forever). A
    daemon thread checks the parent once a second; when the worker has been re-parented (to init
    or a subreaper), the parent died."""

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="plantrack-exit-with-parent", daemon=True).start()


def validate_frame(suite: SuiteFile, frame: pd.DataFrame, docs_dir: Path, parameters: dict | None = None) -> SuiteValidation:
    """Run one suite on one batch in the worker; the result is stored and rendered into Data Docs."""
    global _worker
    prewarm()
    try:
        return _worker.submit(_validate, suite, frame, docs_dir, parameters or {}).result()
    except BrokenProcessPool:  # a worker that died (killed, crashed) is replaced once, then it is an error
        _worker = None
        prewarm()
        try:
            return _worker.submit(_validate, suite, frame, docs_dir, parameters or {}).result()
        except BrokenProcessPool:
            _worker = None
            raise


def _context(docs_dir: Path):
    """One ephemeral GX context per Data Docs folder: the docs index lists every suite validated."""
    import great_expectations as gx

    key = str(docs_dir)
    if key not in _contexts:
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = {"globally": False}
        for site in list(context.variables.data_docs_sites or {}):
            context.delete_data_docs_site(site)  # the default site lives in a throwaway temp folder
        context.add_data_docs_site(
            DOCS_SITE,
            {
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": key},
            },
        )
        _contexts[key] = context
    return _contexts[key]


def _validate(suite: SuiteFile, frame: pd.DataFrame, docs_dir: Path, parameters: dict) -> SuiteValidation:
    """In the worker: run one suite on one batch, store the result and render it into Data Docs."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    context = _context(docs_dir)
    try:
        context.validation_definitions.delete(suite.name)  # the same suite validated again in this process
    except Exception:  # noqa: BLE001 - GX raises DataContextError when there is none yet
        pass
    batch_definition = (
        context.data_sources.add_or_update_pandas(suite.name)
        .add_dataframe_asset(suite.name)
        .add_batch_definition_whole_dataframe("batch")
    )
    expectation_suite = context.suites.add_or_update(
        gx.ExpectationSuite(name=suite.name, expectations=suite.body["expectations"], meta=suite.body.get("meta", {}))
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=expectation_suite)
    )
    result_format: dict = {"result_format": "SUMMARY"}
    index_columns = [c for c in dict.fromkeys([suite.row_label, suite.batch_column]) if c and c in frame.columns]
    if index_columns:
        result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": index_columns}
    run_id = RunIdentifier(run_time=datetime.now(timezone.utc))
    result = definition.run(
        batch_parameters={"dataframe": frame}, expectation_parameters=parameters, result_format=result_format, run_id=run_id
    )
    return SuiteValidation(
        outcomes=[_outcome(item, suite.row_label, suite.batch_column) for item in result.results],
        checked_at=run_id.run_time.replace(tzinfo=None),
        docs_url=_build_docs(context, suite.name, run_id),
    )


def _outcome(item, row_label: str | None, batch_column: str | None = None) -> ExpectationOutcome:
    config = item.expectation_config
    column = subject(config.kwargs)
    details = item.result or {}
    entries = [entry for entry in (details.get("unexpected_index_list") or []) if isinstance(entry, dict)]
    columns = column.split(", ") if column else []
    rows = tuple(
        (_text(entry.get(row_label)), " / ".join(str(_text(entry.get(c))) for c in columns) or None)
        for entry in entries[:MAX_UNEXPECTED_ROWS]
    )
    batches = tuple(dict.fromkeys(_text(entry.get(batch_column)) for entry in entries)) if batch_column else ()
    return ExpectationOutcome(
        expectation=config.type,
        column=column,
        severity=str(getattr(config.severity, "value", config.severity) or "critical"),
        success=bool(item.success),
        unexpected_count=details.get("unexpected_count"),
        description=(config.meta or {}).get("description", ""),
        unexpected_rows=rows,
        unexpected_batches=tuple(b for b in batches if b),
    )


def subject(kwargs: dict) -> str | None:
    """What an expectation checks: its column, a column pair (a, b) or a compound key (a, b, c)."""
    if kwargs.get("column"):
        return kwargs["column"]
    columns = [kwargs[k] for k in ("column_A", "column_B") if kwargs.get(k)] or list(kwargs.get("column_list") or [])
    return ", ".join(columns) or None


def _text(value) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def _build_docs(context, suite_name: str, run_id) -> str | None:
    """Render this validation (and the index) and return the page's file URL."""
    keys = [
        k
        for k in context.validation_results_store.list_keys()
        if k.expectation_suite_identifier.name == suite_name and k.run_id.run_time == run_id.run_time
    ]
    if not keys:
        return None
    context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=keys)
    urls = context.get_docs_sites_urls(resource_identifier=keys[0], site_names=[DOCS_SITE])
    return urls[0]["site_url"] if urls else None
