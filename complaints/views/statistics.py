"""The statistics page and its workbook: received, resolved, time to resolve, satisfaction."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from complaints.permissions import Perm
from complaints.services.statistics import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    XLSX_TYPE,
    Row,
    by_department,
    by_month,
    compute,
    month_of,
    time_limit,
    workbook,
)
from complaints.views import category_name
from municipality import charts
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.parsing import InputError, parse_int


def _statistics(request: Request) -> list[Row]:
    raw = request.params.get("months")
    try:
        months = (
            DEFAULT_MONTHS
            if raw is None
            else parse_int(raw, "months", minimum=1, maximum=MAX_MONTHS)
        )
    except InputError:
        raise ValidationFailed(
            _(
                "The number of months must be a whole number from 1 to ${most}.",
                mapping={"most": MAX_MONTHS},
            )
        ) from None
    return compute(request.dbsession, request.commune, now=utcnow(), months=months)


def _limit(request: Request) -> charts.Reference | None:
    """The dashed level of the time-to-resolve chart: the legal ceiling or the longest target."""
    found = time_limit(request.dbsession, request.commune)
    if found is None:
        return None
    days, legal = found
    label = (
        _("Legal ceiling: ${days} days", mapping={"days": days})
        if legal
        else _("Longest target: ${days} days", mapping={"days": days})
    )
    return charts.Reference(request.localizer.translate(label), days)


def _charts(request: Request, rows: list[Row]) -> list[charts.Chart]:
    """Received and resolved per month, the median time to resolve, the share on time."""
    t = request.localizer.translate
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    current = month_of(utcnow(), ZoneInfo(request.commune.timezone))
    months = by_month(rows, current)
    labels = [m.month for m in months]
    departments = [d for d in by_department(rows) if d.resolved]
    limit = _limit(request)
    two_months = t(_("A chart appears once there are figures for two months or more."))
    return [
        charts.columns(
            "received",
            title=t(_("Complaints received and resolved per month")),
            description=t(_("Each month, the complaints received (plain) and resolved (hatched).")),
            label_head=t(_("Month")),
            labels=labels,
            series=[
                charts.Series(t(_("Received")), [m.received for m in months]),
                charts.Series(t(_("Resolved")), [m.resolved for m in months]),
            ],
            reader=reader,
            empty=two_months,
        ),
        charts.line(
            "median",
            title=t(_("Median time to resolve")),
            description=t(
                _(
                    "Days from filing to resolution, median of the complaints resolved each "
                    "month; the dashed line is the limit they are held to."
                )
            ),
            label_head=t(_("Month")),
            labels=labels,
            series=[charts.Series(t(_("Median days to resolve")), [m.median_days for m in months])],
            reader=reader,
            empty=two_months,
            reference=limit,
        ),
        charts.bars(
            "on-time",
            title=t(_("Resolved within target, per department")),
            description=t(
                _(
                    "Share of the complaints each department resolved in the period that were "
                    "resolved by their category's target date."
                )
            ),
            label_head=t(_("Department")),
            value_head=t(_("Resolved within target")),
            labels=[d.department for d in departments],
            values=[d.share_within_target or 0 for d in departments],
            value_labels=[reader.percent(d.share_within_target) for d in departments],
            maximum=1,
            reader=reader,
            empty=t(_("A chart appears once two departments or more have resolved complaints.")),
        ),
    ]


@view_config(
    route_name="complaints.statistics",
    renderer="complaints:templates/statistics.jinja2",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def complaint_statistics(request: Request) -> dict[str, Any]:
    """Received, resolved, median time and share on target, per month and category."""
    rows = _statistics(request)
    return {
        "rows": rows,
        "charts": _charts(request, rows),
        "category_name": lambda c: category_name(request, c),
        "months": DEFAULT_MONTHS,
    }


@view_config(
    route_name="complaints.statistics.xlsx",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def complaint_statistics_xlsx(request: Request) -> Response:
    """The same figures as a formatted workbook, in the reader's language."""
    body = workbook(
        _statistics(request),
        translate=request.localizer.translate,
        category_name=lambda c: category_name(request, c),
        right_to_left=request.locale_name == "ar",
    )
    filename = f"complaints-statistics-{request.commune.slug}.xlsx"
    return Response(
        body=body,
        content_type=XLSX_TYPE,
        content_disposition=f'attachment; filename="{filename}"',
    )
