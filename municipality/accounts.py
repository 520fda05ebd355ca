"""Accounts: passwords, lock-out, second factor, password reset and API tokens.

Secrets are never stored in the clear: passwords with Argon2, single-use codes and
tokens as SHA-256 digests (they are long random strings, so a slow hash adds nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from modules.registry import ModuleRegistry
from municipality import audit, sessions
from municipality.db import utcnow
from municipality.errors import Conflict, Forbidden, NotFound, ValidationFailed
from municipality.i18n import _
from municipality.models import (
    ApiToken,
    Commune,
    Membership,
    PasswordResetToken,
    RecoveryCode,
    Region,
    User,
)
from municipality.roles import all_roles, second_factor_roles

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
RESET_TOKEN_LIFETIME = timedelta(hours=1)
RECOVERY_CODE_COUNT = 10
TOKEN_PREFIX = "bld_"  # noqa: S105 - a public prefix, not a secret
# Verifying against this keeps the time of a log-in with an unknown e-mail the same.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def digest(secret: str) -> str:
    """SHA-256 of a random secret, for lookup without keeping the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            "password too short", {"password": f"at least {MIN_PASSWORD_LENGTH} characters"}
        )
    return _hasher.hash(password)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def find_user(session: Session, email: str) -> User | None:
    return session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()


@dataclass(frozen=True)
class LoginPolicy:
    """How many failures lock an account, and for how long."""

    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


class LoginFailed(Forbidden):
    """Wrong e-mail or password; the message never says which."""


class AccountLocked(Forbidden):
    """Too many failures: the account waits before accepting another attempt."""


def user_by_public_id(session: Session, public_id: str) -> User | None:
    """The account a half-finished log-in (password given, second factor due) belongs to."""
    stmt = select(User).where(User.public_id == uuid.UUID(public_id))
    return session.execute(stmt).scalar_one_or_none()


def authenticate(session: Session, email: str, password: str, policy: LoginPolicy) -> User:
    """Check a password, counting failures and locking the account after too many."""
    user = find_user(session, email)
    if user is None or not user.is_active:
        _verify(_DUMMY_HASH, password)
        raise LoginFailed("wrong e-mail or password")
    # The password is checked even on a locked account, so its answer takes as long.
    matches = _verify(user.password_hash, password)
    _refuse_if_locked(user)
    if not matches:
        _count_failure(session, user, policy)
        raise LoginFailed("wrong e-mail or password")
    _clear_failures(user)
    return user


def _refuse_if_locked(user: User) -> None:
    locked_until = _aware(user.locked_until)
    if locked_until and locked_until > utcnow():
        raise AccountLocked("account temporarily locked", until=locked_until)


def _count_failure(session: Session, user: User, policy: LoginPolicy) -> None:
    """One more wrong password or code; the last one allowed locks the account."""
    user.failed_logins += 1
    if user.failed_logins >= policy.max_failures:
        user.locked_until = utcnow() + policy.lockout
        user.failed_logins = 0
        audit.write(
            session,
            user,
            actor=user.email,
            action="municipality:user:locked",
            object_type="user",
        )


