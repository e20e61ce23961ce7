"""BI access: docs/bi.md is what the dbt YAML gives, and the documented route is read-only."""

import hashlib

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from orchestration.defs.publishing.bi_docs import BI_DOC, EXAMPLE_QUERIES, NON_DBT_TABLES, dbt_models, published_tables, render_bi_doc


def test_committed_bi_doc_is_generated_from_the_dbt_yaml():
    assert BI_DOC.read_text(encoding="utf-8") == render_bi_doc(), "docs/bi.md is stale: run `plantrack bi-docs`"


def test_every_published_column_is_documented(built):
    documented = {**dbt_models(), **NON_DBT_TABLES}
    for table in published_tables():
        columns = [c for (c, *_) in built.query(f"describe {table}")]
        yaml_columns = [c["name"] for c in documented[table].get("columns", [])]
        assert yaml_columns == columns, f"{table}: document its columns in the dbt YAML, then `plantrack bi-docs`"
        assert all(c.get("description") for c in documented[table]["columns"]), table


@pytest.fixture
def read_only_engine(built):
    engine = create_engine(f"duckdb:///{built.published}", connect_args={"read_only": True})
    yield engine
    engine.dispose()


def test_example_queries_run_through_sqlalchemy(read_only_engine):
    with read_only_engine.connect() as conn:
        results = [conn.execute(text(sql)).all() for _, sql in EXAMPLE_QUERIES]
        (not_met,) = conn.execute(text("""select count(*) from mart_progress p join dim_region r using (region_code)
                                          where r.name_zh = '宁波市' and p.year = 2024 and p.status = 'not_met'""")).one()
    assert all(results[1:]), "the documents give 5G targets, departments, statuses and sources"
    assert sum(1 for row in results[0] if row.status == "not_met") == not_met


def test_a_write_through_the_read_only_connection_is_refused(read_only_engine, built):
    before = hashlib.sha256(built.published.read_bytes()).hexdigest()
    with read_only_engine.connect() as conn, pytest.raises(DBAPIError, match="read-only"):
        conn.execute(text("create table scratch (a integer)"))
    with read_only_engine.connect() as conn, pytest.raises(DBAPIError, match="read-only"):
        conn.execute(text("delete from mart_progress"))
    assert hashlib.sha256(built.published.read_bytes()).hexdigest() == before
