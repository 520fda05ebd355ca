"""The permit fee as payments sees it: priced by the file, booked on the permit fee's
revenue line, and leading the payer back to the file."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from pyramid.i18n import TranslationString
from pyramid.scripting import prepare

from budget.revenues import services as revenues
from municipality.db import set_commune_scope, utcnow
from permits.payables import FEE_ITEM, PERMIT_FEE
from tests import factories


def test_an_approved_file_is_payable_under_its_code_with_the_permit_fee_item(db):
    with db() as session:
        file = factories.permit_file(session)
        draft = PERMIT_FEE.find(session, file.code)
        file.state, file.fee = "approved", Decimal("5600.00")
        payable = PERMIT_FEE.find(session, file.code)
    assert draft is None
    assert payable is not None
    assert payable.fee_item == FEE_ITEM
    assert isinstance(payable.title, TranslationString)
    assert payable.amount == Decimal("5600.00")


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_each_country_books_the_permit_fee_on_a_revenue_line(db, country):
    with db() as session:
        commune = factories.commune(session, slug=f"c-{country.lower()}", country=country)
        set_commune_scope(session, commune.id)
        year = utcnow().year
        revenues.open_lines(session, actor="t", commune=commune, year=year)
        line = revenues.line_for_fee(session, year, FEE_ITEM)
    assert line is not None


def test_the_payer_is_led_back_to_the_file_s_follow_up_page(wsgi_app):
    env = prepare(registry=wsgi_app.registry)
    request = env["request"]
    request.commune = SimpleNamespace(slug="sale")
    try:
        url = PERMIT_FEE.follow_url(request, "PC-7Q2M")
    finally:
        env["closer"]()
    assert url.endswith("/sale/permits/follow?code=PC-7Q2M")
