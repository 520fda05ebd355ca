"""Who is asking, and what they may do in the request's commune.

People authenticate with a session cookie (after password and, for roles that sign or
pay, a TOTP code) naming a log-in kept server-side (:mod:`municipality.sessions`), so
ending that log-in ends the cookie's worth at once; machine clients with a bearer API
token, and only on ``/api/`` paths, so the API never trusts a cookie and needs no CSRF
token. Permissions come from the roles a person holds in the request's commune (or its
region), plus what module manifests grant to those roles; a token carries its own
permissions for one commune.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pyramid.config import Configurator
from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.decorator import reify
from pyramid.request import Request
from pyramid.security import Allowed, Denied
from pyramid.session import JSONSerializer, SignedCookieSessionFactory
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from modules import CORE_ROLES_KEY, REGISTRY_KEY
from modules.registry import RoleSpec
from municipality import accounts, sessions
from municipality.db import ALL_COMMUNES, utcnow
from municipality.models import ApiToken, User
from municipality.readcache import read_directory
from municipality.roles import (
    CORE_ROLE_PERMISSIONS,
    CORE_ROLES,
    all_roles,
    core_permissions,
    second_factor_roles,
)
from municipality.tenancy import CommuneRef

SESSION_USER = "uid"
SESSION_STAMP = "pwd"
SESSION_PENDING = "pending_uid"
SESSION_KEY = "sid"
SESSION_POLICY_KEY = "baladiya.session_policy"
API_PREFIX = "/api/"
LAST_USE_PRECISION = timedelta(minutes=5)


@dataclass(frozen=True)
class MembershipRef:
    role: str
    commune_id: int | None
    region_id: int | None


@dataclass(frozen=True)
class Principal:
    """What the security policy needs of a person, kept in memory between requests."""

    id: int
    public_id: uuid.UUID
    email: str
    full_name: str
    locale: str | None
    is_platform_admin: bool
    password_stamp: str
    memberships: tuple[MembershipRef, ...]


@dataclass(frozen=True)
class TokenRef:
    """What the security policy needs of an API token, kept in memory between requests."""

    id: int
    public_id: uuid.UUID
    commune_id: int
    permissions: frozenset[str]
    last_used_at: datetime | None


class Identity:
    """The caller: a person (``principal``) or a machine client (``token_ref``).

    ``user`` and ``token`` are their rows in the request's session, read only when a view
    asks for them.
    """

    def __init__(
        self,
        request: Request,
        principal: Principal | None = None,
        token_ref: TokenRef | None = None,
    ) -> None:
        self._request = request
        self.principal = principal
        self.token_ref = token_ref

    @reify
    def user(self) -> User | None:
        if self.principal is None:
            return None
        return self._request.dbsession.get(User, self.principal.id)

    @reify
    def token(self) -> ApiToken | None:
        if self.token_ref is None:
            return None
        return self._request.dbsession.get(
            ApiToken, self.token_ref.id, execution_options={ALL_COMMUNES: True}
        )

    @property
    def label(self) -> str:
        """How the caller appears in the audit chain."""
        if self.principal is not None:
            return self.principal.email
        if self.token_ref is not None:
            return f"apikey:{self.token_ref.public_id}"
        return "anonymous"

    @property
    def cache_key(self) -> tuple[str, int]:
        """Who this is, for answers kept per caller."""
        if self.principal is not None:
            return ("user", self.principal.id)
        assert self.token_ref is not None
        return ("token", self.token_ref.id)


def _principal_of(user: User) -> Principal:
    return Principal(
        id=user.id,
        public_id=user.public_id,
        email=user.email,
        full_name=user.full_name,
        locale=user.locale,
        is_platform_admin=user.is_platform_admin,
        password_stamp=user.password_changed_at.isoformat(),
        memberships=tuple(
            MembershipRef(m.role, m.commune_id, m.region_id) for m in user.memberships
        ),
    )


# Built once: a directory look-up runs on every request whose caller is not in memory.
_PERSON_WITH_MEMBERSHIPS = (
    select(User)
    .options(joinedload(User.memberships))
    .where(User.public_id == bindparam("public_id"))
    .execution_options(**{ALL_COMMUNES: True})
)


def _read_principal(session: Session, public_id: uuid.UUID) -> Principal | None:
    """An active person by public id."""
    user = (
        session.execute(_PERSON_WITH_MEMBERSHIPS, {"public_id": public_id})
        .unique()
        .scalar_one_or_none()
    )
    return _principal_of(user) if user is not None and user.is_active else None


def _principal_from_session(request: Request) -> Principal | None:
    user_id = request.session.get(SESSION_USER)
    public_id = _uuid(user_id) if isinstance(user_id, str) else None
    if public_id is None:
        return None
    principal = read_directory(
        request, ("principal", public_id), None, lambda session: _read_principal(session, public_id)
    )
    if principal is None or request.session.get(SESSION_STAMP) != principal.password_stamp:
        return None
    return principal if _log_in_is_live(request, principal) else None


def _log_in_is_live(request: Request, principal: Principal) -> bool:
    """Whether the cookie's log-in was not ended, nor idle or old beyond its role's limits.

    Ending a log-in is announced to the read cache like any change to a person, so an
    ended one fails on the very next request, in every process. "Last seen" is written
    in the request's transaction, at most once a minute.
    """
    key = request.session.get(SESSION_KEY)
    if not isinstance(key, str):
        return False
    ref = read_directory(
        request, ("log-in", key), None, lambda session: sessions.find(session, key)
    )
    if ref is None or ref.user_id != principal.id:
        return False
    policy: sessions.SessionPolicy = request.registry[SESSION_POLICY_KEY]
    roles = [membership.role for membership in principal.memberships]
    lifetimes = policy.lifetimes(roles, principal.is_platform_admin)
    if sessions.too_old(ref, lifetimes):
        return False
    if sessions.idle(ref, lifetimes):
        latest = sessions.find(request.dbsession, key)
        if latest is None or sessions.idle(latest, lifetimes):
            return False
        ref.last_seen_at = latest.last_seen_at
    sessions.seen(request.dbsession, ref)
    return True


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _read_token(session: Session, secret: str) -> TokenRef | None:
    token = accounts.find_api_token(session, secret)
    if token is None:
        return None
    return TokenRef(
        id=token.id,
        public_id=token.public_id,
        commune_id=token.commune_id,
        permissions=frozenset(token.permissions),
        last_used_at=token.last_used_at,
    )


def api_token(request: Request, secret: str) -> TokenRef | None:
    """The live token behind a presented secret (bearer header or Open311 ``api_key``)."""
    secret = secret.strip()
    if not secret.startswith(accounts.TOKEN_PREFIX):
        return None
    return read_directory(
        request,
        ("token", accounts.digest(secret)),
        None,
        lambda session: _read_token(session, secret),
    )


def _token_from_header(request: Request) -> TokenRef | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    return api_token(request, secret) if scheme.lower() == "bearer" else None


def _holds_here(membership: MembershipRef, role: RoleSpec, commune: CommuneRef | None) -> bool:
    """A role counts in its commune, or for a region role in every commune of its region."""
    if commune is None:
        return False
    if role.scope == "region":
        return membership.region_id == commune.region_id
    return membership.commune_id == commune.id


def user_permissions(request: Request, principal: Principal) -> frozenset[str]:
    """What a person may do in the request's commune (everything for a platform admin)."""
    registry = request.registry[REGISTRY_KEY]
    roles = all_roles(registry)
    granted: set[str] = set()
    for membership in principal.memberships:
        # A role no module adds any more (its package was removed) grants nothing.
        role = roles.get(membership.role)
        if role is not None and _holds_here(membership, role, request.tenant):
            granted |= core_permissions(role)
            granted |= registry.role_permissions(role.name)
    if principal.is_platform_admin:
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
        _end_log_in(request, "replaced")
        request.session.invalidate()
        request.session[SESSION_USER] = str(user.public_id)
        request.session[SESSION_STAMP] = user.password_changed_at.isoformat()
        request.session[SESSION_KEY] = sessions.start(
            request.dbsession,
            user,
            client_addr=request.client_addr,
            user_agent=request.user_agent,
        )
        return []

    def forget(self, request: Request, **kw: object) -> list[tuple[str, str]]:
        _end_log_in(request, "logout")
        request.session.invalidate()
        return []


