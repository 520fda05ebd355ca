"""Budget and spending: the commune's budget, its credits and every expense against them.

The authorising officer (``budget_officer``) prepares the budget, records its adoption,
commits, liquidates and orders expenses; the accountant (``accountant``) pays them or
sends them back. Both sign with money, so both log in with a second factor, and the
services refuse a payment to whoever committed or ordered it.
"""

from __future__ import annotations

from pyramid.config import Configurator

from budget.permissions import ACCOUNTANT, OFFICER, Perm
from municipality.i18n import _
from municipality.providers import Kind

MANIFEST = {
    "name": "budget",
    "title": _("Budget"),
    "version": "0.1.0",
    "description": _("The commune's budget, its credits and the expenditure chain."),
    "depends": ["documents"],
    "permissions": [*Perm],
    "adds_roles": [
        {
            "name": "budget_officer",
            "title": _("Budget officer"),
            "scope": "commune",
            "second_factor": True,
        },
        {
            "name": "accountant",
            "title": _("Accountant"),
            "scope": "commune",
            "second_factor": True,
        },
    ],
    "roles": {
        "budget_officer": [*OFFICER],
        "accountant": [*ACCOUNTANT],
        "commune_admin": [Perm.VIEW, Perm.PREPARE, Perm.SUPPLIERS],
        "supervisor": [Perm.VIEW],
    },
    "menu": [{"route": "budget.execution", "title": "Budget", "permission": Perm.VIEW}],
    "jobs": [
        {"name": "report", "func": "budget.jobs:report_execution", "seconds": 86400},
        {"name": "receipts", "func": "budget.jobs:issue_waiting_receipts", "seconds": 600},
    ],
    "demo": "budget.demo:load_demo",
}


def includeme(config: Configurator) -> None:
    config.add_route("budget.execution", "/c/{commune}/budget")
    config.add_route("budget.execution.xlsx", "/c/{commune}/budget/execution.xlsx")
    config.add_route("budget.council.pdf", "/c/{commune}/budget/council.pdf")
    config.add_route("budget.budgets", "/c/{commune}/budget/budgets")
    config.add_route("budget.budget", "/c/{commune}/budget/budgets/{public_id}")
    config.add_route("budget.budget.action", "/c/{commune}/budget/budgets/{public_id}/{action}")
    config.add_route("budget.codes", "/c/{commune}/budget/codes")
    config.add_route("budget.suppliers", "/c/{commune}/budget/suppliers")
    config.add_route("budget.transfers", "/c/{commune}/budget/transfers")
    config.add_route("budget.transfer", "/c/{commune}/budget/transfers/{public_id}")
    config.add_route("budget.transfer.action", "/c/{commune}/budget/transfers/{public_id}/{action}")
    config.add_route("budget.commitments", "/c/{commune}/budget/commitments")
    config.add_route("budget.commitment.new", "/c/{commune}/budget/commitments/new")
    config.add_route("budget.commitment", "/c/{commune}/budget/commitments/{public_id}")
    # Before the actions' route, whose {action} would also match "attachments".
    config.add_route(
        "budget.commitment.attachments",
        "/c/{commune}/budget/commitments/{public_id}/attachments",
    )
    config.add_route(
        "budget.attachment",
        "/c/{commune}/budget/commitments/{public_id}/attachments/{attachment}",
    )
    config.add_route(
        "budget.commitment.action", "/c/{commune}/budget/commitments/{public_id}/{action}"
    )
    config.add_route("budget.public", "/{commune}/budget")
    _revenue_routes(config)
    opendata = "/{commune}/budget/opendata/{year:\\d\\d\\d\\d}"
    config.add_route("budget.opendata.package", opendata + "/datapackage.json")
    config.add_route("budget.opendata.csv", opendata + "/budget.csv")
    config.add_route("budget.opendata.spending", opendata + "/spending.json")
    config.add_route("budget.opendata.spending.staff", "/c" + opendata + "/spending.json")
    config.include("municipality.providers")
    config.add_provider(Kind.DASHBOARD_CARD, "budget.chain", ".views.work_queues", module="budget")
    config.add_provider(Kind.NATIONAL_FEED, "spending", ".feeds.FEED", module="budget")
    config.add_provider(Kind.NATIONAL_FEED, "budget", ".execution_feed.FEED", module="budget")
    for set_code, source in (
        ("activity-monthly", "MONTHLY_REVENUE"),
        ("budget-execution", "BUDGET_EXECUTION"),
    ):
        config.add_provider(
            Kind.INDICATOR_SOURCE, f"budget.{set_code}", f".indicators.{source}", module="budget"
        )
    config.add_provider(
        Kind.DOCUMENT_TYPE, "budget.quittance", ".revenues.receipt.QUITTANCE", module="budget"
    )
    config.add_provider(
        Kind.FILE_REFERENCE, "budget.attachments", ".attachments.FILES", module="budget"
    )
    config.add_provider(
        Kind.REVENUE_LEDGER, "budget.revenues", ".revenues.services.LEDGER", module="budget"
    )
    config.scan(".views")


def _revenue_routes(config: Configurator) -> None:
    config.add_route("budget.revenues", "/c/{commune}/budget/revenues")
    config.add_route("budget.revenue_line", "/c/{commune}/budget/revenues/lines/{public_id}")
    config.add_route(
        "budget.revenue_line.action", "/c/{commune}/budget/revenues/lines/{public_id}/{action}"
    )
    config.add_route("budget.assessments", "/c/{commune}/budget/assessments")
    config.add_route("budget.assessment.new", "/c/{commune}/budget/assessments/new")
    config.add_route("budget.assessment", "/c/{commune}/budget/assessments/{public_id}")
    config.add_route(
        "budget.assessment.action", "/c/{commune}/budget/assessments/{public_id}/{action}"
    )
    config.add_route("budget.collections", "/c/{commune}/budget/collections")
    config.add_route("budget.arrears", "/c/{commune}/budget/arrears")
    config.add_route(
        "budget.collection.receipt", "/c/{commune}/budget/collections/{public_id}/receipt.pdf"
    )
