"""How long the Dagster code location takes to load: fresh interpreters, as `dagster dev` starts them.

Prints the wall time of each run (import of orchestration.definitions plus resolving the asset
graph and the repository, which is what the code server does before the UI can show it), then
the minimum and median. Usage: .venv/bin/python bench/load_time.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

PROBE = (
    "import time; t = time.perf_counter()\n"
    "from orchestration.definitions import defs\n"
    "defs.resolve_asset_graph(); defs.get_repository_def()\n"
    "print(time.perf_counter() - t)\n"
)


def main(runs: int = 5) -> None:
    walls, inner = [], []
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        inner.append(float(out.stdout.strip().splitlines()[-1]))
        print(f"run {len(walls)}: {walls[-1]:.2f} s wall (interpreter start included), {inner[-1]:.2f} s load")
    print(f"code-location load: min {min(walls):.2f} s, median {statistics.median(walls):.2f} s over {runs} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
