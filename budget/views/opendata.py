"""The budget's open data: the year's Fiscal Data Package (descriptor and CSV) and its
spending as OCDS releases, for anyone, as the budget's publication rule allows; staff get
the same releases with the suppliers' identifiers."""

from __future__ import annotations

import json
from typing import Any

from pyramid.httpexceptions import HTTPNotFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from budget import opendata
from budget.money import DECIMALS
from budget.permissions import Perm
from municipality.i18n import _

JSON_TYPE = "application/json"


def _year(request: Request, *, public: bool) -> int:
    """The year in the URL, when its budget may be published to this reader."""
    year = int(request.matchdict["year"])
    if year not in opendata.published_years(request.dbsession, public=public):
        raise HTTPNotFound(request.localizer.translate(_("No published budget for this year.")))
    return year


def _commune_name(request: Request) -> str:
    commune = request.commune
    return commune.name_ar if request.locale_name == "ar" else commune.name_fr


def _json(request: Request, body: dict[str, Any], filename: str) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"),
        content_type=JSON_TYPE,
        charset="utf-8",
        content_disposition=f'inline; filename="{filename}"',
    )


def package_uri(request: Request) -> Any:
    """The public URL of a year's data package, which OCDS transactions point to."""
    slug = request.commune.slug
    return lambda year: request.route_url("budget.opendata.package", commune=slug, year=year)


@view_config(route_name="budget.opendata.package", requires_module="budget")
def data_package(request: Request) -> Response:
    """The year's budget as a Fiscal Data Package descriptor."""
    year = _year(request, public=True)
    title = request.localizer.translate(
        _(
            "Budget ${year} of ${commune}",
            mapping={"year": year, "commune": _commune_name(request)},
        )
    )
    body = opendata.datapackage(request.commune, year, title=title)
    return _json(request, body, "datapackage.json")


@view_config(route_name="budget.opendata.csv", requires_module="budget")
def budget_csv(request: Request) -> Response:
    """The CSV the data package describes."""
    year = _year(request, public=True)
    rows = opendata.budget_rows(request.dbsession, year)
    text = opendata.budget_csv(rows, year=year, decimals=DECIMALS[request.commune.currency])
    return Response(
        body=text.encode("utf-8"),
        content_type="text/csv",
        charset="utf-8",
        content_disposition=f'attachment; filename="budget-{request.commune.slug}-{year}.csv"',
    )


def _releases(request: Request, *, public: bool) -> Response:
    year = _year(request, public=public)
    publisher = opendata.Publisher(
        commune=request.commune,
        name=_commune_name(request),
        package_uri=package_uri(request),
        public=public,
    )
    body = opendata.release_package(request.dbsession, year, publisher, uri=request.url)
    return _json(request, body, f"spending-{request.commune.slug}-{year}.json")


@view_config(route_name="budget.opendata.spending", requires_module="budget")
def public_spending(request: Request) -> Response:
    """The year's spending as OCDS releases, as the publication rule shows it."""
    return _releases(request, public=True)


@view_config(
    route_name="budget.opendata.spending.staff", permission=Perm.VIEW, requires_module="budget"
)
def staff_spending(request: Request) -> Response:
    """The same releases for staff, with the suppliers' identifiers and addresses."""
    return _releases(request, public=False)
