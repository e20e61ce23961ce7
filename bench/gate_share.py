"""How much time the quality gate (the Great Expectations suites) adds to a full run.

Runs the whole pipeline on the bundled data twice, each in a fresh process and temporary folders:
once with the gate, once without it (the GX checks left out and the GX worker never started;
dbt's own tests run in both). Prints both wall times, the gate's share, and the time spent in the gate's
check steps of the first run.

    .venv/bin/python bench/gate_share.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _one_run(with_gate: bool) -> dict:
    from dagster import AssetSelection, DagsterEventType

    import orchestration.defs.reference.assets as raw
    from orchestration.defs.quality.quality_gate import quality_checks
    from orchestration.run import run_pipeline

    selection = None
    if not with_gate:
        raw.prewarm = lambda: None  # no gate, no Great Expectations worker
        gx_keys = [key for check in quality_checks for key in check.check_keys]
        selection = AssetSelection.all() - AssetSelection.checks(*gx_keys)
    started = time.perf_counter()
    result = run_pipeline(selection=selection)
    wall = time.perf_counter() - started
    steps = {}
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_SUCCESS:
            steps[event.step_key] = event.event_specific_data.duration_ms / 1000
    gate = sum(seconds for step, seconds in steps.items() if "_gx_" in step)
    return {"success": result.success, "wall": wall, "gate_steps": gate, "steps": steps}


def _in_fresh_process(with_gate: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-") as tmp:
        env = {
            **os.environ,
            "PLANTRACK_WORK": f"{tmp}/work",
            "PLANTRACK_PUBLISHED": f"{tmp}/published/plantrack.duckdb",
            "PLANTRACK_SUBMISSIONS": f"{tmp}/submissions",
        }
        finished = subprocess.run(
            [sys.executable, __file__, "--child", "with" if with_gate else "without"],
            env=env,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
    if finished.returncode != 0:
        sys.exit(finished.stderr[-3000:])
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", choices=["with", "without"])
    args = parser.parse_args()
    if args.child:
        import logging

        logging.disable(logging.CRITICAL)
        print(json.dumps(_one_run(args.child == "with")))
        return
    withs, withouts, steps = [], [], []
    for n in range(args.repeat):
        without = _in_fresh_process(False)
        with_gate = _in_fresh_process(True)
        withs.append(with_gate["wall"]), withouts.append(without["wall"]), steps.append(with_gate["gate_steps"])
        added = with_gate["wall"] - without["wall"]
        print(
            f"pair {n + 1}: full run {with_gate['wall']:.1f} s with the gate, {without['wall']:.1f} s without: "
            f"+{added:.1f} s = {added / with_gate['wall']:.0%}; the gate's check steps took {with_gate['gate_steps']:.1f} s"
        )
    best_with, best_without = min(withs), min(withouts)
    print(
        f"best of {args.repeat}: {best_with:.1f} s with the gate, {best_without:.1f} s without: the gate adds "
        f"{best_with - best_without:.1f} s = {(best_with - best_without) / best_with:.0%} of a full run; "
        f"its check steps alone {min(steps):.1f} s = {min(steps) / best_with:.0%} (the rest: starting the GX "
        f"worker and its import beside dbt, {os.cpu_count()} cores here)"
    )


if __name__ == "__main__":
    main()
