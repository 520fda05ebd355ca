"""What leaves the module: the national feed (payload version 2, version 1 still
readable), the monthly indicators, the payable fee and the public register."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from municipality.db import clock_at, set_commune_scope, utcnow
from municipality.models import AuditEvent, Commune
from permits.feeds import FEED
from permits.indicators import MONTHLY_ACTIVITY
from permits.payables import PERMIT_FEE
from permits.profiles import profile
from permits.services import register
from sync import contracts
from sync.events import build
from tests import factories

# Two months back: within the validity of the factory's document-signer.
WHEN = utcnow().replace(day=10, hour=10) - timedelta(days=61)


def _filed(session, site, **data):
    set_commune_scope(session, site.commune_id)
    commune = session.get(Commune, site.commune_id)
    file = factories.permit_file(session, commune_=commune, parcels=[site.parcel], **data)
    factories.complete_checklist(session, file)
    return commune, factories.advance_permit(session, file, "submit")


def _message(session, commune, action):
    event = (
        session.execute(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
        )
        .scalars()
        .first()
    )
    message = FEED.message_for(session, event)
    document = build(
        commune=commune,
        object_type=message.object_type,
        object_id=message.object_id,
        kind=message.kind,
        payload=message.payload,
        occurred_at=event.occurred_at,
        payload_version=message.payload_version,
    )
    contracts.validate(f"permits.{document['event_type']}", document)
    return document


@pytest.mark.parametrize("kind", ["building", "housing_group", "land_division", "demolition"])
def test_filing_publishes_every_kind_in_payload_version_2(db, site, kind):
    with db() as session:
        commune, file = _filed(session, site, kind=kind)
        document = _message(session, commune, "permits:file:submitted")
        assert document["payload_version"] == "2"
        assert document["payload"]["permit_type"] == kind
        assert document["payload"]["reference"] == file.code
        assert document["payload"]["parcel_reference"] == site.parcel


def test_version_1_messages_stay_readable_and_keep_their_four_types(db, site):
    with db() as session:
        commune, _file = _filed(session, site)
        document = _message(session, commune, "permits:file:submitted")
        old = {**document, "payload_version": "1"}
        contracts.validate("permits.permit_application.filed", old)
        newer_kind = {**old, "payload": {**old["payload"], "permit_type": "housing_group"}}
        with pytest.raises(contracts.ContractViolation):
            contracts.validate("permits.permit_application.filed", newer_kind)


@pytest.mark.parametrize(
    ("action", "reasons", "decision"),
    [
        ("approve", "", "granted"),
        ("approve_with_conditions", "Retrait de 3 m", "granted_with_conditions"),
        ("refuse", "Hauteur dépassée", "refused"),
    ],
)
def test_decisions_are_published(db, site, action, reasons, decision):
    with db() as session:
        commune, file = _filed(session, site)
        factories.advance_permit(
            session, file, "accept", "request_opinions", "give_opinions", "to_commission"
        )
        factories.advance_permit(session, file, action, reasons=reasons)
        verb = "refused" if action == "refuse" else "approved"
        document = _message(session, commune, f"permits:file:{verb}")
        assert document["event_type"] == "permit_application.decided"
        assert document["payload"]["decision"] == decision
        assert document["payload"].get("reason", "") == reasons


def test_other_moves_send_nothing(db, site):
    with db() as session:
        _commune, file = _filed(session, site)
        factories.advance_permit(session, file, "accept")
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == "permits:file:accepted")
        ).scalar_one()
        assert FEED.message_for(session, event) is None


def test_monthly_figures_count_filings_and_issues(db, site):
    with db() as session:
        commune = session.get(Commune, site.commune_id)
        with clock_at(WHEN):
            _commune, file = _filed(session, site)
            _filed(session, site)
            factories.advance_permit(
                session,
                file,
                "accept",
                "request_opinions",
                "give_opinions",
                "to_commission",
                "approve",
                "pay_fee",
                "issue",
            )
        month = WHEN.month
        other = month % 12 + 1
        filed = MONTHLY_ACTIVITY.values(
            session, commune, "permits_filed", WHEN.year, [month, other]
        )
        issued = MONTHLY_ACTIVITY.values(session, commune, "permits_issued", WHEN.year, [month])
        assert filed == {month: 2, other: 0}
        assert issued == {month: 1}


def test_the_fee_is_payable_once_approved_and_settles_the_file(db, site):
    with db() as session:
        _commune, file = _filed(session, site)
        assert PERMIT_FEE.find(session, file.code) is None
        factories.advance_permit(
            session,
            file,
            "accept",
            "request_opinions",
            "give_opinions",
            "to_commission",
            "approve",
        )
        payable = PERMIT_FEE.find(session, file.code)
        assert (payable.reference, payable.amount) == (file.code, Decimal("4800.00"))
        PERMIT_FEE.settled(session, file.code, receipt="REC-9")
        assert file.fee_paid_at is not None
        assert PERMIT_FEE.find(session, file.code) is None
        PERMIT_FEE.settled(session, "NOPE", receipt="REC-10")


def test_the_register_lists_issued_permits_without_the_applicant(db, site):
    with db() as session:
        _commune, issued = _filed(session, site)
        _c, pending = _filed(session, site)
        factories.advance_permit(
            session,
            issued,
            "accept",
            "request_opinions",
            "give_opinions",
            "to_commission",
            "approve",
            "pay_fee",
            "issue",
        )
        rows = list(csv.DictReader(io.StringIO(register.register_csv(register.issued(session)))))
        assert [r["number"] for r in rows] == [issued.number]
        assert rows[0]["status"] == "issued"
        assert issued.applicant_name not in register.register_csv(register.issued(session))
        stats = register.statistics(session, profile("MA"))
        assert stats.by_kind_state == {("building", "issued"): 1, ("building", "submitted"): 1}
        assert (stats.decided, stats.decided_in_time, stats.tacit) == (1, 1, 0)
        assert stats.fees_collected == Decimal("4800.00")
        assert pending.number is None


def test_issued_permits_are_an_ogc_collection_without_personal_data(app, db, site):
    with db() as session:
        _commune, file = _filed(session, site)
        factories.advance_permit(
            session,
            file,
            "accept",
            "request_opinions",
            "give_opinions",
            "to_commission",
            "approve",
            "pay_fee",
            "issue",
        )
        number, owner = file.number, file.owner_name
    collections = app.get("/ogc/sale/collections").json
    assert "permits" in [c["id"] for c in collections["collections"]]
    items = app.get("/ogc/sale/collections/permits/items").json
    assert items["numberMatched"] == 1
    feature = items["features"][0]
    assert feature["properties"]["number"] == number
    assert feature["properties"]["status"] == "issued"
    assert feature["geometry"]["type"] == "Polygon"
    assert owner not in str(items)
