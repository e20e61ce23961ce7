"""`plantrack approve | reopen`: the statistics office approves (locks) a region × quarter, or reopens it."""

from __future__ import annotations


import duckdb
import typer

from orchestration.settings import load_settings


def _record_and_rebuild(command: str, action, *args) -> dict:
    """Record the approval change under the writer lock, then rebuild and publish (as `withdraw` does)."""
    from orchestration.defs.approval.locks import ApprovalError
    from orchestration.cli_support import rebuild_and_publish
    from orchestration.writer_lock import writer_lock

    path = load_settings().warehouse_path
    if not path.exists():
        typer.secho(f"plantrack: no warehouse at {path}: run `plantrack run` first.", fg="red", err=True)
        raise typer.Exit(code=1)
    with writer_lock(command):
        with duckdb.connect(str(path)) as conn:
            try:
                done = action(conn, *args)
            except ApprovalError as error:
                typer.secho(f"plantrack: {error}.", fg="red", err=True)
                raise typer.Exit(code=1) from error
        yield_message = done.pop("message")
        typer.echo(yield_message + " Rebuilding and publishing …")
        rebuild_and_publish("the change")
    return done


def approve(
    region: str = typer.Argument(..., help="Region code (330200) or name (宁波市)."),
    quarter: str = typer.Argument(..., help="The quarter, e.g. 2025Q3."),
    by: str = typer.Option(..., "--by", help="Who approves (published in the audit table)."),
    comment: str = typer.Option(None, "--comment", help="Optional note kept with the approval."),
) -> None:
    """Approve a region × quarter: its figures are published as approved, and a new or revised file for
    it is quarantined (locked) until someone reopens it."""
    from orchestration.defs.approval.locks import approve as approve_quarter

    def action(conn):
        done = approve_quarter(conn, region, quarter, by, comment)
        done["message"] = (
            f"{done['region_code']} {done['region_name_zh']} {done['year']}Q{done['quarter']} approved by {by} "
            f"({done['submissions']} department(s) submitted): locked, new or revised files are quarantined."
        )
        return done

    _record_and_rebuild("plantrack approve", action)


def reopen(
    region: str = typer.Argument(..., help="Region code (330200) or name (宁波市)."),
    quarter: str = typer.Argument(..., help="The quarter, e.g. 2025Q3."),
    reason: str = typer.Option(..., "--reason", help="Why it is reopened (published in the audit table)."),
    by: str = typer.Option(..., "--by", help="Who reopens it (published in the audit table, as for approve)."),
) -> None:
    """Reopen an approved region × quarter: unlocked, its figures are provisional again and departments
    may send new or revised files."""
    from orchestration.defs.approval.locks import reopen as reopen_quarter

    def action(conn):
        done = reopen_quarter(conn, region, quarter, by, reason)
        done["message"] = (
            f"{done['region_code']} {done['region_name_zh']} {done['year']}Q{done['quarter']} reopened by {by} "
            f"(approved by {done['approved_by']} on {done['approved_at']:%Y-%m-%d %H:%M}): {reason}."
        )
        return done

    _record_and_rebuild("plantrack reopen", action)


def register(app: typer.Typer) -> None:
    for command in (approve, reopen):
        app.command()(command)
