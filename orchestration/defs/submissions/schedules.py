"""The quarterly load after each reporting deadline.

Submissions are due 20 days after a quarter ends (dbt var submission_deadline_days); on day 21 of
the following month at 06:00 this loads whatever is in the landing folder for the quarter just
closed and rebuilds the marts, so the completeness mart marks what is still missing.
"""

from __future__ import annotations

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, SkipReason, schedule

from orchestration.defs.submissions.jobs import load_submissions
from orchestration.defs.submissions.partitions import previous_quarter, quarterly_partitions


@schedule(
    job=load_submissions,
    cron_schedule="0 6 21 1,4,7,10 *",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Day 21 after each quarter: load the closed quarter's submissions and rebuild the marts.",
)
def quarterly_load(context: ScheduleEvaluationContext):
    quarter = previous_quarter(context.scheduled_execution_time.date())
    if quarter not in quarterly_partitions.get_partition_keys():
        return SkipReason(f"{quarter} is outside the plans' horizons")
    return RunRequest(run_key=quarter, partition_key=quarter)
