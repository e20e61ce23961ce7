"""How long the Dagster code location takes to load, in fresh interpreters as `dagster dev` starts them.

Each run starts Python, imports Dagster and dagster-dbt (public modules; what Dagster's code server loads
before it touches user code, near enough), then imports orchestration.definitions and resolves the asset graph and the
repository. Prints per run: the whole wall time, Dagster's own start-up, and the plantrack part
(what this project controls); then min and median of each.
Usage: .venv/bin/python bench/load_time.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

PROBE = """
import time
t0 = time.perf_counter()
import dagster, dagster_dbt
t1 = time.perf_counter()
from orchestration.definitions import defs
defs.resolve_asset_graph(); defs.get_repository_def()
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def main(runs: int = 5) -> None:
    totals, dagster_parts, plantrack_parts = [], [], []
    for n in range(1, runs + 1):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True)
        totals.append(time.perf_counter() - started)
        dagster_part, plantrack_part = map(float, out.stdout.split()[-2:])
        dagster_parts.append(dagster_part)
        plantrack_parts.append(plantrack_part)
        print(
            f"run {n}: {totals[-1]:.2f} s in all = Dagster start-up {dagster_part:.2f} s + plantrack definitions {plantrack_part:.2f} s"
        )
    for label, values in (("in all", totals), ("Dagster start-up", dagster_parts), ("plantrack definitions", plantrack_parts)):
        print(f"code-location load, {label}: min {min(values):.2f} s, median {statistics.median(values):.2f} s over {runs} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
