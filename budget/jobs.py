"""The budget's scheduled jobs, run by the core's job runner."""

from __future__ import annotations

from pyramid.registry import Registry

from budget.execution_feed import report_last_month
from municipality.jobs import for_each_commune


def report_execution(registry: Registry) -> None:
    """Report each commune's execution of the last complete month to the national
    transparency platform, once per month (the job runs daily and skips what is done)."""
    for_each_commune(registry, "budget", report_last_month)
