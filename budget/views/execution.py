"""The execution report (staff page and workbook) and the public budget page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from budget import report, services, trend
from budget.permissions import Perm
from budget.revenues import services as revenues
from budget.revenues.report import revenue_sheet
from budget.services import Execution
from budget.views import money_writer
from budget.views.revenues import line_label
from municipality import charts
from municipality.i18n import _


def year_asked(request: Request, *, public: bool = False) -> int | None:
    """The year asked for, when the commune has a budget for it (an approved one for the
    public); else its latest such year."""
    known = services.years(request.dbsession, approved_only=public)
    asked = request.params.get("year", "")
    if asked.isdigit() and int(asked) in known:
        return int(asked)
    return known[0] if known else None


def label(request: Request, row: Execution) -> str:
    code = row.line.code
    return code.label_ar if request.locale_name == "ar" else code.label_fr


def _chart(request: Request, rows: list[Execution]) -> charts.Chart:
    t = request.localizer.translate
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    shares = [float((r.commitment_rate or Decimal(0)) / 100) for r in rows]
    return charts.bars(
        "commitment-rate",
        title=t(_("Commitment rate per line")),
        description=t(_("Share of each line's credit already committed.")),
        label_head=t(_("Budget line")),
        value_head=t(_("Commitment rate")),
        labels=[f"{r.line.code.code} {label(request, r)}" for r in rows],
        values=shares,
        value_labels=[reader.percent(s) for s in shares],
        maximum=1,
        reader=reader,
        empty=t(_("A chart appears once two lines or more have credit.")),
    )


def _trend_chart(request: Request, months: list[trend.Month]) -> charts.Chart:
    """Committed (plain) and paid (hatched) per month of the year, in the commune's currency."""
    t = request.localizer.translate
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    return charts.columns(
        "monthly-trend",
        title=t(_("Committed and paid per month")),
        description=t(_("Each month, the amounts committed (plain) and paid (hatched).")),
        label_head=t(_("Month")),
        labels=trend.month_names(request.locale_name),
        series=[
            charts.Series(t(_("Committed")), [float(m.committed) for m in months]),
            charts.Series(t(_("Paid")), [float(m.paid) for m in months]),
        ],
        reader=reader,
        empty=t(_("A chart appears once money was committed in two months or more.")),
    )


def _months(request: Request, year: int | None) -> list[trend.Month]:
    return trend.monthly(request.dbsession, year, request.commune.timezone) if year else []


def _figures(request: Request, *, public: bool = False) -> dict[str, Any]:
    year = year_asked(request, public=public)
    rows = services.execution(request.dbsession, year) if year else []
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    currency = request.commune.currency
    return {
        "year": year,
        "years": services.years(request.dbsession, approved_only=public),
        "rows": rows,
        "rates_chart": _chart(request, rows),
        "label": lambda row: label(request, row),
        "money": money_writer(request),
        "rate": lambda value: "—" if value is None else reader.text(f"{value}\u00a0%"),
        "currency": currency,
        "revenue_rows": revenues.revenue_execution(request.dbsession, year) if year else [],
        "revenue_label": lambda line: line_label(request, line),
    }


@view_config(
    route_name="budget.execution",
    renderer="budget:templates/execution.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def execution(request: Request) -> dict[str, Any]:
    """Credits, committed, liquidated, ordered, paid and available, line by line, and the
    year's spending month by month."""
    figures = _figures(request)
    figures["trend_chart"] = _trend_chart(request, _months(request, figures["year"]))
    return figures


@view_config(route_name="budget.execution.xlsx", permission=Perm.VIEW, requires_module="budget")
def execution_xlsx(request: Request) -> Response:
    """The same figures as a workbook with formulas and a chart, in the reader's language."""
    year = year_asked(request)
    rows = services.execution(request.dbsession, year) if year else []
    income = revenues.revenue_execution(request.dbsession, year) if year else []
    translate, right_to_left = request.localizer.translate, request.locale_name == "ar"
    body = report.workbook(
        rows,
        months=_months(request, year),
        month_names=trend.month_names(request.locale_name),
        currency=request.commune.currency,
        translate=translate,
        label=lambda row: label(request, row),
        right_to_left=right_to_left,
        more=lambda book: revenue_sheet(
            book,
            income,
            currency=request.commune.currency,
            translate=translate,
            label=lambda line: line_label(request, line),
            right_to_left=right_to_left,
        ),
    )
    filename = f"budget-execution-{request.commune.slug}-{year or 'none'}.xlsx"
    return Response(
        body=body,
        content_type=report.XLSX_TYPE,
        content_disposition=f'attachment; filename="{filename}"',
    )


@view_config(
    route_name="budget.public",
    renderer="budget:templates/public.jinja2",
    requires_module="budget",
)
def public_budget(request: Request) -> dict[str, Any]:
    """What residents read: the execution of approved budgets, line by line, without
    suppliers or the people who signed."""
    return _figures(request, public=True)
