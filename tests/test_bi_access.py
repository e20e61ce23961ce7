"""BI access: docs/bi.md is what the dbt YAML gives, and the documented route is read-only."""

import hashlib
import shutil
import subprocess
import sys

import duckdb
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from orchestration.defs.publishing.bi_docs import (
    BI_DOC,
    EXAMPLE_QUERIES,
    NON_DBT_TABLES,
    dbt_models,
    published_tables,
    render_bi_doc,
)


def test_committed_bi_doc_is_generated_from_the_dbt_yaml():
    assert BI_DOC.read_text(encoding="utf-8") == render_bi_doc(), "docs/bi.md is stale: run `plantrack bi-docs`"


def test_every_published_column_is_documented(built):
    documented = {**dbt_models(), **NON_DBT_TABLES}
    for table in published_tables():
        columns = [c for (c, *_) in built.query(f"describe {table}")]
        yaml_columns = [c["name"] for c in documented[table].get("columns", [])]
        assert yaml_columns == columns, f"{table}: document its columns in the dbt YAML, then `plantrack bi-docs`"
        assert all(c.get("description") for c in documented[table]["columns"]), table


SEALED = {"enable_external_access": False}


@pytest.fixture
def read_only_engine(built):
    """The engine docs/bi.md documents: read-only, sealed, a connection per use."""
    engine = create_engine(f"duckdb:///{built.published}", connect_args={"read_only": True, "config": SEALED}, poolclass=NullPool)
    yield engine
    engine.dispose()


def test_example_queries_run_through_sqlalchemy(read_only_engine):
    with read_only_engine.connect() as conn:
        results = [conn.execute(text(sql)).all() for _, sql in EXAMPLE_QUERIES]
        (not_met,) = conn.execute(
            text("""select count(*) from mart_progress p join dim_region r using (region_code)
                                          where r.name_zh = '宁波市' and p.year = 2024 and p.status = 'not_met'""")
        ).one()
    assert all(results[1:]), "the documents give 5G targets, departments, statuses and sources"
    assert sum(1 for row in results[0] if row.status == "not_met") == not_met


def test_a_write_through_the_read_only_connection_is_refused(read_only_engine, built):
    before = hashlib.sha256(built.published.read_bytes()).hexdigest()
    with read_only_engine.connect() as conn, pytest.raises(DBAPIError, match="read-only"):
        conn.execute(text("create table scratch (a integer)"))
    with read_only_engine.connect() as conn, pytest.raises(DBAPIError, match="read-only"):
        conn.execute(text("delete from mart_progress"))
    assert hashlib.sha256(built.published.read_bytes()).hexdigest() == before


def _attempts(target):
    """What a reader must not do: overwrite the published file, write a file beside it, read any file."""
    return [
        f"copy (select 1 as a) to '{target}' (format csv)",
        f"copy (select 1 as a) to '{target.with_name('dump.csv')}' (format csv)",
        "select * from read_text('/etc/hostname')",
        f"attach '{target.with_name('other.duckdb')}' as other",
    ]


@pytest.fixture
def published_copy(built, tmp_path):
    """A copy of the published file, so an attack that worked cannot break the other tests."""
    path = tmp_path / "plantrack.duckdb"
    shutil.copy(built.published, path)
    return path


def _refused_everywhere(run_sql, path):
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for sql in _attempts(path):
        with pytest.raises(Exception, match="(?i)disabled by configuration|permission|read-only") as refused:
            run_sql(sql)
        assert "not a valid" not in str(refused.value), sql
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the published file is untouched"
    assert not path.with_name("dump.csv").exists() and not path.with_name("other.duckdb").exists()
    with duckdb.connect(str(path), read_only=True) as conn:
        assert conn.execute("select count(*) from mart_progress").fetchone()[0] > 0, "still a valid DuckDB file"


def test_the_documented_sqlalchemy_engine_cannot_write_files_or_read_outside(published_copy):
    engine = create_engine(f"duckdb:///{published_copy}", connect_args={"read_only": True, "config": SEALED}, poolclass=NullPool)

    def run_sql(sql):
        with engine.connect() as conn:
            conn.execute(text(sql)).all()

    _refused_everywhere(run_sql, published_copy)
    engine.dispose()


