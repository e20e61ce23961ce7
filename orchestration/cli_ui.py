"""`plantrack dashboard` and `plantrack bi-docs`: the commands of what users see."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orchestration.cli_support import PlantrackError, spinner


def dashboard(
    published: Annotated[Path | None, typer.Option(help="Published DuckDB file (default: PLANTRACK_PUBLISHED).")] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="HTML file to write (default: dashboard/index.html beside the published file; dashboard/region-<code>.html with --region)."
        ),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option("--region", help="Region code to show in full detail (repeatable); every region is still summarised."),
    ] = None,
    detail_regions: Annotated[
        int | None,
        typer.Option(
            help="Without --region: how many regions (most targets first) get full detail (default: PLANTRACK_DASHBOARD_DETAIL_REGIONS, 50)."
        ),
    ] = None,
) -> None:
    """Build the progress dashboard (one offline HTML file) from the published file, without a pipeline run.

    Every region is a row of the all-regions table; full detail (off-track targets, one chart per
    indicator) is for the regions with most targets, or for the regions given with --region."""
    from orchestration.defs.dashboard import build_dashboard
    from orchestration.settings import load_settings

    published = published or load_settings().published_path
    if not published.exists():
        raise PlantrackError(f"There is no published file at {published}.", "run `plantrack run` (or `make run`) first")
    with spinner(f"Building the dashboard from {published} …"):
        try:
            built = build_dashboard(published, out, region or None, detail_regions)
        except ValueError as error:
            raise PlantrackError(str(error), "the all-regions table of the dashboard lists every region code") from error
    typer.echo(
        f"Dashboard: {built.path} ({built.regions} regions, {built.detail_regions} in detail, "
        f"{built.summarised_only} summarised only; {built.charts} charts)"
    )
    for region, n in built.off_track.items():
        typer.echo(f"  {region}: {n} target(s) missed or off track")


def bi_docs(
    check: Annotated[
        bool, typer.Option("--check", help="Do not write; exit 1 if docs/bi.md is not what the dbt YAML gives.")
    ] = False,
    out: Annotated[Path | None, typer.Option(help="File to write (default: docs/bi.md).")] = None,
) -> None:
    """Write docs/bi.md (connecting BI tools, the published tables and their columns) from the dbt YAML."""
    from orchestration.defs.publishing.bi_docs import BI_DOC, render_bi_doc

    target = out or BI_DOC
    text = render_bi_doc()
    if check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            raise PlantrackError(f"{target} is out of date with the dbt YAML.", "run `plantrack bi-docs` and commit the result")
        typer.echo(f"{target} is up to date.")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    typer.echo(f"Wrote {target}")


def register_ui_commands(app: typer.Typer) -> None:
    app.command("dashboard")(dashboard)
    app.command("bi-docs")(bi_docs)
