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
from orchestration.defs.submissions.messages import t


def _lang_option():
    return typer.Option(None, "--lang", help=t("lang.help"), show_default=False)


def _set_language(lang: str | None) -> None:
    """`--lang en`: every message of this command (and of the load it runs) in English."""
    if lang:
        os.environ["PLANTRACK_LANG"] = lang


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
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help=t("submit.files_help")),
    received_at: datetime = typer.Option(None, "--received-at", help=t("submit.received_help")),
    lang: str = _lang_option(),
) -> None:
    """Validate and load submission files, rebuild the marts and publish; exit 1 if a file is rejected.
    While another run writes the warehouse, it waits for it (the files wait in landing/)."""
    from orchestration.defs.submissions.reader import sha256_of

    _set_language(lang)

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
    from orchestration.instance import project_instance
    from orchestration.cli_support import quiet_run

    typer.echo(t("submit.loading", count=len(files)))
    result, failure = quiet_run(
        "load → build → publish", instance=project_instance(), selection=_load_selection(), files=[str(p) for p in landed]
    )
    if not result.success:
        typer.secho(t("submit.run_failed"), fg="red", err=True)
        typer.echo(failure, err=True)
        raise typer.Exit(code=1)
    rejected = 0
    with _warehouse("plantrack submit") as conn:
        for path, sha in checksums.items():
            row = conn.execute(
                "select status, submission_id, stored_path, loaded_at from raw.submission_log "
                "where sha256 = ? order by loaded_at desc limit 1",
                [sha],
            ).fetchone()
            if row is None:
                typer.secho(t("submit.not_loaded", file=path.name), fg="red")
                rejected += 1
            elif row[0] == "rejected":
                rejected += 1
                report = Path(row[2] + ".report.txt")
                typer.secho(t("submit.rejected", file=path.name, report=report), fg="red")
                typer.echo("".join(f"    {line}\n" for line in report.read_text(encoding="utf-8").splitlines()[5:25]))
            elif row[3] < started:
                typer.echo(t("submit.already", file=path.name, submission=row[1]))
            else:
                _accepted(conn, path, row[1], Path(row[2] + ".report.txt"))
    typer.echo(t("submit.published", path=load_settings().published_path))
    if rejected:
        raise typer.Exit(code=1)


def _accepted(conn, path: Path, submission_id: str, report: Path) -> None:
    """An accepted file, and its warnings (a 10,000 × jump, a falling year-to-date figure …)."""
    from orchestration.defs.submissions.format import HEADER_ZH
    from orchestration.defs.submissions.report import problem_lines

    warnings = conn.execute(
        "select w.row_no, w.column_name, w.value, w.reason, v.indicator_text from raw.submission_warnings w "
        "left join raw.submission_values v using (submission_id, row_no) where w.submission_id = ? "
        "order by w.row_no nulls first",
        [submission_id],
    ).fetchall()
    if not warnings:
        typer.secho(t("submit.accepted", file=path.name, submission=submission_id), fg="green")
        return
    typer.secho(
        t("submit.accepted_warnings", file=path.name, submission=submission_id, count=len(warnings), report=report), fg="yellow"
    )
    lines = problem_lines(path.name, HEADER_ZH, warnings)  # the columns by the template's header
    typer.echo("".join(f"    {line}\n" for line in lines[:20]) + ("    …\n" if len(lines) > 20 else ""))


def withdraw(
    submission_id: str = typer.Argument(..., help=t("withdraw.id_help")),
    reason: str = typer.Option(..., "--reason", help=t("withdraw.reason_help")),
    by: str = typer.Option(os.environ.get("USER", "unknown"), "--by", help=t("withdraw.by_help")),
) -> None:
    """Withdraw an accepted submission version: the previous version counts again (or none), the
    withdrawn one stays in the history and as-of queries; then rebuild and publish."""
    from orchestration.cli_support import rebuild_and_publish
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
        rebuild_and_publish("the withdrawal")


STATUS_LOG = """
select s.submission_id, coalesce(d.name_zh, s.department_code) as department, s.status, s.quarter_key,
    strftime(s.received_at, '%Y-%m-%d %H:%M'), strftime(s.deadline, '%Y-%m-%d'), s.is_late, s.is_current,
    s.row_count, s.n_errors, s.n_warnings
from fct_submission s left join dim_department d using (department_code)
where {where} order by s.received_at desc limit ?
"""
STATUS_SUMMARY = """
select department_name_zh, region_name_zh, n_expected, n_on_time, n_late, n_missing, n_revised,
    reporting_rate_pct, on_time_rate_pct
from mart_submission_completeness_by_department where {where} order by department_code, region_name_zh
"""
STATUS_VALUES = ("accepted", "rejected", "duplicate", "withdrawn", "held", "valid")


