"""`plantrack submit | status | template | demo`, and the demo step of `plantrack run --demo`."""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import typer

from orchestration.settings import load_settings


@contextmanager
def _warehouse(command: str):
    """The warehouse, read-only, once no other process writes it (a shared writer lock)."""
    from orchestration.writer_lock import writer_lock

    path = load_settings().warehouse_path
    if not path.exists():
        typer.secho(f"plantrack: no warehouse at {path}: run `plantrack run` first.", fg="red", err=True)
        raise typer.Exit(code=1)
    with writer_lock(command, shared=True), duckdb.connect(str(path), read_only=True) as conn:
        yield conn


def _load_selection():
    from dagster import AssetSelection

    from orchestration.defs.submissions.assets import submissions

    return AssetSelection.assets(submissions).downstream()


def _into_landing(path: Path, received_at: datetime | None) -> Path:
    """The file as the load will see it: in landing/ (copied there unless it already is)."""
    landing = load_settings().landing_dir
    if path.resolve().is_relative_to(landing.resolve()):
        target = path
    else:
        target = landing / "submitted" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        stem, number = target.stem, 1
        while target.exists() and not _same_bytes(target, path):  # the same file submitted again: that copy
            target, number = target.with_name(f"{stem}__{number}{target.suffix}"), number + 1
        if not target.exists():
            shutil.copy2(path, target)
    if received_at:
        os.utime(target, (received_at.timestamp(), received_at.timestamp()))
    return target


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def submit(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="CSV or .xlsx submission files."),
    received_at: datetime = typer.Option(None, "--received-at", help="When the files arrived (default: their mtime)."),
) -> None:
    """Validate and load submission files, rebuild the marts and publish; exit 1 if a file is rejected.
    While another run writes the warehouse, it waits for it (the files wait in landing/)."""
    from orchestration.defs.submissions.reader import sha256_of

    from orchestration.writer_lock import writer_lock

    started = datetime.now()
    checksums = {path: sha256_of(path) for path in files}
    landed = [_into_landing(path, received_at) for path in files]  # first: from here on, nothing is lost
    where = landed[0].parent if len(landed) == 1 else load_settings().landing_dir
    safe = f"Your file(s) are safe in {where}: if you stop waiting (Ctrl-C), the next run loads them."
    kept = f"your file(s) stay in {where} for the next run"
    waiting = True
    try:
        with writer_lock("plantrack submit", note=safe, kept=kept):
            waiting = False
            _load_submitted(files, landed, checksums, started)
    except KeyboardInterrupt:
        if not waiting:  # stopped during the load: the load's own transaction decides what stays
            raise
        typer.secho(f"plantrack submit: stopped; {kept}.", fg="yellow", err=True)
        raise typer.Exit(code=130) from None


def _load_submitted(files: list[Path], landed: list[Path], checksums: dict[Path, str], started: datetime) -> None:
    from orchestration.cli import _dagster_instance
    from orchestration.run import failure_summary, run_pipeline

    typer.echo(f"plantrack: loading {len(files)} file(s), then rebuilding fct_actual and the marts …")
    result = run_pipeline(instance=_dagster_instance(), selection=_load_selection(), files=[str(p) for p in landed])
    if not result.success:
        typer.secho("plantrack: the run failed.", fg="red", err=True)
        typer.echo(failure_summary(result), err=True)
        raise typer.Exit(code=1)
    rejected = 0
    with _warehouse("plantrack submit") as conn:
        for path, sha in checksums.items():
            row = conn.execute("select status, submission_id, stored_path, loaded_at from raw.submission_log "
                               "where sha256 = ? order by loaded_at desc limit 1", [sha]).fetchone()  # fmt: skip
            if row is None:
                typer.secho(f"{path.name}: not loaded (see the run's log in the Dagster UI)", fg="red")
                rejected += 1
            elif row[0] == "rejected":
                rejected += 1
                report = Path(row[2] + ".report.txt")
                typer.secho(f"{path.name}: REJECTED, nothing loaded. Report: {report}", fg="red")
                typer.echo("".join(f"    {line}\n" for line in report.read_text(encoding="utf-8").splitlines()[5:25]))
            elif row[3] < started:
                typer.echo(f"{path.name}: already loaded as {row[1]}; no change")
            else:
                typer.secho(f"{path.name}: accepted as {row[1]}", fg="green")
    typer.echo(f"Published file for BI tools: {load_settings().published_path}")
    if rejected:
        raise typer.Exit(code=1)


