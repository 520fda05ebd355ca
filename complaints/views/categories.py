"""The commune administrator's pages for categories, their departments and their targets,
and for what the public sees of the commune's complaints."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from complaints.models import Category
from complaints.permissions import Perm
from complaints.schemas import CategorySchema, PublicationSchema
from complaints.services.categories import (
    categories,
    create_category,
    get_category,
    legal_ceiling,
    set_category_active,
    update_category,
)
from complaints.services.publication import policy_of, precision_of, set_policy
from complaints.views import refused
from municipality.errors import Conflict, ValidationFailed
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _

FIELDS = ("code", "name_fr", "name_ar", "department", "hours_to_acknowledge", "days_to_resolve")


def _list_url(request: Request) -> str:
    return request.route_url("complaints.categories", commune=request.commune.slug)


@view_config(
    route_name="complaints.categories",
    renderer="complaints:templates/categories.jinja2",
    permission=Perm.MANAGE_CATEGORIES,
    requires_module="complaints",
)
def category_list(request: Request) -> dict[str, Any]:
    policy = policy_of(request.dbsession)
    return {
        "categories": categories(request.dbsession, include_inactive=True),
        "ceiling": legal_ceiling(request.commune),
        "policy": policy,
        "precision": request.localizer.translate(precision_of(policy)),
    }


def _form(request: Request) -> Any:
    schema = CategorySchema().clone()
    ceiling = legal_ceiling(request.commune)
    if ceiling is not None:
        schema["days_to_resolve"].description = _(
            "At most ${days} days: the legal ceiling of the commune's country.",
            mapping={"days": ceiling},
        )
    return make_form(request, schema, buttons=[("save", _("Save"))])


def _page(request: Request, heading: str, form_html: str) -> dict[str, Any]:
    return form_page(
        request, heading, links=[Link(_list_url(request), _("All categories"))]
    ).with_form(form_html)


def _save(request: Request, heading: Any, category: Category | None) -> dict[str, Any] | HTTPFound:
    """Show the form, or create or update the category and go back to the list."""
    form = _form(request)
    defaults = {f: getattr(category, f) for f in FIELDS} if category is not None else {}
    data, html = submitted(form, request, defaults)
    if data is None:
        return _page(request, heading, html)
    actor = request.baladiya_identity.label
    try:
        if category is None:
            create_category(request.dbsession, actor=actor, commune=request.commune, data=data)
        else:
            update_category(
                request.dbsession,
                actor=actor,
                commune=request.commune,
                category=category,
                data=data,
            )
    except ValidationFailed as refusal:
        field = next(iter(refusal.errors), "days_to_resolve")
        return _page(request, heading, refused(form, request, refusal, field))
    except Conflict as refusal:
        return _page(request, heading, refused(form, request, refusal, "code"))
    request.session.flash(request.localizer.translate(_("Category saved.")), "success")
    return HTTPFound(location=_list_url(request))


@view_config(
    route_name="complaints.category.new",
    renderer=FORM_PAGE,
    permission=Perm.MANAGE_CATEGORIES,
    requires_module="complaints",
)
def category_new(request: Request) -> dict[str, Any] | HTTPFound:
    return _save(request, _("New category"), None)


@view_config(
    route_name="complaints.category",
    renderer=FORM_PAGE,
    permission=Perm.MANAGE_CATEGORIES,
    requires_module="complaints",
)
def category_edit(request: Request) -> dict[str, Any] | HTTPFound:
    category = get_category(request.dbsession, request.matchdict["public_id"])
    return _save(request, _("Edit the category"), category)


@view_config(
    route_name="complaints.category.active",
    permission=Perm.MANAGE_CATEGORIES,
    request_method="POST",
    requires_module="complaints",
)
def category_active(request: Request) -> HTTPFound:
    """Deactivate (``active=0``) or reactivate (``active=1``) a category."""
    category = get_category(request.dbsession, request.matchdict["public_id"])
    set_category_active(
        request.dbsession,
        actor=request.baladiya_identity.label,
        category=category,
        active=request.POST.get("active") == "1",
    )
    request.session.flash(request.localizer.translate(_("Category saved.")), "success")
    return HTTPFound(location=_list_url(request))


@view_config(
    route_name="complaints.publication",
    renderer=FORM_PAGE,
    permission=Perm.MANAGE_CATEGORIES,
    requires_module="complaints",
)
def publication_edit(request: Request) -> dict[str, Any] | HTTPFound:
    """The commune's publication policy: the public list, map and Open311 all follow it."""
    form = make_form(request, PublicationSchema(), buttons=[("save", _("Save"))])
    policy = policy_of(request.dbsession)
    defaults = {
        "grid_decimals": policy.grid_decimals,
        "publish_address": policy.address,
        "publish_description": policy.description,
    }
    data, html = submitted(form, request, defaults)
    if data is None:
        page = form_page(
            request,
            _("What the public sees"),
            intro=_(
                "The public list, the public map and Open311 show complaints this way. "
                "Who reported is never shown."
            ),
            links=[Link(_list_url(request), _("All categories"))],
        )
        return page.with_form(html)
    set_policy(
        request.dbsession,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        data=data,
    )
    request.session.flash(request.localizer.translate(_("Publication policy saved.")), "success")
    return HTTPFound(location=_list_url(request))
