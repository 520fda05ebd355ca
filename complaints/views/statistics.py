"""The statistics page and its workbook: received, resolved, time to resolve, satisfaction."""

from __future__ import annotations

from typing import Any

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from complaints.permissions import Perm
from complaints.services.statistics import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    XLSX_TYPE,
    Row,
    compute,
    workbook,
)
from complaints.views import category_name
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


@view_config(
    route_name="complaints.statistics",
    renderer="complaints:templates/statistics.jinja2",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def complaint_statistics(request: Request) -> dict[str, Any]:
    """Received, resolved, median time and share on target, per month and category."""
    return {
        "rows": _statistics(request),
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
