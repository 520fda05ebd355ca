"""Who is asking, and what they may do in the request's commune.

People authenticate with a session cookie (after password and, for roles that sign or
pay, a TOTP code); machine clients with a bearer API token, and only on ``/api/``
paths, so the API never trusts a cookie and needs no CSRF token. Permissions come from
the roles a person holds in the request's commune (or its region), plus what module
manifests grant to those roles; a token carries its own permissions for one commune.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, timedelta

from pyramid.config import Configurator
from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.request import Request
from pyramid.security import Allowed, Denied
from pyramid.session import JSONSerializer, SignedCookieSessionFactory
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from modules import REGISTRY_KEY
from municipality import accounts
from municipality.db import utcnow
from municipality.models import ApiToken, User
from municipality.roles import CORE_ROLE_PERMISSIONS, REGION_ROLES

SESSION_USER = "uid"
SESSION_STAMP = "pwd"
SESSION_PENDING = "pending_uid"
API_PREFIX = "/api/"
LAST_USE_PRECISION = timedelta(minutes=5)


@dataclass
class Identity:
    """The caller: a person (``user``) or a machine client (``token``)."""

    user: User | None = None
    token: ApiToken | None = None

    @property
    def label(self) -> str:
        """How the caller appears in the audit chain."""
        if self.user is not None:
            return self.user.email
        if self.token is not None:
            return f"apikey:{self.token.public_id}"
        return "anonymous"


def _user_from_session(request: Request) -> User | None:
    user_id = request.session.get(SESSION_USER)
    if user_id is None:
        return None
    user = (
        request.dbsession.execute(
            select(User)
            .options(joinedload(User.memberships))
            .where(User.public_id == _uuid(user_id))
        )
        .unique()
        .scalar_one_or_none()
    )
    if user is None or not user.is_active:
        return None
    if request.session.get(SESSION_STAMP) != user.password_changed_at.isoformat():
        return None
    return user


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _token_from_header(request: Request) -> ApiToken | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret:
        return None
    return accounts.find_api_token(request.dbsession, secret.strip())


def user_permissions(request: Request, user: User) -> frozenset[str]:
    """What a person may do in the request's commune (everything for a platform admin)."""
    registry = request.registry[REGISTRY_KEY]
    commune = request.commune
    granted: set[str] = set()
    for membership in user.memberships:
        applies = commune is not None and (
            membership.commune_id == commune.id
            or (membership.role in REGION_ROLES and membership.region_id == commune.region_id)
        )
        if applies:
            granted |= CORE_ROLE_PERMISSIONS.get(membership.role, frozenset())
            granted |= registry.role_permissions(membership.role)
    if user.is_platform_admin:
        granted |= {p for perms in CORE_ROLE_PERMISSIONS.values() for p in perms}
        granted |= {p for m in registry.manifests() for p in m.permissions}
        granted.add("municipality:platform:manage")
    return frozenset(granted)


class BaladiyaSecurityPolicy:
    """Session cookies for people, bearer tokens for the API, roles for permissions."""

    def identity(self, request: Request) -> Identity | None:
        return request.baladiya_identity

    def authenticated_userid(self, request: Request) -> str | None:
        identity = self.identity(request)
        return identity.label if identity else None

    def permits(self, request: Request, context: object, permission: str) -> Allowed | Denied:
        identity = self.identity(request)
        if identity is None:
            return Denied("not logged in")
        if permission in request.permissions:
            return Allowed(f"granted {permission}")
        return Denied(f"lacks {permission}")

    def remember(self, request: Request, userid: str, **kw: object) -> list[tuple[str, str]]:
        user = kw["user"]
        assert isinstance(user, User)
        request.session.invalidate()
        request.session[SESSION_USER] = str(user.public_id)
        request.session[SESSION_STAMP] = user.password_changed_at.isoformat()
        return []

    def forget(self, request: Request, **kw: object) -> list[tuple[str, str]]:
        request.session.invalidate()
        return []


def _note_use(token: ApiToken) -> None:
    """Record when a token was last used, coarsely.

    Writing on every call would lock the token's row for the whole request and make
    parallel calls of one client wait for each other; a few minutes' precision is what
    an administrator reading "last used" needs.
    """
    now = utcnow()
    last = token.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if last is None or now - last > LAST_USE_PRECISION:
        token.last_used_at = now


def _identity(request: Request) -> Identity | None:
    if request.path.startswith(API_PREFIX):
        token = _token_from_header(request)
        if token is None:
            return None
        _note_use(token)
        return Identity(token=token)
    user = _user_from_session(request)
    return Identity(user=user) if user is not None else None


def _permissions(request: Request) -> frozenset[str]:
    """What the caller may do in the request's commune; asked only once routing is done."""
    identity = request.baladiya_identity
    if identity is None:
        return frozenset()
    if identity.token is not None:
        commune = request.commune
        if commune is None or identity.token.commune_id != commune.id:
            return frozenset()
        return frozenset(identity.token.permissions)
    assert identity.user is not None
    return user_permissions(request, identity.user)


def includeme(config: Configurator) -> None:
    settings = config.get_settings()
    production = settings["baladiya.core.production"]
    secret = settings["baladiya.core.secret"] or "development-only-secret-not-for-production"
    config.set_session_factory(
        SignedCookieSessionFactory(
            secret,
            cookie_name="baladiya",
            secure=production,
            httponly=True,
            samesite="Lax",
            timeout=settings["baladiya.core.session_max_age"],
            reissue_time=300,
            serializer=JSONSerializer(),
        )
    )
    config.set_csrf_storage_policy(SessionCSRFStoragePolicy())
    config.set_default_csrf_options(require_csrf=True)
    config.set_security_policy(BaladiyaSecurityPolicy())
    config.add_request_method(_identity, "baladiya_identity", reify=True)
    config.add_request_method(_permissions, "permissions", reify=True)
