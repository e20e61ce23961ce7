"""The timed parts, each run in a fresh process (`python -m bench.scale.measure duckdb|loader ROOT`);
each prints one JSON line: wall seconds per stage and the process's peak RSS (ru_maxrss, DuckDB included)."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

import duckdb

from orchestration.sql import literal

COLUMNS = {
    "填报单位": "VARCHAR",
    "地区": "VARCHAR",
    "年份": "INTEGER",
    "季度": "VARCHAR",
    "指标": "VARCHAR",
    "数值": "VARCHAR",
    "单位": "VARCHAR",
    "口径": "VARCHAR",
    "备注": "VARCHAR",
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def duckdb_alone(root: Path) -> dict:
    """DuckDB by itself on the same files: read_csv with the explicit schema into a table of a DuckDB
    file, then one region × indicator × year group-by. Files it cannot read as UTF-8 are skipped."""
    landing = (root / "subs" / "landing").as_posix()
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items()) + "}"
    with duckdb.connect(str(root / "duckdb_alone.duckdb")) as conn:
        started = time.perf_counter()
        conn.execute(
            f"create or replace table t as select * from read_csv({literal(str(landing) + '/*/*.csv')}, header = true, "
            f"auto_detect = false, columns = {columns}, delim = ',', quote = '\"', escape = '\"', "
            f"filename = true, null_padding = true, ignore_errors = true)"
        )
        read = time.perf_counter() - started
        started = time.perf_counter()
        groups = conn.execute(
            "select count(*) from (select 地区, 指标, 年份, sum(try_cast(replace(数值, '%', '') as double)), "
            "max(try_cast(replace(数值, '%', '') as double)) from t group by all)"
        ).fetchone()[0]
        grouped = time.perf_counter() - started
        rows = conn.execute("select count(*) from t").fetchone()[0]
    return {"read_s": read, "group_s": grouped, "rows": rows, "groups": groups, "peak_mb": _peak_mb()}


def loader(root: Path) -> dict:
    """The production loader on a warehouse with the reference models: every period but the last
    first (the loaded years), then the last period alone (a new quarter on top)."""
    os.environ.update(
        PLANTRACK_WORK=str(root / "warehouse"), PLANTRACK_SUBMISSIONS=str(root / "subs"), PLANTRACK_DATA=str(root / "data")
    )
    from orchestration.settings import load_settings
    from orchestration.defs.submissions.landing import landing_files
    from orchestration.defs.submissions.load import load_files

    settings = load_settings()
    started = time.perf_counter()
    files = landing_files(settings)
    listed = time.perf_counter() - started
    last = max(p.parent.name for p in files)
    phases = {"years": [p for p in files if p.parent.name != last], "new_quarter": [p for p in files if p.parent.name == last]}
    result = {"list_s": listed, "files": len(files)}
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        for phase, paths in phases.items():
            started = time.perf_counter()
            outcomes = load_files(conn, paths, settings)
            result[f"{phase}_s"] = time.perf_counter() - started
            result[f"{phase}_files"] = len(paths)
            result[f"{phase}_peak_mb"] = _peak_mb()
            statuses = {}
            for o in outcomes:
                statuses[o.status] = statuses.get(o.status, 0) + 1
            result[f"{phase}_status"] = statuses
            if statuses.get("rejected"):
                bad = next(o for o in outcomes if o.status == "rejected")
                result[f"{phase}_first_rejection"] = [str(bad.path.name), (bad.problems or [])[:3]]
        result["rows"] = conn.execute("select count(*) from raw.submission_values").fetchone()[0]
        result["warnings"] = conn.execute("select count(*) from raw.submission_warnings").fetchone()[0]
    result["peak_mb"] = _peak_mb()
    return result


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def pipeline(root: Path) -> dict:
    """The real pipeline (what `plantrack run` runs: raw loads, submissions, dbt, the quality gate,
    publish, dashboard) on the world's data directory: every period but the last (the full build from
    an empty warehouse), then the last period dropped into landing/ and loaded as the landing sensor
    does (job load_submissions: one new quarter on top). Seconds
    per step from the run's events; peak RSS of this process and of its largest child (dbt, the GX worker)."""
    import shutil

    os.environ.update(
        PLANTRACK_WORK=str(root / "pipeline"),
        PLANTRACK_SUBMISSIONS=str(root / "subs"),
        PLANTRACK_DATA=str(root / "data"),
        PLANTRACK_PUBLISHED=str(root / "published" / "plantrack.duckdb"),
        DAGSTER_HOME=str(root / "dagster_home"),
        DO_NOT_TRACK="1",
    )
    (root / "dagster_home").mkdir(exist_ok=True)
    from dagster import AssetSelection, DagsterInstance

    from orchestration.defs.submissions.assets import submissions
    from orchestration.run import failure_summary, run_pipeline

    landing = root / "subs" / "landing"
    last = max(p.name for p in landing.iterdir() if p.is_dir())
    held = root / "held_back"
    held.mkdir(exist_ok=True)
    shutil.move(str(landing / last), str(held / last))
    result = {"new_quarter": last}
    for phase in ("full", "new_quarter"):
        if phase == "new_quarter":
            shutil.move(str(held / last), str(landing / last))
        steps, started_at = {}, {}

        def on_event(event):
            kind = event.event_type_value
            if kind == "STEP_START":
                started_at[event.step_key] = time.perf_counter()
            elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in started_at:
                steps[event.step_key] = round(time.perf_counter() - started_at[event.step_key], 1)

        # the full build is `plantrack run`; a new quarter is what the landing sensor launches
        # (job load_submissions: the submissions and everything built on them)
        selection = None if phase == "full" else AssetSelection.assets(submissions).downstream()
        started = time.perf_counter()
        with DagsterInstance.ephemeral() as instance:
            run = run_pipeline(instance=instance, on_event=on_event, selection=selection)
        result[f"{phase}_s"] = time.perf_counter() - started
        result[f"{phase}_ok"] = run.success
        if not run.success:
            result[f"{phase}_failure"] = failure_summary(run)[:2000]
        result[f"{phase}_steps"] = dict(sorted(steps.items(), key=lambda kv: -kv[1])[:12])
        result[f"{phase}_peak_mb"] = _peak_mb()
        result[f"{phase}_children_peak_mb"] = _children_peak_mb()
    import duckdb as db

    with db.connect(str(root / "published" / "plantrack.duckdb"), read_only=True) as conn:
        result["published_fct_actual_rows"] = conn.execute("select count(*) from fct_actual").fetchone()[0]
    return result


if __name__ == "__main__":
    what, root = sys.argv[1], Path(sys.argv[2])
    modes = {"duckdb": duckdb_alone, "loader": loader, "pipeline": pipeline}
    print(json.dumps(modes[what](root), ensure_ascii=False, default=str))
