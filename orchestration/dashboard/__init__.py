"""The progress dashboard: a static, offline HTML report built from the published file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuiltDashboard:
    path: Path
    regions: int
    charts: int
    off_track: dict[str, int]  # region name -> targets missed or off track


def dashboard_path(published: Path) -> Path:
    """Where the dashboard of a published file goes: beside it, in `dashboard/index.html`."""
    return published.parent / "dashboard" / "index.html"


def build_dashboard(published: Path, out: Path | None = None) -> BuiltDashboard:
    """Write the dashboard for `published` (atomically replaced) and say what is in it."""
    from plotly.offline import get_plotlyjs

    from orchestration.dashboard.data import load
    from orchestration.dashboard.page import render

    out = out or dashboard_path(published)
    data = load(published)
    html = render(data, get_plotlyjs())
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    temp.write_text(html, encoding="utf-8")
    temp.replace(out)
    return BuiltDashboard(
        path=out,
        regions=len(data.regions),
        charts=html.count('class="chart"'),
        off_track={
            f"{r.name_zh} {r.name_en}": sum(data.looks(t.get("status")).off_track for i in r.indicators for t in i.targets)
            for r in data.regions
        },
    )
