"""The progress dashboard: a static, offline HTML report built from the published file."""

from __future__ import annotations

from pathlib import Path


def dashboard_path(published: Path) -> Path:
    """Where the dashboard of a published file goes: beside it, in `dashboard/index.html`."""
    return published.parent / "dashboard" / "index.html"


def build_dashboard(published: Path, out: Path | None = None) -> Path:
    """Write the dashboard for `published`; returns the HTML file's path. Replaces it atomically."""
    from plotly.offline import get_plotlyjs

    from orchestration.dashboard.data import load
    from orchestration.dashboard.page import render

    out = out or dashboard_path(published)
    html = render(load(published), get_plotlyjs())
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    temp.write_text(html, encoding="utf-8")
    temp.replace(out)
    return out
