"""The dbt project as Dagster sees it: manifest prepared once, asset keys and groups from the folders.

The manifest is a build artefact (dbt_project/target/, not in git), prepared through dagster-dbt's
public preparer: `make setup` runs `dagster-dbt project prepare-and-package --file
orchestration/defs/warehouse/project.py` when a dbt file changed (make's own dependency rule),
`dagster dev` re-parses on every code-location load (`prepare_if_dev`), and a checkout with no
manifest at all is parsed once on first load. Nothing here leaves `os.environ` changed: the variables
dbt needs are set around each dbt invocation only (`with_dbt_environment`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetKey
from dagster_dbt import DagsterDbtTranslator, DbtProject

from orchestration.settings import DBT_PROJECT_DIR, load_settings, temporary_environment

LAYERS = ("staging", "core", "marts")


def dbt_executable() -> str:
    """dbt as installed beside this interpreter, so an un-activated virtual environment works."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def dbt_environment() -> dict[str, str]:
    """Variables every dbt invocation needs: where the warehouse is, and no telemetry."""
    bin_dir = str(Path(sys.executable).parent)  # dbt is installed beside this interpreter
    path = os.environ.get("PATH", "")
    return {
        "PATH": path if path.startswith(bin_dir) else bin_dir + os.pathsep + path,
        "PLANTRACK_WAREHOUSE": str(load_settings().warehouse_path),
        "DO_NOT_TRACK": "1",
        # The dbt models run in two steps around the submissions load; a test runs in the step
        # that has all its parents built (fct_actual's relationships to the dims run with fct_actual).
        "DBT_INDIRECT_SELECTION": "buildable",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # dbt's unit tests (models/**/_*unit_tests.yml) test the SQL on hand-made rows: `make test`
        # runs them (tests/test_dbt_unit_tests.py); a build of the real data skips them.
        "DBT_EXCLUDE_RESOURCE_TYPES": "unit_test",
    }


def with_dbt_environment():
    """`dbt_environment()` in force for the block (dagster-dbt hands `os.environ` to the dbt
    process it starts), then the previous values back."""
    return temporary_environment(dbt_environment())


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def load_dbt_project() -> DbtProject:
    """The project with a manifest: re-parsed under `dagster dev` (`prepare_if_dev`), parsed once
    when there is none; otherwise as `make setup` prepared it. The preparer runs `dbt parse` by
    name, so the variables (PATH with this interpreter's dbt) are set for that call only."""
    if dbt_project.preparer.using_dagster_dev() or not dbt_project.manifest_path.exists():
        with with_dbt_environment():
            dbt_project.preparer.prepare(dbt_project)
    return dbt_project


def layer_of(dbt_resource_props: Mapping[str, Any]) -> str:
    path = Path(dbt_resource_props.get("original_file_path", ""))
    return next((part for part in path.parts if part in LAYERS), "core")


REFERENCE_GROUP = "reference"


def submission_side(manifest: Mapping[str, Any]) -> set[str]:
    """Unique ids of the dbt nodes built on the departments' submissions (downstream of a
    `raw.submission_*` source or of another raw source the submissions asset writes)."""
    children: dict[str, list[str]] = {}
    for node_id, node in manifest["nodes"].items():
        for parent in node.get("depends_on", {}).get("nodes", []):
            children.setdefault(parent, []).append(node_id)
    frontier = [i for i, s in manifest["sources"].items() if s["name"] in SUBMISSION_SOURCES]
    seen: set[str] = set()
    while frontier:
        node_id = frontier.pop()
        for child in children.get(node_id, []):
            if child not in seen:
                seen.add(child)
                frontier.append(child)
    return seen


# Raw tables the submissions asset writes (the rest of raw/ is reference data: plans and catalogues).
SUBMISSION_SOURCES = {
    "submission_log",
    "submission_values",
    "submission_warnings",
    "submission_checks",
    "submission_withdrawals",
    "dirty_keys",
    "approval_events",
    "approval_locks",
}


class PlantrackTranslator(DagsterDbtTranslator):
    """Models become `<layer>/<model>`; sources keep their meta asset keys. Groups read left to right
    in the Dagster UI: `reference` (the plans and reference data, loaded and modelled: what validating
    a submission needs) → `raw` (submissions) → `staging` → `core` → `marts` → `published`."""

    def __init__(self, manifest: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self._submission_side = submission_side(manifest) if manifest else None

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)
        return AssetKey([layer_of(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return "raw"
        if self._submission_side is not None and dbt_resource_props["unique_id"] not in self._submission_side:
            return REFERENCE_GROUP
        return layer_of(dbt_resource_props)
