"""The commune administrator configures categories, departments and targets under the ceiling."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.models import Category
from complaints.services import categories
from municipality import audit
from municipality.db import set_commune_scope
from municipality.errors import Conflict, ValidationFailed
from municipality.tenancy import commune_by_slug
from tests import factories


@pytest.fixture
def sale(sale, db):
    """The shared commune, with its administrator, who configures categories."""
    with db() as session:
        commune = commune_by_slug(session, sale)
        factories.user(session, role="commune_admin", commune_=commune, email="admin@sale.test")
    return sale


def _categories(db):
    with db() as session:
        rows = session.execute(select(Category).order_by(Category.code)).scalars()
        return {c.code: (c.days_to_resolve, c.active, c.department) for c in rows}


def _fill(form, **overrides):
    """Type a category into the form, as the administrator would."""
    for field, value in factories.category_payload(**overrides).items():
        form[field] = str(value)


def test_codes_are_unique_in_a_commune_but_not_across_communes(db, sale):
    with db() as session:
        sale_commune = commune_by_slug(session, "sale")
        set_commune_scope(session, sale_commune.id)
        with pytest.raises(Conflict):
            factories.category(session, sale_commune)
        set_commune_scope(session, None)
        other = factories.commune(session, slug="temara")
        factories.category(session, other)


def test_deactivating_is_audited_and_hides_the_category_from_forms(db, sale):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        category = categories.categories(session)[0]
        categories.set_category_active(session, actor="admin", category=category, active=False)
        categories.set_category_active(session, actor="admin", category=category, active=False)
        assert categories.categories(session) == []
        assert categories.categories(session, include_inactive=True) == [category]
        events = audit.history(session, "complaint_category", str(category.public_id))
        assert [e.action for e in events][-1] == "complaints:category:deactivated"
        assert len(events) == 2  # created, deactivated once


def test_the_admin_creates_edits_and_deactivates_a_category(app, db, sale):
    factories.log_in(app, "admin@sale.test", totp=True)
    listing = app.get("/c/sale/complaints").click(href="/c/sale/complaints/categories$")
    assert "60" in listing.html.select_one("main p.muted").get_text()
    form = listing.click(href="/categories/new$").forms["deform"]
    _fill(form, code="eclairage", name_fr="Éclairage public", days_to_resolve=15)
    listing = form.submit("save").follow()
    assert "Éclairage public" in listing.text
    edit = listing.click(href="/categories/[0-9a-f-]{36}$", index=0).forms["deform"]
    assert edit["code"].value == "eclairage"
    edit["department"] = "Service de l'éclairage"
    edit.submit("save").follow()
    assert _categories(db)["eclairage"] == (15, True, "Service de l'éclairage")
    listing = app.get("/c/sale/complaints/categories")
    deactivate = next(f for f in listing.forms.values() if f.action.endswith("/active"))
    deactivate.submit().follow()
    assert _categories(db)["eclairage"][1] is False
    public = app.get("/sale/complaints/new").forms["deform"]
    assert [title for _v, _s, title in public["category"].options] == ["—", "Voirie"]


def test_the_legal_ceiling_is_refused_with_a_clear_message(app, db, sale):
    factories.log_in(app, "admin@sale.test", totp=True)
    page = app.get("/c/sale/complaints/categories/new")
    assert "Au plus 60 jours" in page.text  # said before anyone types
    form = page.forms["deform"]
    _fill(form, code="eau", name_fr="Eau", days_to_resolve=61)
    refused = form.submit("save", status=400)
    assert "plafond légal de 60 jours" in refused.text
    assert "eau" not in _categories(db)
    edit = app.get("/c/sale/complaints/categories").click(
        href="/categories/[0-9a-f-]{36}$", index=0
    )
    form = edit.forms["deform"]
    form["days_to_resolve"] = "90"
    assert "plafond légal de 60 jours" in form.submit("save", status=400).text
    assert _categories(db)["voirie"][0] == 30


def test_a_duplicate_code_is_refused_on_the_form(app, db, sale):
    factories.log_in(app, "admin@sale.test", totp=True)
    form = app.get("/c/sale/complaints/categories/new").forms["deform"]
    _fill(form, name_fr="Voirie bis")
    refused = form.submit("save", status=400)
    assert "voirie" in refused.html.select_one(".error, .invalid-feedback").get_text()
    assert len(_categories(db)) == 1


def test_agents_cannot_configure_categories(app, sale):
    factories.log_in(app, "agent@sale.test")
    assert "/complaints/categories" not in app.get("/c/sale/complaints").text
    app.get("/c/sale/complaints/categories", status=403)
    app.get("/c/sale/complaints/categories/new", status=403)


def test_the_ceiling_is_a_validation_error_in_the_service(db, sale):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        with pytest.raises(ValidationFailed) as refused:
            categories.update_category(
                session,
                actor="t",
                commune=commune,
                category=categories.categories(session)[0],
                data={"days_to_resolve": 61},
            )
        assert refused.value.errors == {"days_to_resolve": "at most 60 days"}


def test_a_deadline_python_would_guess_at_is_refused(app, db, sale):
    """``1_0`` is not read as 10."""
    factories.log_in(app, "admin@sale.test", totp=True)
    form = app.get("/c/sale/complaints/categories/new").forms["deform"]
    _fill(form, code="eau", name_fr="Eau")
    form["days_to_resolve"] = "1_0"
    refused = form.submit("save", status=400)
    assert "Saisissez un nombre entier, par exemple 12" in refused.text
    assert "eau" not in _categories(db)
