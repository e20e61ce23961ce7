"""dbt's macros as plain SQL, for SQL that runs outside dbt (the loader's checks, the quality suites).

A rule SQL needs in both places is written once, as a dbt macro in dbt_project/macros/, and Python
renders it from there with Jinja (dbt's own template engine) instead of restating it. Only
self-contained macros can be rendered: ones that use their arguments and macros of the same file,
not dbt's context (ref, var, config).

    render("quarter_end", "y", "q")  ->  "last_day(make_date(y, q * 3, 1))"
    render_sql("select {{ quarter_end('y', 'q') }}")  ->  "select last_day(make_date(y, q * 3, 1))"
"""

from __future__ import annotations

from functools import cache

import jinja2

from orchestration.settings import DBT_PROJECT_DIR


@cache
def _macros(file_stem: str):
    path = DBT_PROJECT_DIR / "macros" / f"{file_stem}.sql"
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return environment.from_string(path.read_text(encoding="utf-8")).module


def render(macro: str, *args: str, file: str | None = None) -> str:
    """The SQL of dbt macro `macro` (in macros/<file or macro>.sql) called with these SQL expressions."""
    module = _macros(file or macro)
    function = getattr(module, macro, None)
    if function is None:
        raise ValueError(f"dbt_project/macros/{file or macro}.sql: macro {macro} not found")
    return str(function(*args)).strip()


@cache
def _all_macros() -> dict:
    """Every macro of dbt_project/macros by name (calling one that needs dbt's context fails)."""
    found = {}
    for path in sorted((DBT_PROJECT_DIR / "macros").glob("*.sql")):
        module = _macros(path.stem)
        found.update({name: getattr(module, name) for name in dir(module) if not name.startswith("_")})
    return found


def render_sql(text: str) -> str:
    """SQL that calls dbt macros as `{{ macro(...) }}` (a quality suite's query), rendered."""
    if "{{" not in text:
        return text
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return environment.from_string(text).render(**_all_macros())


def model_sql(model: str, tables: dict[str, str]) -> str:
    """The SQL of dbt model `model` (models/**/<model>.sql) with each ref('x') and source(_, 'x') read
    from tables['x'],
    for a model run on tables of one's own outside dbt (a benchmark's hand-built warehouse, a test's
    rows). The same limit as `render`: the model may call the project's self-contained macros only."""
    paths = sorted(DBT_PROJECT_DIR.glob(f"models/**/{model}.sql"))
    if len(paths) != 1:
        raise ValueError(f"dbt_project/models: {len(paths)} files named {model}.sql")
    context = {
        "ref": tables.__getitem__,
        "source": lambda _schema, name: tables[name],
        "config": lambda *args, **kwargs: "",
        "is_incremental": lambda: False,
    }
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return environment.from_string(paths[0].read_text(encoding="utf-8")).render(**context, **_all_macros())