def _resolve(kind: str, text: str) -> str:
    """A department or region as written → its code, by the loader's and the template's matcher
    (names, short names, Traditional, English, aliases, full-width); unknown: a Chinese error, exit 1."""
    from orchestration.defs.submissions.templates import TemplateError, resolve_department, resolve_region

    with _warehouse("plantrack status") as conn:
        try:
            return resolve_department(conn, text) if kind == "department" else resolve_region(conn, text)
        except TemplateError as error:
            typer.secho(f"plantrack: {error}", fg="red", err=True)
            raise typer.Exit(code=1) from error


def status(
    department: str = typer.Option(None, help=t("status.department_help")),
    region: str = typer.Option(None, help=t("status.region_help")),
    limit: int = typer.Option(20, help=t("status.limit_help")),
    lang: str = _lang_option(),
) -> None:
    """The latest submissions received, and expected / on time / late / missing per department."""
    from tabulate import tabulate

    _set_language(lang)
    published = load_settings().published_path
    if not published.exists():
        typer.secho(t("status.no_published", path=published), fg="red", err=True)
        raise typer.Exit(code=1)
    conditions, params = ["true"], []
    if department:
        conditions.append("department_code = ?")
        params.append(_resolve("department", department))
    if region:
        conditions.append("region_code = ?")
        params.append(_resolve("region", region))
    where = " and ".join(conditions)
    with duckdb.connect(str(published), read_only=True) as conn:
        log = conn.execute(
            STATUS_LOG.format(
                where=where.replace("department_code", "s.department_code").replace("region_code", "s.region_code")
            ),
            [*params, limit],
        ).fetchall()
        summary = conn.execute(STATUS_SUMMARY.format(where=where), params).fetchall()
    words = {v: t(f"status.{v}") for v in STATUS_VALUES}
    log = [
        (
            sid,
            dept,
            words.get(state, state),
            quarter,
            received,
            deadline,
            t("status.late") if late else "",
            "✓" if current else "",
            *rest,
        )
        for sid, dept, state, quarter, received, deadline, late, current, *rest in log
    ]
    typer.echo(t("status.latest", limit=limit))
    typer.echo(tabulate(log, headers=t("status.columns").split(",")) if log else t("status.none"))
    typer.echo("\n" + t("status.completeness"))
    typer.echo(tabulate(summary, headers=t("status.summary_columns").split(",")) if summary else t("status.none"))


def template(
    department: str = typer.Option(..., help=t("template.department_help")),
    year: int = typer.Option(..., help=t("template.year_help")),
    quarter: int = typer.Option(..., min=1, max=4, help=t("template.quarter_help")),
    out: Path = typer.Option(None, help=t("template.out_help")),
    lang: str = _lang_option(),
) -> None:
    """Write an Excel template pre-filled with the regions and indicators the department leads."""
    from orchestration.defs.submissions.templates import TemplateError, write_template

    _set_language(lang)
    with _warehouse("plantrack template") as conn:
        try:
            path, rows = write_template(conn, department, year, quarter, out or Path(f"{department}_{year}Q{quarter}.xlsx"))
        except TemplateError as error:
            typer.secho(f"plantrack: {error}", fg="red", err=True)
            raise typer.Exit(code=1) from error
    typer.echo(t("template.written", rows=rows, path=path))


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
            has_plans = bool(
                conn.execute(
                    "select count(*) from information_schema.tables where "
                    "table_schema = 'core' and table_name = 'bridge_target_department'"
                ).fetchone()[0]
            )
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
        typer.echo(
            f"Submissions: {meta['files']} file(s): {meta['accepted']} accepted, "
            f"{meta['duplicates']} already loaded, {meta['rejected']} rejected."
        )
        for report in meta["rejected_reports"]:
            typer.secho(f"  rejected, in quarantine with its report: {report}", fg="yellow")
        return  # a run over several quarters records the same load once per quarter


def register(app: typer.Typer) -> None:
    """The commands, their help in the clerk's language (PLANTRACK_LANG=en for English)."""
    for command in (submit, withdraw, status, template):
        app.command(help=t(f"{command.__name__}.help"))(command)
    app.command()(demo)
