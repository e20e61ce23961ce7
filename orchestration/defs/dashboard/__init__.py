"""The progress dashboard: a static, offline HTML report built from the published file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuiltDashboard:
    path: Path
    regions: int  # every region with targets, each a row of the all-regions table
    detail_regions: int  # regions with full detail (tables, per-indicator charts)
    charts: int
    off_track: dict[str, int]  # detail region name -> targets missed or off track

    @property
    def summarised_only(self) -> int:
        return self.regions - self.detail_regions


def dashboard_path(published: Path, regions: list[str] | None = None) -> Path:
    """Where the dashboard of a published file goes: beside it, in `dashboard/index.html`
    (the page of chosen regions: `dashboard/region-<code>[-<code>…].html`)."""
    return published.parent / "dashboard" / (f"region-{'-'.join(regions)}.html" if regions else "index.html")


def build_dashboard(
    published: Path, out: Path | None = None, regions: list[str] | None = None, detail_regions: int | None = None
) -> BuiltDashboard:
    """Write the dashboard for `published` (atomically replaced) and say what is in it.

    Every region is summarised; `regions` (region codes) get full detail, else the
    `detail_regions` regions with most targets (default: PLANTRACK_DASHBOARD_DETAIL_REGIONS, 50).
    """
    from plotly.offline import get_plotlyjs

    from orchestration.defs.dashboard.data import load
    from orchestration.defs.dashboard.page import render

    out = out or dashboard_path(published, regions)
    data = load(published, regions, detail_regions)
    html = render(data, get_plotlyjs())
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    temp.write_text(html, encoding="utf-8")
    temp.replace(out)
    return BuiltDashboard(
        path=out,
        regions=len(data.summaries),
        detail_regions=len(data.details),
        charts=sum(len(r.charts) for r in data.details),
        off_track={f"{r.summary.name_zh} {r.summary.name_en}": r.off_track.total for r in data.details},
    )
