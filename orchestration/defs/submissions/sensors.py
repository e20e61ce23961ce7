"""The landing sensor: a file dropped into the landing folder starts a load of its quarter.

Every 30 s it looks at landing/ and compares with its previous look, kept in its cursor: a file
whose size and modification time have not changed for `PLANTRACK_SETTLE_SECONDS` (default 5)
across two looks is complete; a new or growing one waits for the next tick, and names like
`*.part` are never taken (landing.py). It reads each settled file's quarter and checksum once (the
cursor keeps them per path, size and mtime) and asks for one run of `load_submissions` per quarter,
naming the files it found settled, so the run loads those and not a file that arrived since. The
run key is the files' checksums, so the same files never start a second run; the load itself is
idempotent anyway.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from orchestration.defs.submissions.jobs import load_submissions
from orchestration.defs.submissions.partitions import quarterly_partitions
from orchestration.settings import load_settings
from orchestration.defs.submissions.landing import look, settle_seconds


def files_config(files: list[str]) -> dict:
    """Run config for a load of exactly these landing files."""
    return {"ops": {"submissions": {"config": {"files": files}}}}


@sensor(
    job=load_submissions,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Starts load_submissions for the quarter of each new, settled file in the landing folder.",
)
def landing_sensor(context: SensorEvaluationContext):
    settings = load_settings()
    seen = look(settings, context.cursor, settle_seconds(), now=time.time())
    context.update_cursor(seen.cursor())
    keys = quarterly_partitions.get_partition_keys()
    by_quarter: dict[str, list] = defaultdict(list)
    for path, file in seen.settled:
        # unreadable or out-of-range files go with the latest quarter's run, which quarantines them
        by_quarter[file.period if file.period in keys else keys[-1]].append((file.sha256, path))
    if not by_quarter:
        if seen.waiting:
            return SkipReason(f"{seen.waiting} file(s) in {settings.landing_dir} still changing: next tick")
        return SkipReason(f"no files in {settings.landing_dir}")
    return [
        RunRequest(
            run_key=hashlib.sha256("|".join(sorted(sha for sha, _ in files)).encode()).hexdigest(),
            partition_key=quarter,
            run_config=files_config(sorted(str(path) for _, path in files)),
            tags={"plantrack/files": ", ".join(sorted(path.name for _, path in files))[:200]},
        )
        for quarter, files in sorted(by_quarter.items())
    ]