def withdraw(
    submission_id: str = typer.Argument(..., help="The version to withdraw, e.g. ningbo_eitb-330200-2023Q2-v2 (see `plantrack status`)."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the history and published)."),
    by: str = typer.Option(os.environ.get("USER", "unknown"), "--by", help="Who withdraws it."),
) -> None:
    """Withdraw an accepted submission version: the previous version counts again (or none), the
    withdrawn one stays in the history and as-of queries; then rebuild and publish."""
    from orchestration.cli import _dagster_instance
    from orchestration.run import failure_summary, run_pipeline
    from orchestration.defs.submissions.ledger import WithdrawError
    from orchestration.defs.submissions.ledger import withdraw as withdraw_version

    from orchestration.writer_lock import writer_lock

    path = load_settings().warehouse_path
    if not path.exists():
        typer.secho(f"plantrack: no warehouse at {path}: run `plantrack run` first.", fg="red", err=True)
        raise typer.Exit(code=1)
    with writer_lock("plantrack withdraw"):  # the record and the rebuild, with no other writer between
        with duckdb.connect(str(path)) as conn:
            try:
                department, region, year, quarter, current = withdraw_version(conn, submission_id, reason, by)
            except WithdrawError as error:
                typer.secho(f"plantrack: {error}.", fg="red", err=True)
                raise typer.Exit(code=1) from error
        now_counts = f"version {current} counts again" if current else "no version is left: the quarter counts as not submitted"
        typer.echo(f"{submission_id} withdrawn ({department} × {region} × {year}Q{quarter}): {now_counts}. Rebuilding …")
        result = run_pipeline(instance=_dagster_instance(), selection=_load_selection())
    if not result.success:
        typer.secho("plantrack: the run failed; the withdrawal is recorded and the next run publishes it.", fg="red", err=True)
        typer.echo(failure_summary(result), err=True)
        raise typer.Exit(code=1)
    typer.echo(f"Published file for BI tools: {load_settings().published_path}")


STATUS_LOG = """
select submission_id, status, quarter_key as quarter, strftime(received_at, '%Y-%m-%d %H:%M') as received,
    strftime(deadline, '%Y-%m-%d') as deadline, case when is_late then 'late' else '' end as late, is_current as current, row_count as rows,
    n_errors as errors, n_warnings as warnings
from fct_submission where {where} order by received_at desc limit ?
"""
STATUS_SUMMARY = """
select department_code, region_name_zh as region, n_expected as expected, n_on_time as on_time, n_late as late,
    n_missing as missing, n_revised as revised, reporting_rate_pct as "reporting %", on_time_rate_pct as "on time %"
from mart_submission_completeness_by_department where {where} order by department_code, region
"""


def status(
    department: str = typer.Option(None, help="Code, name or alias of a department."),
    region: str = typer.Option(None, help="Code or name of a region."),
    limit: int = typer.Option(20, help="How many submissions to list."),
) -> None:
    """The latest submissions received, and expected / on time / late / missing per department."""
    from tabulate import tabulate

    published = load_settings().published_path
    if not published.exists():
        typer.secho(f"plantrack: no published file at {published}: run `plantrack run` first.", fg="red", err=True)
        raise typer.Exit(code=1)
    conditions, params = ["true"], []
    if department:
        conditions.append("department_code in (select department_code from dim_department where ? in "
                          "(department_code, name_zh, name_en, short_name_zh) or ? in (select unnest(string_split(aliases, ' | '))))")  # fmt: skip
        params += [department, department]
    if region:
        conditions.append("region_code in (select region_code from dim_region where ? in (region_code, name_zh, name_en))")
        params.append(region)
    where = " and ".join(conditions)
    with duckdb.connect(str(published), read_only=True) as conn:
        log = conn.execute(STATUS_LOG.format(where=where), [*params, limit]).df()
        summary = conn.execute(STATUS_SUMMARY.format(where=where), params).df()
    typer.echo(f"Submissions (latest {limit}):")
    typer.echo(tabulate(log, headers="keys", showindex=False) if len(log) else "  (none)")
    typer.echo("\nCompleteness per department × region (deadline passed by today):")
    typer.echo(tabulate(summary, headers="keys", showindex=False) if len(summary) else "  (none)")