def test_the_documented_uri_cannot_write_files_or_read_outside(published_copy):
    """Superset's "SQLAlchemy URI" field: both settings in the URI (a fresh process: DuckDB keeps one
    configuration per file and process)."""
    script = f"""
import sys
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
engine = create_engine("duckdb:///{published_copy}?access_mode=read_only&enable_external_access=false", poolclass=NullPool)
for sql in sys.argv[1:]:
    try:
        with engine.connect() as conn:
            conn.execute(text(sql)).all()
        print("ALLOWED", sql)
    except Exception as error:
        print("REFUSED", str(error).splitlines()[0])
"""
    attempts = _attempts(published_copy)
    out = subprocess.run(
        [sys.executable, "-c", script, *attempts], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert out.count("REFUSED") == len(attempts) and "ALLOWED" not in out, out
    with duckdb.connect(str(published_copy), read_only=True) as conn:
        assert conn.execute("select count(*) from mart_progress").fetchone()[0] > 0


def test_the_documented_duckdb_connection_cannot_write_files_or_read_outside(published_copy):
    def run_sql(sql):
        with duckdb.connect(str(published_copy), read_only=True, config=SEALED) as conn:
            conn.execute(sql).fetchall()

    _refused_everywhere(run_sql, published_copy)


def test_the_documented_connections_are_written_in_docs_bi_md():
    doc = BI_DOC.read_text(encoding="utf-8")
    assert 'connect_args={"read_only": True, "config": {"enable_external_access": False}}' in doc
    assert "?access_mode=read_only&enable_external_access=false" in doc
    assert "set enable_external_access = false" in doc and "poolclass=NullPool" in doc
    assert "JDBC" in doc


def test_bi_tools_list_columns_and_descriptions_through_sqlalchemy(read_only_engine):
    """What Superset does to list a table's columns: reflection, with the dbt descriptions as comments."""
    documented = {**dbt_models(), **NON_DBT_TABLES}
    inspector = inspect(read_only_engine)
    assert set(published_tables()) <= set(inspector.get_table_names())
    for table in published_tables():
        columns = inspector.get_columns(table)
        assert [c["name"] for c in columns] == [c["name"] for c in documented[table]["columns"]], table
        expected = {c["name"]: " ".join(c["description"].split()) for c in documented[table]["columns"]}
        assert {c["name"]: c["comment"] for c in columns} == expected, f"{table}: column comments are the dbt descriptions"
        assert inspector.get_table_comment(table)["text"] == " ".join(documented[table]["description"].split())


def test_a_connection_kept_open_keeps_reading_the_old_file_and_nullpool_sees_a_new_publish(published_copy, tmp_path):
    """Why docs/bi.md says NullPool: a publish replaces the file; an open connection keeps the old one."""
    pooled = create_engine(f"duckdb:///{published_copy}", connect_args={"read_only": True, "config": SEALED})
    per_use = create_engine(f"duckdb:///{published_copy}", connect_args={"read_only": True, "config": SEALED}, poolclass=NullPool)
    query = text("select count(*) from publish_log")
    with pooled.connect() as conn:
        before = conn.execute(query).scalar_one()
    # a publish: a new file renamed over the old one (as publish.py does)
    new = tmp_path / "new.duckdb"
    shutil.copy(published_copy, new)
    with duckdb.connect(str(new)) as conn:
        conn.execute("insert into publish_log (version) values (999999)")
    new.replace(published_copy)
    with pooled.connect() as conn:
        assert conn.execute(query).scalar_one() == before, "the pooled connection still reads the replaced file"
    with per_use.connect() as conn:  # DuckDB shares one open database per file and process:
        assert conn.execute(query).scalar_one() == before, "while the pool holds the old file, so does a new connection"
    pooled.dispose()
    with per_use.connect() as conn:
        assert conn.execute(query).scalar_one() == before + 1, (
            "with nothing holding it open, a new connection sees the new publish"
        )
    with per_use.connect() as conn:
        assert conn.execute(query).scalar_one() == before + 1
    per_use.dispose()
