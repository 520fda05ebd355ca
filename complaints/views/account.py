"""A resident's own pages: create an account, see "my complaints", add one by its code."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from complaints.schemas import ClaimSchema, ResidentAccountSchema
from complaints.services.residents import claim, create_account, mine
from municipality.errors import Conflict, NotFound
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate


def _user(request: Request) -> Any:
    identity = request.baladiya_identity
    return identity.user if identity is not None else None


def _mine_url(request: Request) -> str:
    return request.route_url("complaints.mine", commune=request.commune.slug)


def _claim_form(request: Request) -> Any:
    return make_form(
        request,
        ClaimSchema(),
        buttons=[("claim", _("Add to my complaints"))],
        action=_mine_url(request),
        formid="claim",
        focus="off",
    )


def _mine_page(request: Request, user: Any, claim_html: str) -> dict[str, Any]:
    page = paginate(request, request.dbsession, mine(user)) if user else None
    return {
        "user": user,
        "page": page,
        "claim_form": claim_html,
        "login_url": request.route_url("login", _query={"next": request.path}),
        "account_url": request.route_url("complaints.account", commune=request.commune.slug),
    }


@view_config(
    route_name="complaints.mine",
    renderer="complaints:templates/mine.jinja2",
    requires_module="complaints",
)
def my_complaints(request: Request) -> dict[str, Any]:
    """The logged-in resident's complaints in this commune; others are asked to log in."""
    user = _user(request)
    return _mine_page(request, user, _claim_form(request).render({}) if user else "")


@view_config(
    route_name="complaints.mine",
    renderer="complaints:templates/mine.jinja2",
    request_method="POST",
    requires_module="complaints",
)
def claim_complaint(request: Request) -> dict[str, Any] | HTTPFound:
    """Add a complaint filed without an account, proving it is one's own with its code."""
    user = _user(request)
    if user is None:
        return HTTPFound(location=request.route_url("login", _query={"next": request.path}))
    form = _claim_form(request)
    data, html = submitted(form, request)
    if data is not None:
        try:
            complaint = claim(request.dbsession, user=user, code=data["code"])
        except (NotFound, Conflict) as refusal:
            request.response.status = refusal.status
            request.session.flash(request.localizer.translate(refusal.detail), "error")
            html = form.render(data)
        else:
            request.session.flash(
                request.localizer.translate(
                    _(
                        "The complaint ${code} is now in your account.",
                        mapping={"code": complaint.tracking_code},
                    )
                ),
                "success",
            )
            return HTTPFound(location=_mine_url(request))
    return _mine_page(request, user, html)


@view_config(
    route_name="complaints.account",
    renderer=FORM_PAGE,
    requires_module="complaints",
)
def account_new(request: Request) -> dict[str, Any] | HTTPFound:
    """A resident opens an account to follow all their complaints in one place."""
    user = _user(request)
    if user is not None:
        return form_page(
            request,
            _("Create an account"),
            intro=_("You are logged in as ${email}.", mapping={"email": user.email}),
            links=[Link(_mine_url(request), _("My complaints"))],
        ).with_form("")
    form = make_form(request, ResidentAccountSchema(), buttons=[("create", _("Create my account"))])
    page = form_page(
        request,
        _("Create an account"),
        intro=_(
            "With an account you see all the complaints you file while logged in, and "
            "you can add earlier ones with their tracking code."
        ),
        links=[
            Link(
                request.route_url("login", _query={"next": _mine_url(request)}),
                _("I already have an account"),
            )
        ],
    )
    data, html = submitted(form, request)
    if data is None:
        return page.with_form(html)
    mine_path = request.route_path("complaints.mine", commune=request.commune.slug)
    login_url = request.route_url("login", _query={"next": mine_path})
    create_account(
        request.dbsession,
        email=data["email"],
        full_name=data["full_name"],
        password=data["password"],
        locale=request.locale_name,
        login_url=login_url,
    )
    # The same answer whether the address was free or already had an account.
    request.session.flash(
        request.localizer.translate(
            _(
                "Thank you. Log in with your e-mail address and password. If this address "
                "already had an account, we e-mailed it how to get in."
            )
        ),
        "success",
    )
    return HTTPFound(location=login_url)
