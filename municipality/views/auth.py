"""Log-in in two steps (password, then TOTP for roles that sign or pay), log-out, reset."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import deform
import segno
from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.security import forget, remember
from pyramid.view import view_config

from modules import get_registry
from municipality import accounts, outbox
from municipality.forms import FORM_PAGE, FormPage, Link, form_page, make_form, submitted
from municipality.i18n import SESSION_LOCALE, _, available_locales
from municipality.models import User
from municipality.ratelimit import login_limits
from municipality.schemas import CodeSchema, LoginSchema, NewPasswordSchema, ResetRequestSchema
from municipality.security import SESSION_PENDING
from municipality.web import public_route_url

SESSION_ENROL_SECRET = "enrol_secret"  # noqa: S105 - a session key name
SESSION_NEXT = "next"


_LOGIN_REFUSED = _(
    "Wrong e-mail or password. After several failed attempts an account waits a while "
    "before accepting another; you can also reset your password."
)
_LOCKED = _(
    "Too many failed attempts. This account is locked for a while; try again later "
    "or reset your password."
)


def safe_next(request: Request, candidate: str | None) -> str:
    """Only same-site paths may be redirected to after log-in (no open redirect)."""
    if candidate:
        parts = urlsplit(candidate)
        if (
            not parts.scheme
            and not parts.netloc
            and candidate.startswith("/")
            and not candidate.startswith("//")
        ):
            return candidate
    return request.route_url("home")


def _policy(request: Request) -> accounts.LoginPolicy:
    settings = request.registry.settings
    return accounts.LoginPolicy(
        max_failures=settings["baladiya.core.login_max_failures"],
        lockout=timedelta(seconds=settings["baladiya.core.login_lockout_seconds"]),
    )


def _translate(request: Request, message: Any) -> str:
    return request.localizer.translate(message)


def _finish_login(request: Request, user: User) -> HTTPFound:
    next_url = request.session.get(SESSION_NEXT)
    remember(request, str(user.public_id), user=user)
    if user.locale:
        request.session[SESSION_LOCALE] = user.locale
    request.session.flash(
        _translate(request, _("Welcome, ${name}.", mapping={"name": user.full_name})), "success"
    )
    return HTTPFound(location=safe_next(request, next_url))


def _pending_user(request: Request) -> User | None:
    pending = request.session.get(SESSION_PENDING)
    if not pending:
        return None
    return accounts.user_by_public_id(request.dbsession, pending)


@view_config(route_name="login", renderer=FORM_PAGE)
def login(request: Request) -> dict[str, Any] | HTTPFound:
    form = make_form(request, LoginSchema(), buttons=[("login", _("Log in"))])
    links = [Link(request.route_url("password.reset"), _("Forgot your password?"))]
    page = form_page(request, _("Log in"), links=links)
    if request.method != "POST":
        request.session[SESSION_NEXT] = safe_next(request, request.params.get("next"))
    data, html = submitted(form, request)
    if data is None:
        return page.with_form(html)
    again = form.render({"email": data["email"]})
    wait = login_limits(request).login_wait(request, data["email"])
    if wait is not None:
        return _too_many(request, page, again, wait)
    try:
        user = accounts.authenticate(
            request.dbsession, data["email"], data["password"], _policy(request)
        )
    except (accounts.AccountLocked, accounts.LoginFailed):
        # One answer for an unknown address, a wrong password and a locked account, so
        # the page never tells whether an account exists.
        request.response.status = 400
        request.session.flash(_translate(request, _LOGIN_REFUSED), "error")
        return page.with_form(again)
    if accounts.needs_second_factor(user, get_registry(request)):
        request.session[SESSION_PENDING] = str(user.public_id)
        route = "login.second_factor" if user.totp_secret else "login.enrol"
        return HTTPFound(location=request.route_url(route))
    return _finish_login(request, user)


@view_config(route_name="login.second_factor", renderer=FORM_PAGE)
def second_factor(request: Request) -> dict[str, Any] | HTTPFound:
    user = _pending_user(request)
    if user is None or not user.totp_secret:
        return HTTPFound(location=request.route_url("login"))
    form = make_form(request, CodeSchema(), buttons=[("verify", _("Verify"))])
    page = form_page(
        request,
        _("Two-step verification"),
        intro=_("Enter the code your authenticator app shows."),
    )
    data, html = submitted(form, request)
    if data is None:
        return page.with_form(html)
    wait = login_limits(request).login_wait(request, user.email)
    if wait is not None:
        return _too_many(request, page, form.render(), wait)
    try:
        accounts.verify_second_factor(request.dbsession, user, data["code"], _policy(request))
    except accounts.AccountLocked:
        return _refuse_code(request, page, form, 429, _LOCKED)
    except accounts.CodeReused:
        return _refuse_code(
            request,
            page,
            form,
            400,
            _("That code was already used. Wait for your app to show the next one."),
        )
    except accounts.LoginFailed:
        return _refuse_code(request, page, form, 400, _("That code is not valid."))
    request.session.pop(SESSION_PENDING, None)
    return _finish_login(request, user)


def _too_many(request: Request, page: FormPage, form_html: str, wait: int) -> dict[str, Any]:
    """429 with Retry-After: the same page whether the address has an account or not."""
    request.response.status = 429
    request.response.headers["Retry-After"] = str(wait)
    message = _(
        "Too many attempts. Wait ${seconds} seconds and try again.",
        mapping={"seconds": wait},
    )
    request.session.flash(_translate(request, message), "error")
    return page.with_form(form_html)


def _refuse_code(
    request: Request, page: FormPage, form: deform.Form, status: int, message: str
) -> dict[str, Any]:
    """The code page again, with why the code was refused."""
    request.response.status = status
    request.session.flash(_translate(request, message), "error")
    return page.with_form(form.render())


@view_config(route_name="login.enrol", renderer="municipality:templates/enrol.jinja2")
def enrol(request: Request) -> dict[str, Any] | HTTPFound:
    user = _pending_user(request)
    if user is None or user.totp_secret:
        return HTTPFound(location=request.route_url("login"))
    secret = request.session.get(SESSION_ENROL_SECRET) or accounts.start_totp_enrolment()
    request.session[SESSION_ENROL_SECRET] = secret
    form = make_form(request, CodeSchema(), buttons=[("confirm", _("Turn on"))])
    uri = accounts.provisioning_uri(user, secret)
    page = {"secret": secret, "qr_svg": segno.make(uri).svg_inline(scale=4, title="QR")}
    data, html = submitted(form, request)
    if data is None:
        return {**page, "form": html}
    try:
        codes = accounts.confirm_totp_enrolment(request.dbsession, user, secret, data["code"])
    except accounts.ValidationFailed:
        request.response.status = 400
        request.session.flash(_translate(request, _("That code is not valid.")), "error")
        return {**page, "form": form.render()}
    request.session.pop(SESSION_ENROL_SECRET, None)
    request.session.pop(SESSION_PENDING, None)
    response = _finish_login(request, user)
    request.override_renderer = "municipality:templates/recovery_codes.jinja2"
    return {"codes": codes, "next_url": response.location}


@view_config(route_name="logout", request_method="POST")
def logout(request: Request) -> HTTPFound:
    forget(request)
    return HTTPFound(location=request.route_url("home"))


@view_config(route_name="locale", request_method="POST")
def switch_locale(request: Request) -> HTTPFound:
    locale = request.POST.get("locale", "")
    if locale in available_locales(request):
        request.session[SESSION_LOCALE] = locale
    return HTTPFound(location=safe_next(request, request.POST.get("next")))


@view_config(route_name="password.reset", renderer=FORM_PAGE)
def password_reset_request(request: Request) -> dict[str, Any] | HTTPFound:
    form = make_form(request, ResetRequestSchema(), buttons=[("send", _("Send me a link"))])
    page = form_page(
        request,
        _("Reset your password"),
        intro=_("We will e-mail you a link that works once, for one hour."),
    )
    data, html = submitted(form, request)
    if data is None:
        return page.with_form(html)
    wait = login_limits(request).reset_wait(request, data["email"])
    if wait is not None:
        return _too_many(request, page, form.render({"email": data["email"]}), wait)
    token = accounts.request_password_reset(request.dbsession, data["email"])
    if token is not None:
        link = public_route_url(request, "password.reset.confirm", token=token)
        outbox.enqueue(
            request.dbsession,
            destination="messaging",
            payload={
                "channel": "email",
                "to": data["email"].strip().lower(),
                "subject": "Baladiya password reset",
                "body": link,
            },
            idempotency_key=f"password-reset:{accounts.digest(token)}",
            commune_id=None,
        )
    request.session.flash(
        _translate(request, _("If this address has an account, a link is on its way.")), "success"
    )
    return HTTPFound(location=request.route_url("login"))


def _spent_reset_link(request: Request) -> dict[str, Any]:
    """A used or expired link says so at once, and where to ask for a new one."""
    request.response.status = 410
    page = form_page(
        request,
        _("This link can no longer be used"),
        intro=_(
            "This password reset link was already used or has expired. "
            "Ask for a new one: it is sent to your e-mail address at once."
        ),
        links=[Link(request.route_url("password.reset"), _("Ask for a new link"))],
    )
    return page.with_form("")


@view_config(route_name="password.reset.confirm", renderer=FORM_PAGE)
def password_reset_confirm(request: Request) -> dict[str, Any] | HTTPFound:
    if not accounts.reset_link_is_live(request.dbsession, request.matchdict["token"]):
        return _spent_reset_link(request)
    form = make_form(request, NewPasswordSchema(), buttons=[("save", _("Save"))])
    page = form_page(request, _("Choose a new password"))
    data, html = submitted(form, request)
    if data is None:
        return page.with_form(html)
    accounts.reset_password(request.dbsession, request.matchdict["token"], data["password"])
    request.session.flash(
        _translate(request, _("Your password was changed. Please log in.")), "success"
    )
    return HTTPFound(location=request.route_url("login"))
