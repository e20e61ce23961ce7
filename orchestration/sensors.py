"""The landing sensor: a file dropped into the landing folder starts a load of its quarter.

Every 30 s it lists landing/ (files untouched for 5 s, so a copy in progress is left alone), reads
each file's quarter and asks for one run of `load_submissions` per quarter. The run key is the
files' checksums, so the same files never start a second run; the load itself is idempotent anyway.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from orchestration.jobs import load_submissions
from orchestration.partitions import quarterly_partitions
from orchestration.settings import load_settings
from orchestration.submissions.landing import landing_files, peek_period
from orchestration.submissions.reader import sha256_of


@sensor(
    job=load_submissions,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Starts load_submissions for the quarter of each new file in the landing folder.",
)
def landing_sensor(context: SensorEvaluationContext):
    settings = load_settings()
    keys = quarterly_partitions.get_partition_keys()
    by_quarter: dict[str, list] = defaultdict(list)
    for path in landing_files(settings, settle_seconds=5):
        period = peek_period(path)
        # unreadable or out-of-range files go with the latest quarter's run, which quarantines them
        by_quarter[period if period in keys else keys[-1]].append((sha256_of(path), path.name))
    if not by_quarter:
        return SkipReason(f"no files in {settings.landing_dir}")
    return [
        RunRequest(
            run_key=hashlib.sha256("|".join(sorted(sha for sha, _ in files)).encode()).hexdigest(),
            partition_key=quarter,
            tags={"plantrack/files": ", ".join(sorted(name for _, name in files))[:200]},
        )
        for quarter, files in sorted(by_quarter.items())
    ]
