"""Permissions come from the roles a person holds here: the core's and those modules add."""

from __future__ import annotations

import pytest
import webtest

from modules import CORE_ROLES_KEY, get_registry
from municipality import accounts, activation
from municipality.app import make_config
from municipality.models import Membership
from municipality.tenancy import commune_by_slug
from tests import factories
from tests.conftest import app_settings

LEDGER = "tests.municipality.ledger_module"


@pytest.fixture(scope="module")
def ledger_wsgi(engine, tmp_path_factory):
    """The application with a test module that adds a treasurer and a regional auditor."""
    settings = app_settings(
        engine,
        tmp_path_factory.mktemp("ledger"),
        **{"baladiya.modules.available": f"notices {LEDGER}"},
    )
    return make_config(settings).make_wsgi_app()


@pytest.fixture
def ledger_app(ledger_wsgi, db):
    return webtest.TestApp(ledger_wsgi, extra_environ={"HTTP_HOST": "localhost"})


@pytest.fixture
def sale(ledger_wsgi, db):
    """Salé, with the ledger on, and a commune of another region."""
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.commune(session, slug="bamako", country="ML")
        activation.enable(
            session, get_registry(ledger_wsgi), actor="tests", commune=commune, name="ledger"
        )
    return "sale"


def _person(db, wsgi, email, role, *, commune=None, region_of=None, totp=False):
    with db() as session:
        user = factories.user(session, email=email, totp=totp)
        place = commune_by_slug(session, commune or region_of)
        accounts.grant_role(
            session,
            actor="tests",
            user=user,
            role=role,
            commune=place if commune else None,
            region=place.region if region_of else None,
            registry=get_registry(wsgi),
        )


def test_the_core_hands_its_roles_to_the_registry(wsgi_app):
    assert wsgi_app.registry[CORE_ROLES_KEY] == {"commune_admin", "agent", "supervisor", "resident"}


def test_a_module_role_passes_its_second_factor_and_reads_what_it_was_granted(
    ledger_wsgi, ledger_app, sale, db
):
    _person(db, ledger_wsgi, "treasurer@sale.test", "treasurer", commune="sale", totp=True)
    response = factories.log_in(ledger_app, "treasurer@sale.test")
    assert response.location.endswith("/login/code")
    factories.log_in(ledger_app, "treasurer@sale.test", totp=True)
    assert ledger_app.get("/c/sale/ledger").text == "Ledger of sale"
    # The core counts a module's commune role as staff of that commune, by its title (in
    # French: payments, which adds a treasurer too, translated the title).
    dashboard = ledger_app.get("/c/sale/")
    assert "Trésorier" in dashboard.html.select_one("dl.inline dd").text


def test_a_module_role_without_a_key_must_enrol(ledger_wsgi, ledger_app, sale, db):
    _person(db, ledger_wsgi, "treasurer@sale.test", "treasurer", commune="sale")
    assert factories.log_in(ledger_app, "treasurer@sale.test").location.endswith("/login/enrol")


def test_a_core_role_gets_nothing_a_module_grants_to_another_role(ledger_app, sale, db):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
    factories.log_in(ledger_app, "agent@sale.test")
    ledger_app.get("/c/sale/ledger", status=403)


def test_a_module_region_role_holds_in_the_communes_of_its_region(
    ledger_wsgi, ledger_app, sale, db
):
    _person(db, ledger_wsgi, "auditor@rsk.test", "auditor", region_of="sale")
    factories.log_in(ledger_app, "auditor@rsk.test")
    assert ledger_app.get("/c/sale/ledger").status_int == 200
    ledger_app.get("/c/bamako/", status=403)


def test_a_role_no_module_adds_any_more_grants_nothing(app, db):
    """A membership outlives the package that added its role: it must not open anything."""
    with db() as session:
        commune = factories.commune(session, slug="sale")
        user = factories.user(session, email="archivist@sale.test")
        session.add(Membership(user=user, role="archivist", commune_id=commune.id))
    factories.log_in(app, "archivist@sale.test")
    app.get("/c/sale/", status=403)


def test_only_the_registry_knows_the_roles_modules_add(ledger_wsgi, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        user = factories.user(session, email="t@sale.test")
        with pytest.raises(accounts.ValidationFailed, match="unknown role 'treasurer'"):
            accounts.grant_role(session, actor="t", user=user, role="treasurer", commune=commune)
        with pytest.raises(accounts.ValidationFailed, match="role auditor needs a region"):
            accounts.grant_role(
                session,
                actor="t",
                user=user,
                role="auditor",
                commune=commune,
                registry=get_registry(ledger_wsgi),
            )
