"""The budget's pages through the real app: the officer commits and orders, the
accountant pays, the public reads the execution."""

from __future__ import annotations

import pytest

from budget import services
from budget.nomenclature import load_country_codes
from tests import factories


@pytest.fixture
def commune_with_budget(app, db):
    with db() as session:
        commune = factories.commune(session, slug="tiznit")
        factories.enable(session, commune, "budget")
        load_country_codes(session, actor="t", commune=commune)
        factories.budget(session, commune_=commune)
        factories.supplier(session, commune_=commune, name="Sotravo SARL")
        factories.user(session, role="budget_officer", commune_=commune, email="officer@t.test")
        factories.user(session, role="accountant", commune_=commune, email="accountant@t.test")
        factories.user(session, role="agent", commune_=commune, email="agent@t.test")
    return app


def _form_with_button(page, name):
    return next(f for f in page.forms.values() if name in f.fields)


def _commit(app, amount="1500.00"):
    form = app.get("/c/tiznit/budget/commitments/new").forms["deform"]
    form["line"] = form["line"].options[1][0]
    form["supplier"] = form["supplier"].options[1][0]
    form["amount"] = amount
    form["purpose"] = "Rames de papier"
    return form.submit("commit", status="*")


def test_officer_commits_liquidates_and_orders_then_accountant_pays(commune_with_budget):
    app = commune_with_budget
    factories.log_in(app, "officer@t.test", totp=True)
    page = _commit(app).follow()
    assert page.html.find(class_="flash success")
    form = _form_with_button(page, "liquidate")
    form["invoice_ref"] = "F-18"
    form["date"] = "2026-03-02"
    form["liquidated_amount"] = "1400.00"
    page = form.submit("liquidate").follow()
    page = _form_with_button(page, "order").submit("order").follow()
    assert "pay" not in [n for f in page.forms.values() for n in f.fields]
    url = page.request.path
    app.reset()
    factories.log_in(app, "accountant@t.test", totp=True)
    page = app.get(url)
    page = _form_with_button(page, "pay").submit("pay").follow()
    assert page.html.find(class_="badge on")
    report = app.get("/c/tiznit/budget")
    assert "1\u202f400.00" in report.text
    assert app.get("/c/tiznit/budget/execution.xlsx").content_type.endswith("sheet")
    app.reset()
    public = app.get("/tiznit/budget")
    assert "1\u202f400.00" in public.text
    assert "Sotravo" not in public.text


def test_overspending_is_refused_with_the_available_credit(commune_with_budget):
    app = commune_with_budget
    factories.log_in(app, "officer@t.test", totp=True)
    response = _commit(app, "100000.01")
    assert response.status_int == 409
    assert "100\u202f000.00" in response.text


def test_an_amount_with_too_many_decimals_is_refused_on_the_form(commune_with_budget):
    app = commune_with_budget
    factories.log_in(app, "officer@t.test", totp=True)
    response = _commit(app, "10.555")
    assert response.status_int == 400
    assert response.html.find(class_="invalid-feedback")


def test_an_agent_without_budget_role_cannot_commit(commune_with_budget):
    app = commune_with_budget
    factories.log_in(app, "agent@t.test")
    app.get("/c/tiznit/budget/commitments/new", status=403)


def test_lists_have_empty_states_and_filters(commune_with_budget):
    app = commune_with_budget
    factories.log_in(app, "officer@t.test", totp=True)
    assert app.get("/c/tiznit/budget/commitments").html.find(class_="empty")
    assert app.get("/c/tiznit/budget/transfers").html.find(class_="empty")
    found = app.get("/c/tiznit/budget/suppliers", {"q": "sotra"})
    assert "Sotravo SARL" in found.text
    assert app.get("/c/tiznit/budget/suppliers", {"q": "nothing"}).html.find(class_="empty")


def test_a_budget_is_proposed_given_credits_voted_and_approved(commune_with_budget, db):
    app = commune_with_budget
    factories.log_in(app, "officer@t.test", totp=True)
    form = app.get("/c/tiznit/budget/budgets").forms["deform"]
    form["year"] = "2027"
    page = form.submit("create").follow()
    form = page.forms["deform"]
    form["code"] = form["code"].options[2][0]
    form["amount"] = "25000"
    page = form.submit("allocate").follow()
    for action in ("vote", "approve"):
        form = _form_with_button(page, action)
        form["decision"] = "Délibération 7"
        form["date"] = "2026-11-02"
        page = form.submit(action).follow()
    assert page.html.find(class_="badge on")
    with db() as session:
        assert services.years(session, approved_only=True) == [2027, 2026]


def test_a_transfer_is_asked_and_authorised(commune_with_budget, db):
    with db() as session:
        commune = services.codes(session)[0].commune_id
    app = commune_with_budget
    factories.log_in(app, "officer@t.test", totp=True)
    with db() as session:
        from municipality.models import Commune

        c = session.get(Commune, commune)
        factories.budget(
            session, commune_=c, credits={services.codes(session)[1].code: 5000}, year=2026
        )
    form = app.get("/c/tiznit/budget/transfers").forms["deform"]
    form["source"] = form["source"].options[1][0]
    form["target"] = form["target"].options[2][0]
    form["amount"] = "500"
    form["reason"] = "Papier épuisé"
    page = form.submit("request").follow()
    form = _form_with_button(page, "authorise")
    form["decision"] = "Arrêté 4"
    form["date"] = "2026-04-01"
    page = form.submit("authorise").follow()
    assert page.html.find(class_="badge on")


def test_codes_are_imported_from_a_workbook(commune_with_budget, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["section", "chapter", "article", "paragraph", "functional", "label_fr", "label_ar"]
    )
    sheet.append(["operating", "62", "621", "6211", "01", "Téléphone", "الهاتف"])
    path = tmp_path / "codes.xlsx"
    book.save(path)
    app = commune_with_budget
    factories.log_in(app, "officer@t.test", totp=True)
    form = app.get("/c/tiznit/budget/codes").forms["deform"]
    form["workbook"] = (str(path),)
    page = form.submit("import").follow()
    assert "62.621.6211" in page.text
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    form = app.get("/c/tiznit/budget/codes").forms["deform"]
    form["workbook"] = (str(bad),)
    assert form.submit("import", status="*").status_int in (413, 422)


def test_a_form_posted_by_a_role_that_may_not_send_it_is_refused(commune_with_budget):
    app = commune_with_budget
    factories.log_in(app, "accountant@t.test", totp=True)
    token = factories.csrf_token(app, "/c/tiznit/budget/suppliers")
    for path in ("suppliers", "transfers", "budgets", "codes"):
        app.post(f"/c/tiznit/budget/{path}", {"csrf_token": token, "name": "x"}, status=403)
