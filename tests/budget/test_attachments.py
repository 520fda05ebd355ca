"""Invoices and delivery notes on an expense: the officer attaches PDFs, staff list and
download them; oversized, hostile and non-PDF files are refused whole with a clear 4xx."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from budget.models import Attachment
from tests import factories

PDF = factories.MINIMAL_PDF


def _expense_url(app) -> str:
    page = app.get("/c/tiznit/budget/commitments", {"year": "2026"})
    return next(
        a["href"]
        for a in page.html.select("a[href*='/budget/commitments/']")
        if "new" not in a["href"]
    )


def _send(app, url, content, *, name="facture.pdf", kind="invoice", status="*"):
    page = app.get(url)
    form = next(f for f in page.forms.values() if "document" in f.fields)
    form["kind"] = kind
    form["document"] = (name, content, "application/pdf")
    return form.submit(status=status)


def test_the_officer_attaches_an_invoice_and_staff_download_it(spent):
    factories.log_in(spent, "officer@t.test", totp=True)
    url = _expense_url(spent)
    page = _send(spent, url, PDF, name="C:\\scans\\Facture n°18.pdf").follow()
    assert page.html.find(class_="flash success")
    link = page.html.select_one("#attachments ~ ul a")
    assert link.get_text() == "Facture n°18.pdf"
    spent.reset()
    factories.log_in(spent, "accountant@t.test", totp=True)
    page = spent.get(url)
    assert page.html.find("input", attrs={"name": "document"}) is None
    download = spent.get(page.html.select_one("#attachments ~ ul a")["href"])
    assert download.body == PDF
    assert download.content_type == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (b"x" * (5 * 1_048_576 + 10), 413, "dépasse les 5 Mo"),
        (b"\x89PNG\r\n\x1a\n not a pdf", 422, "pas un document PDF"),
        (
            PDF.replace(
                b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
            ),
            422,
            "scripts",
        ),
        (b"%PDF-1.7 cut short", 422, "pas un document PDF"),
        (b"", 422, "pas un document PDF"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(spent, db, content, status, message):
    factories.log_in(spent, "officer@t.test", totp=True)
    response = _send(spent, _expense_url(spent), content)
    assert response.status_int == status
    assert message in response.text
    with db() as session:
        assert session.execute(select(func.count()).select_from(Attachment)).scalar_one() == 0


def test_an_unknown_kind_and_a_missing_file_are_refused(spent):
    factories.log_in(spent, "officer@t.test", totp=True)
    url = _expense_url(spent)
    token = factories.csrf_token(spent, url)
    spent.post(
        url + "/attachments",
        {"csrf_token": token, "kind": "ransom"},
        upload_files=[("document", "f.pdf", PDF)],
        status=422,
    )
    spent.post(url + "/attachments", {"csrf_token": token, "kind": "invoice"}, status=422)


def test_the_accountant_may_not_attach(spent):
    factories.log_in(spent, "accountant@t.test", totp=True)
    url = _expense_url(spent)
    token = factories.csrf_token(spent, url)
    spent.post(
        url + "/attachments",
        {"csrf_token": token, "kind": "invoice"},
        upload_files=[("document", "f.pdf", PDF)],
        status=403,
    )


def test_another_expenses_document_is_not_found(spent, db):
    factories.log_in(spent, "officer@t.test", totp=True)
    url = _expense_url(spent)
    with db() as session:
        other = factories.attachment(session)
        other_id = str(other.public_id)
    spent.get(f"{url}/attachments/{other_id}", status=404)
