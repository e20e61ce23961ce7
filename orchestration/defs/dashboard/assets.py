"""The progress dashboard as an asset: rebuilt from the published file after every publish."""

from __future__ import annotations

from datetime import timedelta

from dagster import AssetKey, AssetsDefinition, FreshnessPolicy, MaterializeResult, MetadataValue, asset

from orchestration.settings import load_settings

PUBLISHED = AssetKey(["published", "plantrack"])
DASHBOARD = AssetKey(["published", "dashboard"])

# Departments report quarterly; what BI users and officials see should be at most one quarter old.
QUARTERLY_FRESHNESS = FreshnessPolicy.time_window(fail_window=timedelta(days=100), warn_window=timedelta(days=92))


@asset(
    key=DASHBOARD,
    group_name="published",
    deps=[PUBLISHED],
    description=(
        "Progress dashboard: a static HTML report of the published file (`dashboard/index.html` beside "
        "it), offline with plotly.js embedded. Every region as a row of the all-regions table (targets "
        "by bucket, reporting rate); for the regions with most targets (PLANTRACK_DASHBOARD_DETAIL_REGIONS, "
        "default 50): targets missed or off track with their lead departments, and per indicator the "
        "target path and the actuals over time in status colours; Chinese/English switch. Aggregated in "
        "DuckDB: its size does not grow with the number of submission rows. Also `plantrack dashboard` "
        "(`--region CODE` for any region's detail)."
    ),
    kinds={"html", "plotly"},
    freshness_policy=QUARTERLY_FRESHNESS,
)
def dashboard() -> MaterializeResult:
    from orchestration.defs.dashboard import build_dashboard

    built = build_dashboard(load_settings().published_path)
    rows = "\n".join(f"| {region} | {n} |" for region, n in built.off_track.items())
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(built.path)),
            "open": MetadataValue.url(built.path.as_uri()),
            "regions": built.regions,
            "detail_regions": built.detail_regions,
            "summarised_only": built.summarised_only,
            "charts": built.charts,
            "size_kb": round(built.path.stat().st_size / 1024),
            "off_track_targets": MetadataValue.md(f"| detail region | targets missed or off track |\n|---|---|\n{rows}"),
        }
    )


def with_quarterly_freshness(assets_def: AssetsDefinition) -> AssetsDefinition:
    """The published file is expected quarterly too (its asset is defined with publishing)."""
    return assets_def.map_asset_specs(lambda spec: spec.replace_attributes(freshness_policy=QUARTERLY_FRESHNESS))
