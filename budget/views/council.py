"""The council's PDF summary of a year, in the reader's language."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_date
from pyramid.renderers import render
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from budget import council, services
from budget.permissions import Perm
from budget.views import money_writer
from budget.views.execution import label, year_asked
from municipality import charts
from municipality.db import utcnow
from municipality.i18n import _, text_direction


@view_config(route_name="budget.council.pdf", permission=Perm.VIEW, requires_module="budget")
def council_pdf(request: Request) -> Response:
    """The year's execution by section and chapter, as the council reads it, in PDF."""
    t = request.localizer.translate
    year = year_asked(request)
    rows = services.execution(request.dbsession, year) if year else []
    found, total = council.sections(rows)
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    commune = request.commune
    html = render(
        council.TEMPLATE,
        {
            "locale": request.locale_name,
            "direction": text_direction(request.locale_name),
            "title": t(
                _("Budget execution ${year}: summary for the council", mapping={"year": year})
            ),
            "commune": commune.name_ar if request.locale_name == "ar" else commune.name_fr,
            "currency": commune.currency,
            "day": format_date(
                utcnow().astimezone(ZoneInfo(commune.timezone)).date(),
                format="long",
                locale=request.locale_name,
            ),
            "sections": found,
            "total": total,
            "section_titles": {
                "operating": t(_("Operating section")),
                "investment": t(_("Investment section")),
            },
            "label": lambda row: label(request, row),
            "money": money_writer(request),
            "rate": lambda value: "—" if value is None else reader.text(f"{value}\u00a0%"),
        },
        request=request,
    )
    filename = f"council-summary-{commune.slug}-{year or 'none'}-{request.locale_name}.pdf"
    return Response(
        body=council.pdf(html),
        content_type="application/pdf",
        content_disposition=f'attachment; filename="{filename}"',
    )
