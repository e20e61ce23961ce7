"""python -m bench.scale [--regions 2850] [--years 4] [--indicators 200] [--departments 4] [--keep DIR]

Generates the national world (untimed), then times in fresh processes DuckDB alone and the production
loader on the same files, and prints wall time and peak RSS side by side."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scale.world import REPO, World, build_warehouse, write_data_dir, write_landing


def _run(what: str, root: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.scale.measure", what, str(root)], cwd=REPO, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"{what} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=2850, help="county-level regions (2,850 = national)")
    parser.add_argument("--years", type=int, default=4, help="years from 2021 (every quarter of each)")
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--departments", type=int, default=4, help="per region, each leading indicators/departments")
    parser.add_argument("--keep", type=Path, help="generate into this (empty) folder and keep it")
    parser.add_argument(
        "--stage",
        choices=["pipeline", "loader"],
        default="pipeline",
        help="pipeline: the whole pipeline (plantrack run), a full build then one new quarter; "
        "loader: the submission loader alone",
    )
    args = parser.parse_args()
    if args.stage == "pipeline":
        return pipeline_bench(
            World(regions=args.regions, indicators=args.indicators, departments=args.departments, years=args.years), args.keep
        )
    world = World(regions=args.regions, indicators=args.indicators, departments=args.departments, years=args.years)
    with tempfile.TemporaryDirectory(prefix="plantrack-scale-") as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        data = write_data_dir(root, world)
        write_landing(root, data, world)
        build_warehouse(root, data)
        print(
            f"world: {world.regions:,} regions, {world.indicators} indicators, {world.departments} departments per "
            f"region, {world.years} years: {world.files:,} files, {world.rows:,} rows; generated in "
            f"{time.perf_counter() - started:.1f} s (not timed below) in {root}",
            flush=True,
        )
        alone = _run("duckdb", root)
        print(f"duckdb alone: {json.dumps(alone)}", flush=True)
        loaded = _run("loader", root)
        print(f"loader: {json.dumps(loaded, ensure_ascii=False)}", flush=True)
    base = alone["read_s"] + alone["group_s"]
    total = loaded["years_s"] + loaded["new_quarter_s"]
    table = [
        ("duckdb alone: read_csv → table", alone["read_s"], alone["peak_mb"]),
        ("duckdb alone: region × indicator × year group-by", alone["group_s"], None),
        ("duckdb alone: total", base, alone["peak_mb"]),
        (f"loader: loaded years ({loaded['years_files']:,} files)", loaded["years_s"], loaded["years_peak_mb"]),
        (
            f"loader: one new quarter on top ({loaded['new_quarter_files']:,} files)",
            loaded["new_quarter_s"],
            loaded["new_quarter_peak_mb"],
        ),
        (f"loader: total ({loaded['rows']:,} rows)", total, loaded["peak_mb"]),
    ]
    print(f"\n{'stage':<58} {'wall s':>8} {'peak RSS MB':>12} {'× duckdb alone':>15}")
    for stage, seconds, peak in table:
        ratio = f"{seconds / base:.2f}" if stage.startswith("loader") and "total" in stage else ""
        print(f"{stage:<58} {seconds:8.1f} {'' if peak is None else f'{peak:,.0f}':>12} {ratio:>15}")
    print(
        f"(listing the landing folder: {loaded['list_s']:.1f} s; loader statuses {loaded['years_status']} then "
        f"{loaded['new_quarter_status']}; {loaded['warnings']:,} warnings)"
    )


def pipeline_bench(world: World, keep: Path | None) -> None:
    """The whole pipeline on the world: DuckDB alone and the full build on every quarter but the last,
    then the last quarter as new files on top."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="plantrack-scale-") as scratch:
        root = keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        data = write_data_dir(root, world)
        landing = write_landing(root, data, world)
        print(
            f"world: {world.regions:,} regions, {world.indicators} indicators, {world.departments} departments per "
            f"region, {world.years} years: {world.files:,} files, {world.rows:,} rows; generated in "
            f"{time.perf_counter() - started:.1f} s (not timed below) in {root}",
            flush=True,
        )
        last = max(p.name for p in landing.iterdir() if p.is_dir())
        shutil.move(str(landing / last), str(root / last))  # DuckDB alone reads what the full build reads
        alone = _run("duckdb", root)
        print(f"duckdb alone (all quarters but {last}): {json.dumps(alone)}", flush=True)
        shutil.move(str(root / last), str(landing / last))
        ran = _run("pipeline", root)
        print(f"pipeline: {json.dumps(ran, ensure_ascii=False)}", flush=True)
    base = alone["read_s"] + alone["group_s"]
    new_rows = world.regions * world.indicators
    print(f"\n{'stage':<64} {'wall s':>8} {'peak RSS MB':>12} {'ratio':>22}")
    print(
        f"{'duckdb alone: read_csv + group-by (' + format(alone['rows'], ',') + ' rows)':<64} {base:8.1f} "
        f"{alone['peak_mb']:12,.0f}"
    )
    print(
        f"{'pipeline: full build, empty warehouse (same files)':<64} {ran['full_s']:8.1f} "
        f"{max(ran['full_peak_mb'], ran['full_children_peak_mb']):12,.0f} {ran['full_s'] / base:14.2f} × alone"
    )
    print(
        f"{'pipeline: one new quarter on top (' + ran['new_quarter'] + ', ' + format(new_rows, ',') + ' rows)':<64} "
        f"{ran['new_quarter_s']:8.1f} {max(ran['new_quarter_peak_mb'], ran['new_quarter_children_peak_mb']):12,.0f} "
        f"{ran['new_quarter_s'] / ran['full_s']:14.1%} of full"
    )
    print("(peak RSS: the larger of the pipeline process and its largest child process, dbt or the GX worker)")
    for phase in ("full", "new_quarter"):
        print(f"slowest steps, {phase}: {ran[phase + '_steps']}")
        if not ran[phase + "_ok"]:
            print(f"{phase} FAILED: {ran[phase + '_failure']}")


if __name__ == "__main__":
    main()