def _clear_failures(user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_second_factor(user: User, registry: ModuleRegistry) -> bool:
    """Staff who can sign or pay must use TOTP; so must anyone who turned it on."""
    if user.totp_secret:
        return True
    required = second_factor_roles(registry)
    return any(m.role in required for m in user.memberships)


class CodeReused(Forbidden):
    """A TOTP code of a time step already spent: each code opens one log-in only."""


def _totp_step(secret: str, code: str) -> int | None:
    """The time step ``code`` belongs to (the current one or a neighbour), or ``None``."""
    totp = pyotp.TOTP(secret)
    now = utcnow()
    current = totp.timecode(now)
    for offset in (0, -1, 1):
        step = current + offset
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_second_factor(session: Session, user: User, code: str, policy: LoginPolicy) -> None:
    """Accept a TOTP or recovery code once, counting wrong codes as wrong passwords.

    A TOTP code is tied to its 30-second step; the account remembers the last step
    used and refuses that step or an earlier one, so a code seen over a shoulder or
    replayed is worthless. Raises ``AccountLocked``, ``CodeReused`` or ``LoginFailed``.
    """
    _refuse_if_locked(user)
    cleaned = code.strip().replace(" ", "")
    step = _totp_step(user.totp_secret, cleaned) if user.totp_secret else None
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            raise CodeReused("code already used")
        user.totp_last_step = step
    elif not use_recovery_code(session, user, cleaned):
        _count_failure(session, user, policy)
        raise LoginFailed("wrong code")
    _clear_failures(user)


def start_totp_enrolment() -> str:
    """A new TOTP secret, to be confirmed with a first code before it is stored."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Baladiya")


def confirm_totp_enrolment(session: Session, user: User, secret: str, code: str) -> list[str]:
    """Store the secret once the user proved their app has it; return fresh recovery codes."""
    step = _totp_step(secret, code.strip().replace(" ", ""))
    if step is None:
        raise ValidationFailed("wrong code", {"code": "the code does not match"})
    user.totp_secret = secret
    user.totp_last_step = step
    audit.write(
        session, user, actor=user.email, action="municipality:user:totp_enabled", object_type="user"
    )
    return issue_recovery_codes(session, user)


def issue_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are shown once."""
    for old in session.execute(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id)
    ).scalars():
        session.delete(old)
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        session.add(RecoveryCode(user_id=user.id, code_hash=digest(code)))
    return codes


def use_recovery_code(session: Session, user: User, code: str) -> bool:
    """Spend one recovery code in place of a TOTP code."""
    row = session.execute(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == digest(code.strip().lower()),
            RecoveryCode.used_at.is_(None),
        )
    ).scalar_one_or_none()
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def request_password_reset(session: Session, email: str) -> str | None:
    """Create a reset token for a known address; ``None`` (silently) for an unknown one.

    The new token replaces the account's unused ones, so only the latest link works.
    """
    user = find_user(session, email)
    if user is None:
        return None
    # One live link per account: a new request makes the earlier links invalid.
    session.execute(
        delete(PasswordResetToken).where(
            PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None)
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=digest(token),
            expires_at=utcnow() + RESET_TOKEN_LIFETIME,
        )
    )
    return token


def _live_reset_token(session: Session, token: str) -> PasswordResetToken | None:
    """The reset token behind ``token`` while it is unused and unexpired, else ``None``."""
    row = session.execute(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == digest(token))
    ).scalar_one_or_none()
    expires_at = _aware(row.expires_at) if row else None
    if row is None or row.used_at is not None or expires_at is None or expires_at < utcnow():
        return None
    return row


def reset_link_is_live(session: Session, token: str) -> bool:
    """Whether a reset link still works, so a spent one is said so before any form."""
    return _live_reset_token(session, token) is not None


def reset_password(session: Session, token: str, new_password: str) -> User:
    """Spend a reset token: it works once, before it expires."""
    row = _live_reset_token(session, token)
    if row is None:
        raise ValidationFailed(
            _("This link is invalid or has expired. Ask for a new one."),
            {"token": "ask for a new link"},
        )
    user = session.get(User, row.user_id)
    if user is None:
        raise NotFound("no such user")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.failed_logins = 0
    user.locked_until = None
    row.used_at = utcnow()
    sessions.end_all(session, user, "password")
    audit.write(
        session,
        user,
        actor=user.email,
        action="municipality:user:password_reset",
        object_type="user",
    )
    return user


def deactivate_user(session: Session, *, actor: str, user: User) -> None:
    """Shut an account: it can no longer log in, and its log-ins end at once."""
    if not user.is_active:
        raise Conflict(_("This account is already deactivated."))
    user.is_active = False
    sessions.end_all(session, user, "deactivated")
    audit.write(
        session,
        user,
        actor=actor,
        action="municipality:user:deactivated",
        object_type="user",
        changes={"is_active": [True, False]},
    )