def _end_log_in(request: Request, reason: str) -> None:
    key = request.session.get(SESSION_KEY)
    if isinstance(key, str):
        sessions.end(request.dbsession, key, reason)


def _note_use(identity: Identity) -> None:
    """Record when a token was last used, coarsely.

    Writing on every call would lock the token's row for the whole request and make
    parallel calls of one client wait for each other; a few minutes' precision is what
    an administrator reading "last used" needs.
    """
    assert identity.token_ref is not None
    now = utcnow()
    last = identity.token_ref.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if (last is None or now - last > LAST_USE_PRECISION) and identity.token is not None:
        identity.token.last_used_at = now


def _identity(request: Request) -> Identity | None:
    if request.path_info.startswith(API_PREFIX):
        token = _token_from_header(request)
        if token is None:
            return None
        identity = Identity(request, token_ref=token)
        _note_use(identity)
        return identity
    principal = _principal_from_session(request)
    return Identity(request, principal=principal) if principal is not None else None


def _permissions(request: Request) -> frozenset[str]:
    """What the caller may do in the request's commune; asked only once routing is done."""
    identity = request.baladiya_identity
    if identity is None:
        return frozenset()
    if identity.token_ref is not None:
        commune = request.tenant
        if commune is None or identity.token_ref.commune_id != commune.id:
            return frozenset()
        return identity.token_ref.permissions
    assert identity.principal is not None
    return user_permissions(request, identity.principal)


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

    def register_session_policy() -> None:
        """Run at commit: the modules' second-factor roles are known only then."""
        config.registry[SESSION_POLICY_KEY] = sessions.SessionPolicy.from_settings(
            settings, second_factor_roles(config.registry.get(REGISTRY_KEY))
        )

    config.action(SESSION_POLICY_KEY, register_session_policy)
    # The registry, included after the core, checks the manifests' roles against these.
    config.registry[CORE_ROLES_KEY] = frozenset(role.name for role in CORE_ROLES)
    config.add_request_method(_identity, "baladiya_identity", reify=True)
    config.add_request_method(_permissions, "permissions", reify=True)
