"""The quality gate's resource: it owns the Great Expectations worker process.

Setting the resource up for a run starts the worker (gx_suites.prewarm), which imports GX (≈8 s
of CPU) at once. Runs use the in-process executor, which sets resources up when the run starts,
so the import overlaps with loading and the dbt build; a run whose steps need no check (a
submissions-only load) never starts it, and nothing else does.
"""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource, InitResourceContext

from orchestration.defs.quality import gx_suites


class QualityGate(ConfigurableResource):
    docs_dir: str  # the Data Docs site of the gate

    def setup_for_execution(self, context: InitResourceContext) -> None:
        gx_suites.prewarm()

    def validate(self, suite: gx_suites.SuiteFile, frame, parameters: dict) -> gx_suites.SuiteValidation:
        return gx_suites.validate_frame(suite, frame, Path(self.docs_dir), parameters)
