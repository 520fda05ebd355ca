"""Accounts: hashing, second factor enrolment, recovery codes, reset tokens, API tokens."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, update

from municipality import accounts
from municipality.errors import ValidationFailed
from municipality.models import PasswordResetToken, User
from municipality.tenancy import commune_by_slug
from tests import factories


def test_passwords_are_argon2_and_never_stored_plain(db):
    with db() as session:
        user = factories.user(session, email="a@x.test")
        assert user.password_hash.startswith("$argon2id$")
        assert factories.PASSWORD not in user.password_hash


def test_short_password_is_refused(db):
    with db() as session, pytest.raises(accounts.ValidationFailed):
        accounts.create_user(session, actor="t", email="b@x.test", full_name="B", password="short")


def test_staff_without_totp_enrols_and_gets_recovery_codes(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.user(
            session, role="commune_admin", commune_=commune, email="t@sale.test", totp=False
        )
    response = factories.log_in(app, "t@sale.test")
    assert response.location.endswith("/login/enrol")
    page = response.follow()
    secret = page.html.find("figcaption").find("code").text
    assert page.html.find("svg")
    form = page.forms["deform"]
    form["code"] = pyotp.TOTP(secret).now()
    codes_page = form.submit("confirm")
    codes = [c.text for c in codes_page.html.select("ul.codes code")]
    assert len(codes) == 10
    assert app.get("/c/sale/").status_int == 200
    # A recovery code stands in for the phone, once.
    app.reset()
    code_page = factories.log_in(app, "t@sale.test").follow()
    form = code_page.forms["deform"]
    form["code"] = codes[0]
    assert form.submit("verify").status_int == 302
    app.get("/c/sale/")
    app.reset()
    code_page = factories.log_in(app, "t@sale.test").follow()
    form = code_page.forms["deform"]
    form["code"] = codes[0]
    form.submit("verify", status=400)


def test_reset_token_expires(db):
    with db() as session:
        factories.user(session, email="c@x.test")
        token = accounts.request_password_reset(session, "c@x.test")
        assert accounts.request_password_reset(session, "nobody@x.test") is None
    with db() as session:
        session.execute(
            update(PasswordResetToken).values(expires_at=accounts.utcnow() - timedelta(minutes=1))
        )
    with db() as session, pytest.raises(accounts.ValidationFailed):
        accounts.reset_password(session, token, "a-new-password-1")


def test_password_change_ends_other_sessions(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
    factories.log_in(app, "agent@sale.test")
    app.get("/c/sale/")
    with db() as session:
        token = accounts.request_password_reset(session, "agent@sale.test")
    with db() as session:
        accounts.reset_password(session, token, "a-new-password-1")
    app.get("/c/sale/", status=302)


def test_api_tokens_are_stored_hashed_and_scoped(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        token, secret = accounts.create_api_token(
            session, actor="t", commune=commune, name="app", permissions=["a:b:c"]
        )
        assert secret not in token.token_hash
        assert token.prefix == secret[:10]
    with db() as session:
        found = accounts.find_api_token(session, secret)
        assert found is not None
        assert found.commune_id == commune_by_slug(session, "sale").id
        assert accounts.find_api_token(session, secret + "x") is None
        assert accounts.find_api_token(session, "not-a-token") is None


def test_lockout_is_temporary(db):
    policy = accounts.LoginPolicy(max_failures=2, lockout=timedelta(minutes=15))
    with db() as session:
        factories.user(session, email="d@x.test")
    for _ in range(2):
        with db() as session, pytest.raises(accounts.LoginFailed):
            accounts.authenticate(session, "d@x.test", "wrong-password", policy)
    with db() as session, pytest.raises(accounts.AccountLocked):
        accounts.authenticate(session, "d@x.test", factories.PASSWORD, policy)
    with db() as session:
        session.execute(update(User).values(locked_until=accounts.utcnow() - timedelta(1)))
    with db() as session:
        user = accounts.authenticate(session, "D@X.test ", factories.PASSWORD, policy)
        assert user.failed_logins == 0
    with db() as session:
        assert session.execute(select(User.locked_until)).scalar_one() is None


def test_the_service_refuses_a_permission_the_commune_cannot_grant(db):
    with db() as session:
        commune = factories.commune(session)
        with pytest.raises(ValidationFailed) as refused:
            accounts.create_api_token(
                session,
                actor="tests",
                commune=commune,
                name="intruder",
                permissions=["municipality:commune:read", "municipality:platform:manage"],
                grantable=["municipality:commune:read"],
            )
    assert refused.value.errors == {"permissions": "municipality:platform:manage"}