def create_user(
    session: Session,
    *,
    actor: str,
    email: str,
    full_name: str,
    password: str,
    locale: str | None = None,
    platform_admin: bool = False,
) -> User:
    if find_user(session, email) is not None:
        raise Conflict(f"a user with e-mail {email} already exists")
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        password_hash=hash_password(password),
        locale=locale,
        is_platform_admin=platform_admin,
    )
    audit.write(
        session,
        user,
        actor=actor,
        action="municipality:user:created",
        object_type="user",
        changes={"email": [None, user.email], "platform_admin": [None, platform_admin]},
    )
    return user


def grant_role(
    session: Session,
    *,
    actor: str,
    user: User,
    role: str,
    commune: Commune | None = None,
    region: Region | None = None,
    registry: ModuleRegistry | None = None,
) -> Membership:
    """Give a user a role in a commune (staff, residents) or a region (supervisors).

    The roles are the core's and, given the module ``registry``, those modules add.
    """
    spec = all_roles(registry).get(role)
    if spec is None:
        raise ValidationFailed(f"unknown role {role!r}", {"role": "unknown role"})
    if spec.scope == "region" and region is None:
        raise ValidationFailed(f"role {role} needs a region", {"region": "required"})
    if spec.scope == "commune" and commune is None:
        raise ValidationFailed(f"role {role} needs a commune", {"commune": "required"})
    membership = Membership(
        user=user,
        role=spec.name,
        commune_id=commune.id if commune else None,
        region_id=region.id if region else None,
    )
    session.add(membership)
    audit.record(
        session,
        commune_id=commune.id if commune else None,
        actor=actor,
        action="municipality:membership:granted",
        object_type="user",
        object_id=str(user.public_id),
        changes={"role": [None, spec.name]},
    )
    return membership


def create_api_token(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    name: str,
    permissions: list[str],
    created_by: User | None = None,
    grantable: Collection[str] | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for a machine client; the plain token is returned only now.

    ``grantable`` is what the commune may hand a key (``roles.api_key_permissions``):
    a permission outside it, such as a platform administrator's, is refused, whatever
    form or command sent it.
    """
    _check_grantable(permissions, grantable)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        commune_id=commune.id,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=digest(secret),
        permissions=sorted(set(permissions)),
        created_by_id=created_by.id if created_by else None,
    )
    audit.write(
        session,
        token,
        actor=actor,
        action="municipality:apikey:created",
        object_type="api_token",
        changes={"name": [None, name], "permissions": [None, token.permissions]},
    )
    return token, secret


def _check_grantable(permissions: list[str], grantable: Collection[str] | None) -> None:
    if grantable is None:
        return
    refused = sorted(set(permissions) - set(grantable))
    if refused:
        raise ValidationFailed(
            _(
                "An API key cannot carry these permissions: ${refused}.",
                mapping={"refused": ", ".join(refused)},
            ),
            {"permissions": ", ".join(refused)},
        )


def find_api_token(session: Session, secret: str) -> ApiToken | None:
    """The live token behind a presented secret, or ``None``."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = session.execute(
        select(ApiToken)
        .where(ApiToken.token_hash == digest(secret))
        .execution_options(all_communes=True)
    ).scalar_one_or_none()
    if token is None or token.revoked_at is not None:
        return None
    if not hmac.compare_digest(token.token_hash, digest(secret)):
        return None
    return token


def api_tokens(session: Session) -> list[ApiToken]:
    """The commune's API keys, live ones first, newest first."""
    stmt = select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
    return list(session.execute(stmt).scalars())


def revoke_api_token(session: Session, *, actor: str, token: ApiToken) -> None:
    if token.revoked_at is not None:
        raise Conflict(_("This key was already revoked."))
    token.revoked_at = utcnow()
    audit.write(
        session, token, actor=actor, action="municipality:apikey:revoked", object_type="api_token"
    )