def template(
    department: str = typer.Option(..., help="Code, name or alias of the department."),
    year: int = typer.Option(..., help="Reporting year."),
    quarter: int = typer.Option(..., min=1, max=4, help="Reporting quarter 1-4."),
    out: Path = typer.Option(None, help="Where to write the .xlsx (default: ./<department>_<year>Q<q>.xlsx)."),
) -> None:
    """Write an Excel template pre-filled with the regions and indicators the department leads."""
    from orchestration.defs.submissions.templates import TemplateError, write_template

    with _warehouse("plantrack template") as conn:
        try:
            path, rows = write_template(conn, department, year, quarter,
                                        out or Path(f"{department}_{year}Q{quarter}.xlsx"))  # fmt: skip
        except TemplateError as error:
            typer.secho(f"plantrack: {error}", fg="red", err=True)
            raise typer.Exit(code=1) from error
    typer.echo(f"Template with {rows} indicator row(s): {path}")


def demo(out: Path = typer.Option(None, help="Folder for the files (default: the landing folder's synthetic/).")) -> None:
    """Write the synthetic demo submissions (2021-2025), ready to load."""
    from orchestration.defs.submissions.demo import write_demo

    with _warehouse("plantrack demo") as conn:
        summary = write_demo(conn, out or load_settings().landing_dir / "synthetic")
    typer.echo(f"{summary.files} synthetic files ({summary.rows} rows) in {summary.folder}; see DEMO.md there.")


def prepare_demo(instance):
    """For `plantrack run --demo`: the demo needs the plan models, so build them first if missing,
    then write the demo files into landing/synthetic/. Returns the selection the run should take."""
    from orchestration.run import failure_summary, run_pipeline

    path = load_settings().warehouse_path
    has_plans = False
    if path.exists():
        with duckdb.connect(str(path), read_only=True) as conn:
            has_plans = bool(conn.execute("select count(*) from information_schema.tables where "
                                          "table_schema = 'core' and table_name = 'bridge_target_department'").fetchone()[0])  # fmt: skip
    if has_plans:
        demo(None)
        return None
    started = time.perf_counter()
    typer.echo("plantrack: building the plan models first (the demo is generated from them) …")
    from dagster import AssetSelection

    result = run_pipeline(instance=instance, selection=AssetSelection.all() - _load_selection())
    if not result.success:
        typer.echo(failure_summary(result), err=True)
        raise typer.Exit(code=1)
    typer.echo(f"plantrack: plan models built in {time.perf_counter() - started:.1f} s.")
    demo(None)
    return _load_selection()


def report_loads(result) -> None:
    """After a run: how many files were loaded, and the report of each rejected one."""
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        if materialization.asset_key.path != ["raw", "submission_log"]:
            continue
        meta = {k: v.value for k, v in materialization.metadata.items()}
        if "files" not in meta:
            continue
        typer.echo(f"Submissions: {meta['files']} file(s): {meta['accepted']} accepted, "
                   f"{meta['duplicates']} already loaded, {meta['rejected']} rejected.")  # fmt: skip
        for report in meta["rejected_reports"]:
            typer.secho(f"  rejected, in quarantine with its report: {report}", fg="yellow")
        return  # a run over several quarters records the same load once per quarter


def register(app: typer.Typer) -> None:
    for command in (submit, withdraw, status, template, demo):
        app.command()(command)
