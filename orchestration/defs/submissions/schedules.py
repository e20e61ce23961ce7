"""The quarterly load after each reporting deadline.

Submissions are due some days after a quarter ends (dbt var submission_deadline_days, 20: read by
rules/calendar.py); on the day after the deadline at 06:00 this loads whatever is in the landing folder for the quarter just
closed and rebuilds the marts, so the completeness mart marks what is still missing.
"""

from __future__ import annotations

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, SkipReason, schedule

from orchestration.defs.submissions.jobs import load_submissions
from orchestration.defs.submissions.partitions import previous_quarter, quarterly_partitions
from orchestration.rules.calendar import deadline_days


@schedule(
    job=load_submissions,
    cron_schedule=f"0 6 {deadline_days() + 1} 1,4,7,10 *",  # a deadline within the next quarter's first month
    default_status=DefaultScheduleStatus.RUNNING,
    description=f"Day {deadline_days() + 1} after each quarter: load the closed quarter's submissions and rebuild the marts.",
)
def quarterly_load(context: ScheduleEvaluationContext):
    quarter = previous_quarter(context.scheduled_execution_time.date())
    if quarter not in quarterly_partitions.get_partition_keys():
        return SkipReason(f"{quarter} is outside the plans' horizons")
    return RunRequest(run_key=quarter, partition_key=quarter)
