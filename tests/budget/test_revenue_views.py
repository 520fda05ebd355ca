"""The revenue pages through the real app: the officer opens the year's lines, sets a
forecast and issues an assessment; the accountant collects; arrears and the report show it."""

from __future__ import annotations

import io

import openpyxl
import pytest

from budget.revenues import services
from municipality.db import set_commune_scope, utcnow
from municipality.tenancy import commune_by_slug
from tests import factories


@pytest.fixture
def revenue_commune(app, db):
    with db() as session:
        commune = factories.commune(session, slug="tiznit")
        factories.enable(session, commune, "budget")
        factories.budget(session, commune_=commune, year=utcnow().year)
        factories.user(session, role="budget_officer", commune_=commune, email="officer@t.test")
        factories.user(session, role="accountant", commune_=commune, email="accountant@t.test")
        factories.user(session, role="agent", commune_=commune, email="agent@t.test")
    return app


def _form_with_button(page, name):
    return next(f for f in page.forms.values() if name in f.fields)


def _open_and_assess(app, amount="1200.00", due="2020-01-31"):
    page = app.get("/c/tiznit/budget/revenues")
    assert page.html.find(class_="empty")
    page = page.forms["open-lines"].submit().follow()
    assert "10.20.11" in page.text
    line = page.click(href="/revenues/lines/", index=0)
    form = _form_with_button(line, "forecast")
    form["amount"] = "80000.00"
    line = form.submit("forecast").follow()
    assert "80\u202f000.00" in line.text
    form = app.get("/c/tiznit/budget/assessments/new").forms["deform"]
    form["line"] = form["line"].options[1][0]
    form["debtor"] = "Société Atlas"
    form["debtor_id"] = "ICE0001"
    form["purpose"] = "Taxe sur les terrains non bâtis"
    form["amount"] = amount
    form["date"] = due
    return form.submit("assess", status="*")


def test_officer_assesses_and_accountant_collects_until_paid_off(revenue_commune):
    app = revenue_commune
    factories.log_in(app, "officer@t.test", totp=True)
    page = _open_and_assess(app).follow()
    assert page.html.find(class_="flash success")
    assert "collect" not in [n for f in page.forms.values() for n in f.fields]
    assert "Société Atlas" in app.get("/c/tiznit/budget/arrears").text
    url = page.request.path
    app.reset()
    factories.log_in(app, "accountant@t.test", totp=True)
    page = app.get(url)
    assert "cancel" not in [n for f in page.forms.values() for n in f.fields]
    form = _form_with_button(page, "collect")
    form["amount"] = "1200.01"
    refused = form.submit("collect", status=409)
    assert "reste dû" in refused.text
    form["amount"] = "1200.00"
    page = form.submit("collect").follow()
    assert page.html.find(class_="badge on")
    assert "Société Atlas" not in app.get("/c/tiznit/budget/arrears").text
    listed = app.get("/c/tiznit/budget/collections", params={"q": "Atlas"})
    assert "1\u202f200.00" in listed.text
    assert "Atlas" not in app.get("/c/tiznit/budget/collections", params={"q": "nobody"}).text
    revenues = app.get("/c/tiznit/budget/revenues")
    assert "1\u202f200.00" in revenues.text
    report = app.get("/c/tiznit/budget")
    assert "80\u202f000.00" in report.text
    assert "1,5\u00a0%" in report.text or "1.5\u00a0%" in report.text
    book = openpyxl.load_workbook(io.BytesIO(app.get("/c/tiznit/budget/execution.xlsx").body))
    sheet = book.worksheets[-1]  # after the execution and its months, the revenues
    assert sheet.title == "Recettes"
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    line = next(code for code, r in rows.items() if r[4])
    assert rows[line][2:5] == (80000, 1200, 1200)
    assert rows[line][5].startswith("=IF(")
    (total,) = (r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "Total")
    last = len(rows) + 1
    assert total[2:5] == (f"=SUM(C2:C{last})", f"=SUM(D2:D{last})", f"=SUM(E2:E{last})")
    app.reset()
    assert "80\u202f000.00" in app.get("/tiznit/budget").text


def test_bad_input_gets_a_clear_400_and_nothing_is_written(revenue_commune):
    app = revenue_commune
    factories.log_in(app, "officer@t.test", totp=True)
    response = _open_and_assess(app, amount="10.555")
    assert response.status_int == 400
    assert response.html.find(class_="invalid-feedback")
    assert app.get("/c/tiznit/budget/assessments").html.find(class_="empty")
    response = _open_and_assess_again(app, amount="1\x00")
    assert response.status_int == 400


def _open_and_assess_again(app, amount):
    form = app.get("/c/tiznit/budget/assessments/new").forms["deform"]
    form["line"] = form["line"].options[1][0]
    form["debtor"] = "X"
    form["purpose"] = "Y"
    form["amount"] = amount
    form["date"] = "2026-01-31"
    return form.submit("assess", status="*")


def test_an_agent_cannot_assess_nor_collect(revenue_commune):
    app = revenue_commune
    factories.log_in(app, "agent@t.test")
    app.get("/c/tiznit/budget/assessments/new", status=403)
    app.get("/c/tiznit/budget/revenues", status=403)


def test_an_unknown_action_or_object_is_404(revenue_commune):
    app = revenue_commune
    factories.log_in(app, "accountant@t.test", totp=True)
    app.get("/c/tiznit/budget/assessments/not-a-uuid", status=404)
    token = factories.csrf_token(app, "/c/tiznit/budget/collections")
    app.post(
        f"/c/tiznit/budget/assessments/{utcnow():%Y}/explode",
        {"csrf_token": token},
        status=404,
    )


def _paid_online(db, reference: str) -> None:
    """A payment confirmed online booked on the year's first line; its receipt not sealed."""
    with db() as session:
        commune = commune_by_slug(session, "tiznit")
        set_commune_scope(session, commune.id)
        services.open_lines(session, actor="t", commune=commune, year=utcnow().year)
        services.collect(
            session,
            actor="system",
            commune=commune,
            amount="150.00",
            payer="Payeur en ligne",
            line=services.lines(session, utcnow().year)[0],
            channel=services.PAYMENT,
            reference=reference,
        )


def test_a_payment_waiting_for_its_receipt_does_not_wait_for_a_signer(revenue_commune, db):
    app = revenue_commune
    _paid_online(db, "PAY-TZ-0002")
    factories.log_in(app, "accountant@t.test", totp=True)
    listed = app.get("/c/tiznit/budget/collections", params={"q": "PAY-TZ-0002"})
    assert "Le reçu du paiement suit" in listed.text
    assert "signataire" not in listed.text


def test_a_reversed_payment_shows_its_offset_in_the_collections(revenue_commune, db):
    app = revenue_commune
    _paid_online(db, "PAY-TZ-0001")
    with db() as session:
        commune = commune_by_slug(session, "tiznit")
        set_commune_scope(session, commune.id)
        services.offset_payment(session, commune, "PAY-TZ-0001")
    factories.log_in(app, "accountant@t.test", totp=True)
    listed = app.get("/c/tiznit/budget/collections", params={"q": "PAY-TZ-0001"})
    assert "PAY-TZ-0001/reversed" in listed.text
    assert "-150.00" in listed.text
    assert "Remboursé" in listed.text
