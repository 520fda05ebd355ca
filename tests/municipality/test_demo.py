"""The demo that ``make run`` loads: it loads, and every module's pages open on it.

A newcomer's first look at the product is this data set, so a demo that cannot log in
(a malformed TOTP key) or a page that fails on realistic data is a broken product.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from pyramid.registry import Registry

from modules import get_registry, load_registry
from municipality import demo
from municipality.demo import DemoYear

STAFF_PAGES = (
    "/c/sale/",
    "/c/sale/complaints",
    "/c/sale/complaints/map",
    "/c/sale/complaints/statistics",
    "/c/sale/complaints/categories",
    "/c/sale/gis/plans",
    "/c/sale/gis/map",
    "/c/sale/gis/servitudes",
    "/c/sale/gis/check",
    "/c/sale/permits",
    "/c/sale/permits/statistics",
    "/c/sale/national",
    "/c/sale/modules",
    "/c/sale/outbox",
    "/c/sale/returns",
    "/c/sale/civil-status",
    "/c/sale/civil-status/acts?name=Yasmine",
)
PUBLIC_PAGES = (
    "/sale/",
    "/sale/complaints",
    "/sale/complaints/map",
    "/sale/map",
    "/sale/permits/register",
    "/sale/permits/register.csv",
    "/ogc/sale/collections/permits/items",
    "/ogc/sale/collections/parcels/items",
    "/ogc/bamako-commune-3/collections/zones/items",
)


@pytest.fixture
def demo_loaded(run):
    status, _out, err = run("demo", "load", "--months", "1")
    assert status == 0, err


def test_the_demo_totp_key_is_a_valid_secret():
    assert pyotp.TOTP(demo.DEMO_TOTP_SECRET).now().isdigit()


def test_the_demo_has_a_login_per_role_of_the_core_and_the_modules(wsgi_app):
    logins = demo.logins(get_registry(wsgi_app))
    sale = {login.role: login for login in logins if login.where == "sale"}
    assert set(sale) == {
        "accountant",
        "agent",
        "budget_officer",
        "cashier",
        "civil_status_officer",
        "commission_member",
        "commune_admin",
        "consulted_body",
        "resident",
        "treasurer",
        "urban_planner",
    }
    assert [login.role for login in logins if login.where == "rabat-sale-kenitra"] == ["supervisor"]
    # Only a commune administrator and a module's roles that sign or pay need the key.
    assert sorted(role for role, login in sale.items() if login.totp) == [
        "accountant",
        "budget_officer",
        "cashier",
        "civil_status_officer",
        "commune_admin",
        "treasurer",
    ]


def test_the_demo_gives_roles_modules_add_a_login_too():
    registry = load_registry(["tests.municipality.ledger_module"], ["agent", "commune_admin"])
    logins = {(login.role, login.where): login for login in demo.logins(registry)}
    assert logins["treasurer", "sale"].totp
    assert logins["treasurer", "sale"].email == "treasurer@sale.example"
    assert not logins["auditor", "district-bamako"].totp


def _log_in(app, email):
    form = app.get("/login").forms["deform"]
    form["email"] = email
    form["password"] = demo.DEMO_PASSWORD
    return form.submit("login").maybe_follow()


def _log_in_with_the_demo_key(app, email):
    code_form = _log_in(app, email).forms["deform"]
    code_form["code"] = pyotp.TOTP(demo.DEMO_TOTP_SECRET).now()
    return code_form.submit("verify").maybe_follow()


def test_every_module_shows_its_demo_to_a_commune_admin(demo_loaded, app):
    dashboard = _log_in_with_the_demo_key(app, "commune.admin@sale.example")
    assert dashboard.request.path == "/c/sale/"
    for path in STAFF_PAGES:
        assert app.get(path).status_int == 200, path


def test_residents_see_the_public_pages_of_the_demo(demo_loaded, app):
    for path in PUBLIC_PAGES:
        assert app.get(path).status_int == 200, path
    parcels = app.get("/ogc/sale/collections/parcels/items").json
    assert parcels["numberMatched"] > 0


def test_a_supervisor_reaches_the_regional_returns_of_the_demo(demo_loaded, app):
    home = _log_in(app, "supervisor@rabat-sale-kenitra.example")
    returns = home.click(href="/r/rabat-sale-kenitra/consolidation")
    campaign = returns.click(href="/r/rabat-sale-kenitra/consolidation/campaigns/", index=0)
    assert campaign.status_int == 200
    assert "district-bamako" not in home.text


def test_a_demo_of_fewer_months_starts_later():
    end = datetime(2026, 12, 1, tzinfo=UTC)
    assert DemoYear(Registry("t"), end).start == end - timedelta(days=365)
    assert DemoYear(Registry("t"), end, months=1).start == end - timedelta(days=30)
