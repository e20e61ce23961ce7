"""A warehouse built by the previous release upgrades in place, without losing a row.

tests/fixtures/warehouse_4adecc9.sql is such a warehouse: the DDL of release 4adecc9 (its
`create table if not exists` blocks in load.py, ledger.py and results.py, verbatim) and rows a run of
that release's loader wrote (`plantrack run --demo`, a sample of the submissions). It has no
meta.schema_migrations: versioning came after it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import run_into
from orchestration.defs.warehouse.migrations import Migration, MigrationError, migrate, registry

FIXTURE = Path(__file__).parent / "fixtures" / "warehouse_4adecc9.sql"

# The tables a run adds to and never rewrites: each of their rows must survive an upgrade and a run.
KEPT = [
    "raw.submission_log",
    "raw.submission_values",
    "raw.submission_rejections",
    "raw.submission_warnings",
    "raw.submission_withdrawals",
    "raw.submission_checks",
]
# Consumed by a successful build and publish (dirty → unpublished → gone), so kept only by the migration.
CONSUMED = ["raw.dirty_keys", "raw.unpublished_keys"]


def previous_release(path: Path) -> dict[str, list[tuple]]:
    """Build the previous release's warehouse at `path`; returns its rows by table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as conn:
        conn.execute(FIXTURE.read_text(encoding="utf-8"))
        return {table: _rows(conn, table) for table in KEPT + CONSUMED}


def _columns(conn, table: str) -> list[str]:
    return [name for name, *_ in conn.execute(f"describe {table}").fetchall()]


def _rows(conn, table: str, columns: list[str] | None = None) -> list[tuple]:
    selected = ", ".join(columns or _columns(conn, table))
    return sorted(conn.execute(f"select {selected} from {table}").fetchall(), key=repr)


def test_the_fixture_has_rows_in_every_kept_table(tmp_path):
    rows = previous_release(tmp_path / "w.duckdb")
    for table in KEPT + ["raw.dirty_keys"]:
        assert rows[table], f"{table}: the fixture should exercise it"


def test_the_registry_is_numbered_once_each_without_gaps():
    migrations = registry()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert migrations[0].name == "release_4adecc9"


@pytest.mark.parametrize("names", [["0001_a.sql", "0001_b.sql"], ["0001_a.sql", "0003_c.sql"], ["1_a.sql"]])
def test_a_broken_registry_is_refused(tmp_path, names):
    for name in names:
        (tmp_path / name).write_text("select 1", encoding="utf-8")
    with pytest.raises(MigrationError):
        registry(tmp_path)


def test_a_new_column_upgrades_the_previous_release_keeping_every_row(tmp_path):
    """The registry as it is, plus one more entry of the kind the next feature adds."""
    path = tmp_path / "w.duckdb"
    before = previous_release(path)
    added = Migration(
        len(registry()) + 1,
        "submission_values_source_page",
        "alter table raw.submission_values add column if not exists source_page integer",
    )
    migrations = [*registry(), added]
    with duckdb.connect(str(path)) as conn:
        old_columns = {table: _columns(conn, table) for table in before}
        assert migrate(conn, migrations) == [m.version for m in migrations]
        for table, rows in before.items():
            assert _rows(conn, table, old_columns[table]) == rows, table
        assert conn.execute("select count(*) from raw.submission_values where source_page is not null").fetchone() == (0,)
        assert migrate(conn, migrations) == []  # once only
        versions = conn.execute("select version, name from meta.schema_migrations order by version").fetchall()
        assert versions == [(m.version, m.name) for m in migrations]

        # writers name their columns: the added column (last in this table) does not shift them
        from orchestration.defs.submissions.ledger import mark_dirty

        conn.execute("alter table raw.dirty_keys add column if not exists note varchar")
        mark_dirty(conn, "l.status = 'accepted'", "after the upgrade")
        assert (
            conn.execute(
                "select count(*) from raw.dirty_keys where reason = 'after the upgrade' "
                "and department_code is not null and marked_at is not null"
            ).fetchone()[0]
            > 0
        )


def test_a_failing_migration_leaves_the_warehouse_as_it_was(tmp_path):
    path = tmp_path / "w.duckdb"
    before = previous_release(path)
    broken = Migration(
        len(registry()) + 1, "broken", "alter table raw.submission_log add column extra integer; select * from no_such_table"
    )
    with duckdb.connect(str(path)) as conn:
        with pytest.raises(MigrationError, match="broken"):
            migrate(conn, [*registry(), broken])
        assert "extra" not in _columns(conn, "raw.submission_log")
        assert conn.execute("select max(version) from meta.schema_migrations").fetchone() == (len(registry()),)
        assert _rows(conn, "raw.submission_log") == before["raw.submission_log"]


def test_a_warehouse_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "w.duckdb"
    previous_release(path)
    with duckdb.connect(str(path)) as conn:
        migrate(conn)
        conn.execute("insert into meta.schema_migrations values (999, 'from the future', now()::timestamp)")
        with pytest.raises(MigrationError, match="newer release"):
            migrate(conn)


def test_the_previous_release_upgrades_through_a_whole_run_in_a_folder_with_an_apostrophe(tmp_path):
    """The new code's pipeline on the old warehouse: every submission row is still there afterwards,
    the old submissions reach the published file, and paths with `'` (working folder, published
    file) stop nothing."""
    root = tmp_path / "o'brien's plantrack"
    warehouse = root / "warehouse" / "plantrack.duckdb"
    before = previous_release(warehouse)
    run = run_into(root, published=root / "published" / "plan'track.duckdb")
    assert run.success, run.summary
    assert run.published.exists()
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from meta.schema_migrations").fetchone() == (len(registry()),)
        for table in KEPT:
            columns = _columns(conn, table)[: len(before[table][0])]
            now = _rows(conn, table, columns)
            lost = [row for row in before[table] if row not in now]
            assert not lost, f"{table}: {len(lost)} row(s) lost, e.g. {lost[:2]}"
    accepted = {row[0] for row in before["raw.submission_log"] if row[12] == "accepted"}
    published = {sid for (sid,) in run.query("select submission_id from fct_submission_history")}
    assert accepted <= published
