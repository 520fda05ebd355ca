"""Complaint pages, one module per group of pages; what several of them share is here."""

from __future__ import annotations

import colander
import deform
import peppercorn
from pyramid.request import Request

from complaints.models import Category, Complaint
from complaints.permissions import Perm
from complaints.services.categories import get_category
from complaints.services.duplicates import RADIUS_SETTING, candidates
from municipality.errors import DomainError, NotFound


def category_name(request: Request, category: Category) -> str:
    """The category's name in the reader's language (Arabic, else French)."""
    return category.name_ar if request.locale_name == "ar" else category.name_fr


def category_param(request: Request) -> Category | None:
    """The category a list is filtered on (``?category=``); unknown ones filter nothing."""
    wanted = request.params.get("category") or ""
    if not wanted:
        return None
    try:
        return get_category(request.dbsession, wanted)
    except NotFound:
        return None


def nearby_duplicates(request: Request, complaint: Complaint) -> list[tuple[Complaint, float]]:
    """Open complaints nearby of the same category, offered to staff who may merge."""
    if not request.has_permission(Perm.MERGE):
        return []
    radius = request.registry.settings[RADIUS_SETTING]
    return candidates(request.dbsession, complaint, radius)


def refused(form: deform.Form, request: Request, error: DomainError, field: str) -> str:
    """The form again, with the service's refusal on ``field``; the answer is a 400."""
    request.response.status = 400
    invalid = colander.Invalid(form.schema)
    invalid[field] = request.localizer.translate(error.detail)
    cstruct = form.widget.deserialize(form, peppercorn.parse(request.POST.items()))
    form.widget.handle_error(form, invalid)
    return str(form.widget.serialize(form, cstruct))
