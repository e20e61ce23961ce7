"""dagster-dbt, imported without pulling dbt-core's Python modules into the code location.

dagster-dbt imports dbt-core at import time when it is installed (about 3 s of the code-location
load) only to name a few types and to talk to an in-process dbt adapter. plantrack never needs
either: dbt always runs as its own process (`dbt build`, `dbt parse`), and an in-process adapter
would open the DuckDB file the dbt process is writing. dagster-dbt supports environments without
dbt-core (the dbt Fusion engine) with stand-in types, so we hide `dbt.version` for the duration
of the import and dagster-dbt takes that path. Later imports of dbt (if any) work as usual.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

_PROBE = "dbt.version"  # what dagster_dbt.compat imports first to detect dbt-core


def import_dagster_dbt() -> ModuleType:
    if "dagster_dbt" in sys.modules or _PROBE in sys.modules:
        return importlib.import_module("dagster_dbt")  # already decided in this process
    sys.modules[_PROBE] = None  # type: ignore[assignment]  # makes `import dbt.version` fail
    try:
        return importlib.import_module("dagster_dbt")
    finally:
        del sys.modules[_PROBE]


dagster_dbt = import_dagster_dbt()
DagsterDbtTranslator = dagster_dbt.DagsterDbtTranslator
DbtProject = dagster_dbt.DbtProject
dbt_assets = dagster_dbt.dbt_assets


class DbtCliResource(dagster_dbt.DbtCliResource):
    """dbt through its command line only: no in-process adapter (see the module docstring)."""

    def _initialize_dbt_core_adapter(self, args):  # noqa: ARG002 - dagster-dbt hook
        return None
