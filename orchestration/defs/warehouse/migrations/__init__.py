"""The warehouse's own tables, versioned: a warehouse built by an earlier release upgrades in place.

Most of the warehouse is rebuilt on every run (the curated raw tables are replaced, dbt rebuilds its
models). The tables that accumulate — the submission log and values, the ledger, the gate's results
— are created and changed only here, by numbered migrations; `meta.schema_migrations` records which
ones a warehouse has had. `migrate(conn)` applies the missing ones in order, each in one transaction
with its record, and is cheap when there is nothing to do (every writer calls it before writing:
`ensure_ledger`, the loader, the gate's results).

Adding a table or a column = adding one file beside this one:

    orchestration/defs/warehouse/migrations/0002_submission_values_source_page.sql

    -- Page of the source document a submitted value was read from (issue 12).
    alter table raw.submission_values add column if not exists source_page integer;

- The number is the next free one (4 digits, no gaps, never reused); the rest of the name says what
  it does. Two branches that both took the same number fail `tests/test_warehouse_migrations.py`:
  renumber the later one.
- Never edit a migration that has been released: warehouses out there have run it. Fix forward
  with a new one.
- A new table: `create table if not exists raw.x (...)`; a new column: `alter table ... add column
  if not exists c type` (optionally `default ...`, or an `update` that fills it for the old rows).
  Existing rows must survive: no `create or replace`, no drop of a table with data.
- Code that writes these tables names its columns (`insert into raw.x (a, b) select ...`, or
  `insert ... by name`): in an upgraded warehouse an added column comes last, whatever the
  migration's order in a fresh one.
- Several statements per file are fine (`;`-separated); DuckDB runs them in the migration's
  transaction, so a failing migration leaves the warehouse as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).parent
VERSION_TABLE = "meta.schema_migrations"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


class MigrationError(RuntimeError):
    """The migrations cannot be applied: a broken registry, or a warehouse newer than this code."""


def registry(folder: Path = FOLDER) -> list[Migration]:
    """The migrations in `folder`, in order; numbered 1, 2, 3 … without gaps or repeats."""
    migrations = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path}: a migration is named NNNN_what_it_does.sql")
        migrations.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    numbers = [m.version for m in migrations]
    if numbers != list(range(1, len(numbers) + 1)):
        raise MigrationError(f"{folder}: migrations must be numbered 1, 2, 3 … once each; found {numbers}")
    return migrations


def applied_versions(conn) -> list[int]:
    """Versions recorded in the warehouse (none for a warehouse from before versioning)."""
    exists = conn.execute(
        "select count(*) from information_schema.tables where table_catalog = current_database() "
        "and table_schema = 'meta' and table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return []
    return [v for (v,) in conn.execute(f"select version from {VERSION_TABLE} order by version").fetchall()]


def migrate(conn, migrations: list[Migration] | None = None) -> list[int]:
    """Apply the migrations this warehouse has not had; returns the versions applied now."""
    migrations = registry() if migrations is None else migrations
    applied = set(applied_versions(conn))
    known = {m.version for m in migrations}
    if applied - known:
        raise MigrationError(
            f"the warehouse has migrations {sorted(applied - known)} that this code does not know: "
            "it was written by a newer release; upgrade plantrack rather than run an older one on it"
        )
    pending = [m for m in migrations if m.version not in applied]
    if not pending:
        return []
    conn.execute("create schema if not exists meta")
    conn.execute(f"create table if not exists {VERSION_TABLE} (version integer primary key, name varchar, applied_at timestamp)")
    done = []
    for migration in pending:
        conn.execute("begin transaction")
        try:
            conn.execute(migration.sql)
            conn.execute(
                f"insert into {VERSION_TABLE} (version, name, applied_at) values (?, ?, now()::timestamp)",
                [migration.version, migration.name],
            )
            conn.execute("commit")
        except Exception as error:
            conn.execute("rollback")
            raise MigrationError(f"migration {migration.version:04d}_{migration.name} failed: {error}") from error
        done.append(migration.version)
    return done
