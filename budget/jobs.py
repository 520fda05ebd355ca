"""The budget's scheduled jobs, run by the core's job runner."""

from __future__ import annotations

from pyramid.registry import Registry

from budget.execution_feed import JOB_ACTOR, report_last_month
from budget.revenues import receipts
from municipality.jobs import for_each_commune


def report_execution(registry: Registry) -> list[int]:
    """Report each commune's execution of the last complete month to the national
    transparency platform, once per month (the job runs daily and skips what is done)."""
    return for_each_commune(registry, "budget", report_last_month)


def issue_waiting_receipts(registry: Registry) -> list[int]:
    """Seal the receipts of counter collections recorded while the commune had no signer."""
    return for_each_commune(
        registry,
        "budget",
        lambda session, commune: receipts.issue_missing(
            session, registry, actor=JOB_ACTOR, commune=commune
        ),
    )
