"""What a data engineer sees in the Dagster UI: groups, descriptions, metadata, freshness, fast load."""

import subprocess
import sys

from dagster import AssetKey

from orchestration.definitions import defs

GROUP_ORDER = ["reference", "raw", "staging", "core", "marts", "published"]  # left to right in the UI
LAYERS = set(GROUP_ORDER)


def test_every_asset_is_described_and_in_its_layer_group():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if not node.is_materializable:
            continue
        assert node.group_name in LAYERS, key
        assert (node.description or "").strip(), f"{key.to_user_string()} has no description"


def test_the_group_graph_reads_left_to_right():
    """Every dependency points from a group to the same group or one further right: reference data
    first (validation reads it), then submissions raw → staging → core → marts → published."""
    graph = defs.resolve_asset_graph()
    backwards = []
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        for parent in node.parent_keys:
            parent_node = graph.get(parent)
            if node.is_materializable and parent_node.is_materializable:
                if GROUP_ORDER.index(parent_node.group_name) > GROUP_ORDER.index(node.group_name):
                    backwards.append(
                        f"{parent.to_user_string()} ({parent_node.group_name}) → {key.to_user_string()} ({node.group_name})"
                    )
    assert not backwards, backwards
    assert graph.get(AssetKey(["core", "fct_target"])).group_name == "reference"
    assert graph.get(AssetKey(["core", "fct_actual"])).group_name == "core"


def test_dbt_column_docs_reach_the_asset_metadata():
    node = defs.resolve_asset_graph().get(AssetKey(["marts", "mart_progress"]))
    schema = node.metadata["dagster/column_schema"]
    assert {c.name: c.description for c in schema.columns}["status"].startswith("met / not_met")


def test_published_outputs_carry_a_freshness_expectation():
    graph = defs.resolve_asset_graph()
    for key in (["published", "plantrack"], ["published", "dashboard"]):
        assert graph.get(AssetKey(key)).freshness_policy is not None, key
    assert AssetKey(["published", "plantrack"]) in graph.get(AssetKey(["published", "dashboard"])).parent_keys


def test_loaded_assets_report_row_counts_and_a_preview(built):
    materializations = {
        e.asset_key.to_user_string(): e.step_materialization_data.materialization.metadata
        for e in built.result.get_asset_materialization_events()
    }
    for key, metadata in materializations.items():
        if key.split("/")[0] in ("raw", "staging", "core", "marts"):
            assert metadata["dagster/row_count"].value >= 0, key
            assert "|" in metadata["preview"].value, key
    assert (
        materializations["marts/mart_progress"]["dagster/row_count"].value
        == built.query("select count(*) from mart_progress")[0][0]
    )
    assert "charts" in materializations["published/dashboard"]


def test_code_location_load_leaves_heavy_libraries_alone():
    """pandas, Great Expectations and plotly cost seconds each: the load must not import them (dbt-core
    it does: dagster-dbt's public API imports it)."""
    probe = "import sys, orchestration.definitions; print(sorted(m for m in ('pandas', 'great_expectations', 'plotly') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_project_instance_runs_one_run_at_a_time(tmp_path, monkeypatch):
    """A backfill of several quarters queues its runs: the warehouse takes one writer."""
    from dagster import DagsterInstance

    from orchestration.instance import ensure_instance_config

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")  # an older file
    ensure_instance_config()
    with DagsterInstance.get() as instance:
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1


def test_materialized_column_schema_has_types_and_the_yaml_descriptions(built):
    (event,) = [e for e in built.result.get_asset_materialization_events() if e.asset_key == AssetKey(["core", "fct_target"])]
    schema = event.step_materialization_data.materialization.metadata["dagster/column_schema"].schema
    columns = {c.name: c for c in schema.columns}
    assert columns["target_value"].type == "DOUBLE"
    assert columns["target_operator"].description.startswith("One of")
