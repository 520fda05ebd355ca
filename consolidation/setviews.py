"""Indicator set pages: the sets a region may use, one set's content, new sets and versions.

Ready sets are shown and can be copied into a set of the region; a region's own sets get
new versions. Campaigns keep the version they were opened with, so a new version only
affects campaigns opened after it.
"""

from __future__ import annotations

import json
from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from consolidation import services, sets
from consolidation.access import RegionContext
from consolidation.definition import SetDefinition
from consolidation.models import IndicatorSet
from consolidation.periods import parse_period
from consolidation.schemas import (
    FREQUENCIES,
    TYPE_TITLES,
    SetSchema,
    VersionSchema,
    definition_text,
)
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _


def _context(request: Request) -> RegionContext:
    context = request.context
    assert isinstance(context, RegionContext)
    return context


def _actor(request: Request) -> str:
    return _context(request).user.email


@view_config(
    route_name="consolidation.sets",
    renderer="consolidation:templates/set_list.jinja2",
    request_method="GET",
)
def set_list(request: Request) -> dict[str, Any]:
    region = _context(request).region
    services.ensure_ready_sets(request.dbsession, actor="system")
    return {
        "region": region,
        "sets": services.visible_sets(request.dbsession, region),
        "frequencies": dict(FREQUENCIES),
        "locale": request.locale_name,
    }


@view_config(
    route_name="consolidation.set",
    renderer="consolidation:templates/set_detail.jinja2",
    request_method="GET",
)
def set_detail(request: Request) -> dict[str, Any]:
    """A set's version (the latest, or ``?version=N``) laid out as its workbook asks."""
    region = _context(request).region
    indicator_set = services.set_by_public_id(
        request.dbsession, region, request.matchdict["public_id"]
    )
    versions = indicator_set.versions
    wanted = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == wanted), versions[-1])
    definition = SetDefinition.from_json(version.definition)
    sample = parse_period(
        {"month": "2026-01", "quarter": "2026-Q1"}.get(indicator_set.frequency, "2026")
    )
    return {
        "region": region,
        "set": indicator_set,
        "version": version,
        "versions": versions,
        "definition": definition,
        "cells": {
            i.code: len(definition.indicator_cells(i, sample)) for i in definition.indicators
        },
        "editable": indicator_set.region_id == region.id,
        "frequencies": dict(FREQUENCIES),
        "types": TYPE_TITLES,
        "locale": request.locale_name,
    }


def _prefill(request: Request, indicator_set: IndicatorSet | None) -> str:
    if indicator_set is None:
        return definition_text(sets.ACTIVITY_MONTHLY.to_json())
    return definition_text(services.latest_version(request.dbsession, indicator_set).definition)


@view_config(route_name="consolidation.set.new", renderer=FORM_PAGE)
def set_new(request: Request) -> dict[str, Any] | HTTPFound:
    """A new set of the region, starting from a copy of another (``?from=``) or a sample."""
    region = _context(request).region
    source = request.GET.get("from")
    copied = services.set_by_public_id(request.dbsession, region, source) if source else None
    form = make_form(request, SetSchema(), buttons=[("create", _("Create the set"))])
    defaults = {"definition": _prefill(request, copied), "frequency": "month"}
    if copied is not None:
        defaults |= {
            "code": f"{copied.code}-{region.slug}"[:64],
            "title_fr": copied.title_fr,
            "title_ar": copied.title_ar,
            "frequency": copied.frequency,
        }
    data, html = submitted(form, request, defaults)
    if data is not None:
        made = services.create_set(
            request.dbsession,
            actor=_actor(request),
            region=region,
            code=data["code"],
            title_fr=data["title_fr"],
            title_ar=data["title_ar"],
            frequency=data["frequency"],
            definition=json.loads(data["definition"]),
        )
        request.session.flash(request.localizer.translate(_("The set was created.")), "success")
        return HTTPFound(
            request.route_url("consolidation.set", region=region.slug, public_id=made.public_id)
        )
    page = form_page(
        request,
        _("New indicator set"),
        intro=_("A set of the region: its campaigns ask every commune for these indicators."),
        links=[_back(request)],
    )
    return page.with_form(html)


@view_config(route_name="consolidation.set.version", renderer=FORM_PAGE)
def set_version_new(request: Request) -> dict[str, Any] | HTTPFound:
    """A new version of one of the region's own sets."""
    region = _context(request).region
    indicator_set = services.set_by_public_id(
        request.dbsession, region, request.matchdict["public_id"]
    )
    form = make_form(request, VersionSchema(), buttons=[("save", _("Save as a new version"))])
    data, html = submitted(form, request, {"definition": _prefill(request, indicator_set)})
    if data is not None:
        version = services.add_set_version(
            request.dbsession,
            actor=_actor(request),
            region=region,
            indicator_set=indicator_set,
            definition=json.loads(data["definition"]),
        )
        request.session.flash(
            request.localizer.translate(
                _("Version ${number} was saved.", mapping={"number": version.number})
            ),
            "success",
        )
        return HTTPFound(
            request.route_url(
                "consolidation.set", region=region.slug, public_id=indicator_set.public_id
            )
        )
    page = form_page(
        request,
        _("New version of ${title}", mapping={"title": indicator_set.title(request.locale_name)}),
        intro=_("Campaigns already opened keep the version they were opened with."),
        links=[_back(request)],
    )
    return page.with_form(html)


def _back(request: Request) -> Link:
    region = _context(request).region.slug
    return Link(request.route_url("consolidation.sets", region=region), _("Indicator sets"))
