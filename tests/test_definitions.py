"""The code location loads, and its graph runs from raw tables through dbt to the published file."""

from dagster import AssetKey

from orchestration.definitions import defs


def test_definitions_load_with_the_layers_as_groups():
    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    for key in (
        ["raw", "plan_targets"],
        ["staging", "stg_raw__plan_targets"],
        ["core", "fct_target"],
        ["core", "dim_region"],
        ["marts", "mart_progress"],
        ["published", "plantrack"],
    ):
        assert AssetKey(key) in keys, key
    groups = {graph.get(k).group_name for k in keys if k.path[0] in ("raw", "staging", "core", "marts")}
    assert groups == {"reference", "raw", "staging", "core", "marts"}  # reference: plans and reference data, first


def test_lineage_joins_loading_assets_to_dbt_and_publishing():
    graph = defs.resolve_asset_graph()
    staging = graph.get(AssetKey(["staging", "stg_raw__plan_targets"]))
    assert AssetKey(["raw", "plan_targets"]) in staging.parent_keys
    published = graph.get(AssetKey(["published", "plantrack"]))
    assert AssetKey(["marts", "mart_progress"]) in published.parent_keys


def test_quality_gate_checks_are_blocking():
    graph = defs.resolve_asset_graph()
    checks = {spec.key.name: spec for a in graph.assets_defs for spec in a.check_specs}
    for name in ("gx_raw_plan_targets", "gx_fct_target", "gx_fct_actual", "gx_mart_progress"):
        assert checks[name].blocking, name
    assert any(name.startswith("unique_") for name in checks), "dbt tests become asset checks"
