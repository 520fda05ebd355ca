"""Tenant isolation through the real app: the staff of commune A never reach commune B.

The walk below takes every route the application registers. A route whose pattern names
a ``{commune}`` must be listed in :data:`COMMUNE_ROUTES`, which says how to fill its
other placeholders with commune B's real objects; a route without ``{commune}`` but with
placeholders must be listed in :data:`OTHER_ROUTES`. A module that adds a route fails
this file until it says how its route is to be walked.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import webtest
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationConflictError
from sqlalchemy import select
from sqlalchemy.engine import Engine

from budget.models import Budget
from civil_status.services import requests as civil_requests
from complaints.demo import pictures
from complaints.permissions import Perm as ComplaintPerm
from complaints.services import filing, handling
from complaints.services import photos as complaint_photos
from modules import REGISTRY_KEY
from municipality import accounts, outbox
from municipality.db import scoped_to, set_commune_scope
from municipality.files import file_store
from municipality.images import accept_image
from municipality.metadata import load_metadata
from municipality.roles import CORE_ROLE_PERMISSIONS
from notices import services as notice_services
from payments.adapters import SUCCESS, Verified
from payments.payables import fee_reference
from payments.services import intents, receipts
from tests import factories
from tests.documents import support as documents_support
from tests.gis import mapdata
from tests.gis import tenancy as gis_tenancy
from tests.sync import delivery_support as sync_support

A, B = "alpha", "beta"
A_TITLES = ("Alpha water cut", "Alpha council session")
B_TITLES = ("Beta zebra market", "Beta zebra crossing", "Beta stadium works")
B_WITHDRAWN = "Beta zebra fair cancelled"
B_DESTINATION = "beta-platform"
B_ERROR = "beta platform rejected the report"
B_COMPLAINT = "Beta zebra pothole near the market"
B_NOTE = "Beta zebra internal note on the contractor"
B_REPORTER = "reporter@beta.test"
B_HOLDER = "Zebra Betaholder"
B_SUPPLIER = "Beta zebra supplier"
B_MOTHER = "Zoubida Betamother"
B_PAYER = "+212699990001"
TOKEN_PERMISSIONS = [
    "municipality:commune:read",
    "notices:notice:publish",
    "notices:notice:view",
    "permits:file:apply",
]
GOOD_NOTICE = {"title": "Planted by alpha", "body": "This must never reach beta.", "language": "fr"}

# Placeholders that carry an object's public identifier: they must be unguessable.
OBJECT_PLACEHOLDERS = frozenset({"public_id", "object_id"})
# Columns that change on reads and say nothing about another commune's data.
VOLATILE = frozenset({("api_tokens", "last_used_at")})


@dataclass(frozen=True)
class World:
    """Communes A and B, A's staff, and B's objects, as the identifiers URLs use."""

    a_notices: dict[str, str]
    a_token: str
    a_token_secret: str
    a_dead_message: str
    b_notice: str
    b_withdrawn: str
    b_token: str
    b_token_prefix: str
    b_pending_message: str
    b_dead_message: str
    b_admin: str
    b_admin_email: str
    b_complaint: str = ""
    b_tracking: str = ""
    b_photo: str = ""
    b_category: str = ""
    b_parcel: str = ""
    b_document: str = ""
    b_gis: dict[str, str] = field(default_factory=dict)
    b_national_message: str = ""
    b_budget: dict[str, str] = field(default_factory=dict)
    b_civil: dict[str, str] = field(default_factory=dict)
    b_permits: dict[str, str] = field(default_factory=dict)
    b_payment: str = ""
    b_paid: str = ""
    b_fee_reference: str = ""

    @property
    def b_private(self) -> tuple[str, ...]:
        """What no one outside commune B's staff may ever read."""
        return (
            B_WITHDRAWN,
            self.b_token_prefix,
            B_DESTINATION,
            B_ERROR,
            B_HOLDER,
            self.b_admin_email,
            B_NOTE,
            B_REPORTER,
            mapdata.OWNER,
            B_SUPPLIER,
            B_MOTHER,
            B_PAYER,
        )

    @property
    def b_everything(self) -> tuple[str, ...]:
        return (*B_TITLES, B_COMPLAINT, *self.b_private)


def _message(
    session: Any, commune: Any, destination: str, key: str, *, dead: bool, error: str | None = None
) -> str:
    message = outbox.enqueue(
        session,
        destination=destination,
        payload={"key": key},
        idempotency_key=key,
        commune_id=commune.id,
    )
    if dead:
        message.state, message.attempts, message.last_error = "dead", 8, error
    session.flush()
    return str(message.public_id)


def _b_paid(session: Any, registry: Any, beta: Any) -> str:
    """A payment of B confirmed by its provider, with its sealed receipt."""
    payment = factories.payment(session, commune_=beta, payer=B_PAYER)
    set_commune_scope(session, beta.id)
    try:
        intents.apply(
            session,
            registry=registry,
            payment_id=payment.id,
            verified=Verified(SUCCESS, payment.amount, "TXBETA"),
        )
        # What the outbox does just after the credit: seal the receipt asked for.
        receipts.issue_missing(session, registry, actor="tests", commune=beta)
    finally:
        set_commune_scope(session, None)
    assert payment.receipt_id is not None
    return str(payment.public_id)


def _national_message(session: Any, beta: Any) -> str:
    """B's dead message to a national platform, whose error only B's staff may read."""
    message = sync_support.queue(session, beta, "B-1")
    message.state, message.attempts, message.last_error = "dead", 8, B_ERROR
    session.flush()
    return str(message.public_id)


def _publish(session: Any, commune: Any, title: str) -> Any:
    return notice_services.publish(
        session,
        actor="tests",
        commune=commune,
        data={"title": title, "body": f"{title}.", "language": "fr"},
    )


def _b_complaint(session: Any, beta: Any) -> Any:
    """B's complaint, with an internal note no one outside B's staff may read."""
    category = factories.category(session, beta)
    complaint = filing.file_complaint(
        session,
        actor="public",
        commune=beta,
        data={
            "category": category,
            "description": B_COMPLAINT,
            "address": "Beta market",
            "reporter_email": B_REPORTER,
        },
    )
    handling.add_event(session, actor="tests", complaint=complaint, kind="note", body=B_NOTE)
    return complaint


def _b_budget(session: Any, beta: Any) -> dict[str, str]:
    """B's budget, a transfer and an expense paid to a supplier only B's staff may read."""
    transfer = factories.transfer(session, commune_=beta)
    supplier = factories.supplier(session, commune_=beta, name=B_SUPPLIER)
    commitment = factories.commitment(session, line=transfer.source, supplier_=supplier)
    collection = factories.collection(
        session,
        assessment_=factories.assessment(
            session, line=factories.revenue_line(session, commune_=beta)
        ),
    )
    return {
        "revenue_line": str(collection.line.public_id),
        "assessment": str(collection.assessment.public_id),
        "collection": str(collection.public_id),
        "budget": str(
            session.execute(
                select(Budget.public_id).where(Budget.commune_id == beta.id)
            ).scalar_one()
        ),
        "transfer": str(transfer.public_id),
        "commitment": str(commitment.public_id),
        "attachment": str(factories.attachment(session, commitment_=commitment).public_id),
    }


def _b_civil_status(session: Any, beta: Any, registry: Any) -> dict[str, str]:
    """B's register, a draft and a signed act (naming B_MOTHER), a requested mention, and a
    copy request paid, issued and downloaded (so reading it again writes nothing)."""
    factories.enable(session, beta, "civil_status")
    register = factories.register(session, commune_=beta)
    signed = factories.signed_act(session, register_=register, mother_name=B_MOTHER)
    draft = factories.act(session, register_=register, mother_name=B_MOTHER)
    mention = factories.mention(session, act_=signed)
    copy = factories.copy_request(session, act_=signed, registry=registry)
    with scoped_to(session, beta.id):
        civil_requests.settle(session, registry, code=copy.code, receipt="PAY-B")
        civil_requests.collect(session, registry, copy, actor="requester")
    return {
        "register": str(register.public_id),
        "draft": str(draft.public_id),
        "act": str(signed.public_id),
        "mention": str(mention.public_id),
        "request": str(copy.public_id),
        "code": copy.code,
    }


def _b_permits(session: Any, beta: Any) -> dict[str, str]:
    """B's draft permit file, and a large project under review with its opinions asked."""
    draft = factories.permit_file(session, commune_=beta)
    large = factories.permit_file(session, commune_=beta, floors=4, floor_area_m2=900.0, units=6)
    factories.complete_checklist(session, large)
    factories.advance_permit(session, large, "submit", "accept", "request_opinions")
    return {
        "file": str(draft.public_id),
        "opinion": str(large.opinions[0].public_id),
        "code": large.code,
    }


@pytest.fixture
def world(db, wsgi_app) -> World:
    with db() as session:
        alpha = factories.commune(session, slug=A)
        beta = factories.commune(session, slug=B)
        for commune in (alpha, beta):
            factories.enable(
                session,
                commune,
                "notices",
                "complaints",
                "documents",
                "budget",
                "civil_status",
                "permits",
            )
            factories.enable_gis(session, commune)
            sync_support.enable_sync(session, commune)
            documents_support.enable_documents(session, wsgi_app.registry, commune)
            factories.enable_payments(session, commune)
        factories.user(session, role="commune_admin", commune_=alpha, email="admin@alpha.test")
        factories.user(session, role="agent", commune_=alpha, email="agent@alpha.test")
        b_admin = factories.user(
            session, role="commune_admin", commune_=beta, email="admin@beta.test"
        )
        a_notices = {t: str(_publish(session, alpha, t).public_id) for t in A_TITLES}
        b_notices = [_publish(session, beta, t) for t in B_TITLES]
        withdrawn = _publish(session, beta, B_WITHDRAWN)
        notice_services.act(
            session,
            actor="tests",
            notice=withdrawn,
            action="withdraw",
            permissions=frozenset({"notices:notice:publish"}),
        )
        a_token, a_secret = accounts.create_api_token(
            session,
            actor="tests",
            commune=alpha,
            name="alpha client",
            permissions=TOKEN_PERMISSIONS,
        )
        b_complaint = _b_complaint(session, beta)
        b_photo = complaint_photos.attach(
            session,
            actor="tests",
            complaint=b_complaint,
            images=[accept_image(pictures.picture("voirie", random.Random(1)))],
            store=file_store(wsgi_app.registry),
        )[0]
        b_token, _b_secret = accounts.create_api_token(
            session, actor="tests", commune=beta, name="beta client", permissions=TOKEN_PERMISSIONS
        )
        return World(
            a_notices=a_notices,
            a_token=str(a_token.public_id),
            a_token_secret=a_secret,
            a_dead_message=_message(
                session,
                alpha,
                "alpha-platform",
                "alpha-1",
                dead=True,
                error="alpha platform was down",
            ),
            b_notice=str(b_notices[0].public_id),
            b_withdrawn=str(withdrawn.public_id),
            b_token=str(b_token.public_id),
            b_token_prefix=b_token.prefix,
            b_pending_message=_message(session, beta, B_DESTINATION, "beta-1", dead=False),
            b_dead_message=_message(
                session, beta, B_DESTINATION, "beta-2", dead=True, error=B_ERROR
            ),
            b_admin=str(b_admin.public_id),
            b_admin_email=b_admin.email,
            b_complaint=str(b_complaint.public_id),
            b_tracking=b_complaint.tracking_code,
            b_photo=str(b_photo.public_id),
            b_category=str(b_complaint.category.public_id),
            b_parcel=mapdata.add_layers(session, beta).parcels["BETA-1"],
            b_gis=gis_tenancy.b_objects(session, beta),
            b_civil=_b_civil_status(session, beta, wsgi_app.registry),
            b_permits=_b_permits(session, beta),
            b_document=str(
                documents_support.issue(
                    session, wsgi_app.registry, beta, full_name=B_HOLDER
                ).public_id
            ),
            b_national_message=_national_message(session, beta),
            b_budget=_b_budget(session, beta),
            b_payment=str(factories.payment(session, commune_=beta, payer=B_PAYER).public_id),
            b_paid=_b_paid(session, wsgi_app.registry, beta),
            b_fee_reference=fee_reference("payments.stamp-duty", 1, "BETA01"),
        )


# --- What each route is, and how to point it at commune B's objects -------------------------

Fill = Callable[[World], list[dict[str, str]]]


def _page(_w: World) -> list[dict[str, str]]:
    return [{}]


@dataclass(frozen=True)
class Case:
    """``kind``: staff pages, public pages or the JSON API. ``b_objects``: the fills name
    B's objects, so the same URL under A's own commune must not find them either.
    ``query``: what a route needs after its path to answer at all (``?x=1``)."""

    kind: str
    fill: Fill = _page
    b_objects: bool = False
    query: str = ""


COMMUNE_ROUTES: dict[str, Case] = {
    "dashboard": Case("staff"),
    "modules": Case("staff"),
    "modules.module": Case("staff", lambda w: [{"name": "notices"}]),
    "apikeys": Case("staff"),
    "apikeys.revoke": Case("staff", lambda w: [{"public_id": w.b_token}], b_objects=True),
    "outbox": Case("staff"),
    "outbox.replay": Case(
        "staff",
        lambda w: [{"public_id": w.b_dead_message}, {"public_id": w.b_pending_message}],
        b_objects=True,
    ),
    "history": Case(
        "staff",
        lambda w: [
            {"object_type": "notice", "object_id": w.b_notice},
            {"object_type": "notice", "object_id": w.b_withdrawn},
            {"object_type": "api_token", "object_id": w.b_token},
            {"object_type": "user", "object_id": w.b_admin},
        ],
        b_objects=True,
    ),
    "notices.list": Case("staff"),
    "documents.seal": Case("staff"),
    "notices.new": Case("staff"),
    "notices.notice": Case(
        "staff",
        lambda w: [{"public_id": w.b_notice}, {"public_id": w.b_withdrawn}],
        b_objects=True,
    ),
    "notices.notice.action": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_notice, "action": "withdraw"},
            {"public_id": w.b_withdrawn, "action": "republish"},
        ],
        b_objects=True,
    ),
    "complaints.list": Case("staff"),
    "complaints.request": Case("staff", lambda w: [{"public_id": w.b_complaint}], b_objects=True),
    "complaints.request.note": Case(
        "staff", lambda w: [{"public_id": w.b_complaint}], b_objects=True
    ),
    "complaints.request.action": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_complaint, "action": "acknowledge"},
            {"public_id": w.b_complaint, "action": "reject"},
        ],
        b_objects=True,
    ),
    "complaints.request.merge": Case(
        "staff",
        lambda w: [{"public_id": w.b_complaint, "other_id": w.b_complaint}],
        b_objects=True,
    ),
    "complaints.statistics": Case("staff"),
    # What the region asks of the commune; B's campaigns and reports are proven out of
    # reach in tests/consolidation/test_views.py.
    "consolidation.returns": Case("staff"),
    "consolidation.returns.workbook": Case("staff", lambda w: [{"public_id": w.b_notice}]),
    "consolidation.returns.refusal": Case(
        "staff", lambda w: [{"public_id": w.b_notice, "report_id": w.b_notice}]
    ),
    "complaints.statistics.xlsx": Case("staff"),
    "complaints.counter": Case("staff"),
    "complaints.request.receipt": Case(
        "staff", lambda w: [{"public_id": w.b_complaint}], b_objects=True
    ),
    "complaints.categories": Case("staff"),
    "complaints.publication": Case("staff"),
    "complaints.category.new": Case("staff"),
    "complaints.category": Case("staff", lambda w: [{"public_id": w.b_category}], b_objects=True),
    "complaints.category.active": Case(
        "staff", lambda w: [{"public_id": w.b_category}], b_objects=True
    ),
    # A resident's own list and account page: B's complaints belong to no A account.
    "complaints.mine": Case("public"),
    "complaints.account": Case("public"),
    "complaints.public": Case("public"),
    # B's own tracking page is public; under A's address the same code finds nothing
    # (test_tracking_code_of_b_is_not_found_under_a).
    "complaints.track": Case("public", lambda w: [{"tracking_code": w.b_tracking}]),
    "complaints.track.lookup": Case("public"),
    # The public list and B's photos are public under B's own address; under A's,
    # B's photo is not found (tests/complaints/test_photos.py).
    "complaints.public.list": Case("public"),
    # Maps: the public one shows no identity (its GeoJSON neither); the staff one is A's.
    "complaints.map.public": Case("public"),
    "complaints.map.public.geojson": Case("public"),
    "complaints.map": Case("staff"),
    "complaints.map.geojson": Case("staff"),
    # OGC API and map of B are public under B's address, never with an owner; under A's
    # address none of B's features is found (tests/gis/test_ogc.py,
    # test_commune_a_never_serves_b_features).
    "gis.ogc.root": Case("public"),
    "gis.ogc.landing": Case("public"),
    "gis.ogc.api": Case("public"),
    "gis.ogc.conformance": Case("public"),
    "gis.ogc.collections": Case("public"),
    "gis.ogc.collection": Case("public", lambda w: [{"collection_id": "parcels"}]),
    "gis.ogc.items": Case("public", lambda w: [{"collection_id": "parcels"}]),
    "gis.ogc.item": Case(
        "public", lambda w: [{"collection_id": "parcels", "feature_id": w.b_parcel}]
    ),
    "gis.map.public": Case("public"),
    "gis.download": Case(
        "public",
        lambda w: [
            {"collection_id": "parcels", "format": "geojson"},
            {"collection_id": "parcels", "format": "gpkg"},
        ],
    ),
    "gis.map.staff": Case("staff"),
    # The base's streets and places of B are public under B's address; under A's they are
    # A's own (tests/gis/test_basemap.py). B's parcel BETA-1 is unknown under A's address.
    "gis.base": Case("public", lambda w: [{"layer": "streets"}, {"layer": "places"}]),
    "gis.parcel": Case("staff", lambda w: [{"reference": "BETA-1"}], b_objects=True),
    "gis.site": Case("staff"),
    "gis.site.png": Case("staff"),
    "gis.plans": Case("staff"),
    "gis.plan": Case("staff", lambda w: [{"public_id": w.b_gis.get("plan", "x")}], b_objects=True),
    "gis.plan.rules": Case(
        "staff", lambda w: [{"public_id": w.b_gis.get("plan", "x")}], b_objects=True
    ),
    "gis.plan.rule": Case(
        "staff", lambda w: [{"public_id": w.b_gis.get("plan", "x")}], b_objects=True
    ),
    "gis.imports": Case("staff"),
    "gis.import": Case(
        "staff", lambda w: [{"public_id": w.b_gis.get("import", "x")}], b_objects=True
    ),
    "gis.import.status": Case(
        "staff", lambda w: [{"public_id": w.b_gis.get("import", "x")}], b_objects=True
    ),
    "gis.servitudes": Case("staff"),
    "gis.servitude": Case(
        "staff", lambda w: [{"public_id": w.b_gis.get("layer", "x")}], b_objects=True
    ),
    "gis.check": Case("staff"),
    "gis.buildability": Case("staff"),
    "gis.buildability.download": Case(
        "staff", lambda w: [{"public_id": w.b_gis.get("buildability", "x")}], b_objects=True
    ),
    "complaints.public.photo": Case("public", lambda w: [{"photo_id": w.b_photo}]),
    "complaints.photo": Case(
        "staff", lambda w: [{"public_id": w.b_complaint, "photo_id": w.b_photo}], b_objects=True
    ),
    "budget.execution": Case("staff"),
    "budget.execution.xlsx": Case("staff"),
    "budget.budgets": Case("staff"),
    "budget.budget": Case(
        "staff", lambda w: [{"public_id": w.b_budget.get("budget", "x")}], b_objects=True
    ),
    "budget.budget.action": Case(
        "staff",
        lambda w: [{"public_id": w.b_budget.get("budget", "x"), "action": "vote"}],
        b_objects=True,
    ),
    "budget.codes": Case("staff"),
    "budget.suppliers": Case("staff"),
    "budget.transfers": Case("staff"),
    "budget.transfer": Case(
        "staff", lambda w: [{"public_id": w.b_budget.get("transfer", "x")}], b_objects=True
    ),
    "documents.register": Case("staff"),
    "documents.issue": Case("staff", lambda w: [{"type": "res"}]),
    "documents.document": Case("staff", lambda w: [{"public_id": w.b_document}], b_objects=True),
    "documents.document.pdf": Case(
        "staff", lambda w: [{"public_id": w.b_document}], b_objects=True
    ),
    "documents.document.revoke": Case(
        "staff", lambda w: [{"public_id": w.b_document}], b_objects=True
    ),
    "budget.transfer.action": Case(
        "staff",
        lambda w: [{"public_id": w.b_budget.get("transfer", "x"), "action": "authorise"}],
        b_objects=True,
    ),
    "budget.commitments": Case("staff"),
    "budget.commitment.new": Case("staff"),
    "budget.commitment": Case(
        "staff", lambda w: [{"public_id": w.b_budget.get("commitment", "x")}], b_objects=True
    ),
    "budget.commitment.action": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_budget.get("commitment", "x"), "action": "liquidate"},
            {"public_id": w.b_budget.get("commitment", "x"), "action": "pay"},
        ],
        b_objects=True,
    ),
    # B's public budget shows lines and figures, never a supplier.
    "budget.public": Case("public"),
    "budget.revenues": Case("staff"),
    "budget.revenue_line": Case(
        "staff", lambda w: [{"public_id": w.b_budget.get("revenue_line", "x")}], b_objects=True
    ),
    "budget.revenue_line.action": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_budget.get("revenue_line", "x"), "action": "forecast"},
            {"public_id": w.b_budget.get("revenue_line", "x"), "action": "collect"},
        ],
        b_objects=True,
    ),
    "budget.assessments": Case("staff"),
    "budget.assessment.new": Case("staff"),
    "budget.assessment": Case(
        "staff", lambda w: [{"public_id": w.b_budget.get("assessment", "x")}], b_objects=True
    ),
    "budget.assessment.action": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_budget.get("assessment", "x"), "action": "collect"},
            {"public_id": w.b_budget.get("assessment", "x"), "action": "cancel"},
        ],
        b_objects=True,
    ),
    "budget.collections": Case("staff"),
    "budget.arrears": Case("staff"),
    "budget.collection.receipt": Case(
        "staff", lambda w: [{"public_id": w.b_budget.get("collection", "x")}], b_objects=True
    ),
    "budget.opendata.package": Case("public", lambda w: [{"year": "2026"}]),
    "budget.opendata.csv": Case("public", lambda w: [{"year": "2026"}]),
    "budget.opendata.spending": Case("public", lambda w: [{"year": "2026"}]),
    "budget.opendata.spending.staff": Case("staff", lambda w: [{"year": "2026"}]),
    "budget.council.pdf": Case("staff"),
    "budget.commitment.attachments": Case(
        "staff", lambda w: [{"public_id": w.b_budget.get("commitment", "x")}], b_objects=True
    ),
    "budget.attachment": Case(
        "staff",
        lambda w: [
            {
                "public_id": w.b_budget.get("commitment", "x"),
                "attachment": w.b_budget.get("attachment", "x"),
            }
        ],
        b_objects=True,
    ),
    "public.commune": Case("public"),
    # The location picker's questions are public; a search under A's address finds none of
    # B's places (tests/municipality/views/test_places.py).
    "public.places": Case("public"),
    "public.area": Case("public", query="?latitude=34.04&longitude=-6.8"),
    "notices.public": Case("public"),
    "payments.list": Case("staff"),
    "payments.payment": Case("staff", lambda w: [{"public_id": w.b_payment}], b_objects=True),
    "payments.reverse": Case("staff", lambda w: [{"public_id": w.b_payment}], b_objects=True),
    "payments.receipt": Case("staff", lambda w: [{"public_id": w.b_paid}], b_objects=True),
    "payments.counter": Case("staff"),
    "payments.counter.action": Case("staff", lambda w: [{"action": "open"}, {"action": "take"}]),
    "payments.reconciliation": Case("staff"),
    "payments.fees": Case("staff"),
    # B's payer pages are public under B's address (anyone holding the reference may pay);
    # under A's, B's payment is not found (tests/payments/test_views.py).
    "payments.pay": Case(
        "public", lambda w: [{"kind": "payments.fee", "reference": w.b_fee_reference}]
    ),
    "payments.status": Case("public", lambda w: [{"public_id": w.b_payment}]),
    "payments.status.receipt": Case("public", lambda w: [{"public_id": w.b_paid}]),
    "sync.board": Case("staff"),
    "sync.messages": Case("staff"),
    "sync.message": Case("staff", lambda w: [{"public_id": w.b_national_message}], b_objects=True),
    "sync.message.action": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_national_message, "action": "replay"},
            {"public_id": w.b_national_message, "action": "cancel"},
        ],
        b_objects=True,
    ),
    "sync.connection": Case("staff", lambda w: [{"platform": "permits"}]),
    "sync.connection.pause": Case("staff", lambda w: [{"platform": "permits"}]),
    "civil_status.registers": Case("staff"),
    "civil_status.register.new": Case("staff"),
    "civil_status.search": Case("staff", query="?name=Yasmine"),
    "civil_status.register": Case(
        "staff", lambda w: [{"public_id": w.b_civil.get("register", "x")}], b_objects=True
    ),
    "civil_status.act.new": Case(
        "staff", lambda w: [{"public_id": w.b_civil.get("register", "x")}], b_objects=True
    ),
    "civil_status.act": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_civil.get("act", "x")},
            {"public_id": w.b_civil.get("draft", "x")},
        ],
        b_objects=True,
        query="?why=verification",
    ),
    "civil_status.act.action": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_civil.get("draft", "x"), "action": "sign"},
            {"public_id": w.b_civil.get("draft", "x"), "action": "discard"},
        ],
        b_objects=True,
    ),
    "civil_status.act.extract": Case(
        "staff", lambda w: [{"public_id": w.b_civil.get("act", "x")}], b_objects=True
    ),
    "civil_status.act.duplicate": Case(
        "staff",
        lambda w: [
            {"public_id": w.b_civil.get("draft", "x"), "candidate_id": w.b_civil.get("act", "x")}
        ],
        b_objects=True,
    ),
    "civil_status.act.mention.new": Case(
        "staff", lambda w: [{"public_id": w.b_civil.get("act", "x")}], b_objects=True
    ),
    "civil_status.mention.action": Case(
        "staff",
        lambda w: [{"public_id": w.b_civil.get("mention", "x"), "action": "approve"}],
        b_objects=True,
    ),
    "civil_status.act.scan": Case(
        "staff", lambda w: [{"public_id": w.b_civil.get("act", "x")}], b_objects=True
    ),
    "civil_status.act.readers": Case(
        "staff", lambda w: [{"public_id": w.b_civil.get("act", "x")}], b_objects=True
    ),
    "civil_status.statistics": Case("staff"),
    "civil_status.statistics.xlsx": Case("staff"),
    "civil_status.statistics.report": Case("staff"),
    "civil_status.requests": Case("staff"),
    "civil_status.request.new": Case("staff"),
    "civil_status.request": Case(
        "staff", lambda w: [{"public_id": w.b_civil.get("request", "x")}], b_objects=True
    ),
    "civil_status.request.attorney": Case(
        "staff", lambda w: [{"public_id": w.b_civil.get("request", "x")}], b_objects=True
    ),
    "civil_status.request.action": Case(
        "staff",
        lambda w: [{"public_id": w.b_civil.get("request", "x"), "action": "hand_over"}],
        b_objects=True,
    ),
    "civil_status.public.request": Case("public"),
    "civil_status.public.abroad": Case("public"),
    "civil_status.mine": Case("public"),
    "civil_status.mine.reads": Case("public"),
    "civil_status.track.lookup": Case("public"),
    "civil_status.track": Case("public", lambda w: [{"code": w.b_civil.get("code", "x")}]),
    "civil_status.track.copy": Case("public", lambda w: [{"code": w.b_civil.get("code", "x")}]),
    "civil_status.track.collect": Case("public", lambda w: [{"code": w.b_civil.get("code", "x")}]),
    "civil_status.api.requests": Case("public"),
    "civil_status.api.request": Case("public", lambda w: [{"code": w.b_civil.get("code", "x")}]),
    "permits.files": Case("staff"),
    "permits.new": Case("staff"),
    "permits.statistics": Case("staff"),
    "permits.file": Case(
        "staff", lambda w: [{"public_id": w.b_permits.get("file", "x")}], b_objects=True
    ),
    "permits.file.edit": Case(
        "staff", lambda w: [{"public_id": w.b_permits.get("file", "x")}], b_objects=True
    ),
    "permits.file.upload": Case(
        "staff", lambda w: [{"public_id": w.b_permits.get("file", "x")}], b_objects=True
    ),
    "permits.file.action": Case(
        "staff",
        lambda w: [{"public_id": w.b_permits.get("file", "x"), "action": "submit"}],
        b_objects=True,
    ),
    "permits.opinion": Case(
        "staff", lambda w: [{"public_id": w.b_permits.get("opinion", "x")}], b_objects=True
    ),
    "permits.follow": Case("public"),
    "permits.register": Case("public"),
    "permits.register.csv": Case("public"),
    "api.commune": Case("api"),
    "notices.api.collection": Case("api"),
    "notices.api.item": Case(
        "api",
        lambda w: [{"public_id": w.b_notice}, {"public_id": w.b_withdrawn}],
        b_objects=True,
    ),
    "permits.api.register": Case("public"),
    "permits.api.follow": Case("public", lambda w: [{"code": w.b_permits.get("code", "x")}]),
    "permits.api.files": Case("api"),
    "permits.api.file": Case(
        "api", lambda w: [{"public_id": w.b_permits.get("file", "x")}], b_objects=True
    ),
    "permits.api.file.submission": Case(
        "api", lambda w: [{"public_id": w.b_permits.get("file", "x")}], b_objects=True
    ),
}

# Placeholder values only, to check that each fill names exactly its route's placeholders.
_FAKE_WORLD = World(
    a_notices={},
    a_token="",
    a_token_secret="",
    a_dead_message="",
    b_notice="x",
    b_withdrawn="x",
    b_token="x",
    b_token_prefix="x",
    b_pending_message="x",
    b_dead_message="x",
    b_admin="x",
    b_admin_email="x",
    b_complaint="x",
    b_tracking="x",
    b_photo="x",
    b_category="x",
    b_parcel="x",
)

# Routes without ``{commune}`` that still take a value from the URL.
OTHER_ROUTES: dict[str, Fill] = {
    # A reset link carries a secret, not an object id: B's identifiers must open nothing.
    "password.reset.confirm": lambda w: [
        {"token": w.b_admin},
        {"token": w.b_notice},
        {"token": w.b_token_prefix},
    ],
    # Open311 names the commune in jurisdiction_id (tests/complaints/test_open311.py
    # proves that A's jurisdiction finds none of B's requests or tokens).
    "complaints.open311.discovery": lambda w: [{"format": "json"}, {"format": "xml"}],
    "complaints.open311.services": lambda w: [{"format": "json"}, {"format": "xml"}],
    "complaints.open311.service": lambda w: [{"service_code": "voirie", "format": "json"}],
    "complaints.open311.requests": lambda w: [{"format": "json"}, {"format": "xml"}],
    "complaints.open311.request": lambda w: [
        {"service_request_id": w.b_complaint, "format": "json"}
    ],
    "complaints.open311.token": lambda w: [{"token": w.b_tracking, "format": "json"}],
    # A provider's callback names its merchant (the commune); what it claims is checked
    # with the provider, and B's payment is out of A's reach (tests/payments).
    "payments.callback": lambda w: [{"provider": "gsma", "merchant": B}],
    # Static files: B's identifiers name no file.
    "__static/": lambda w: [{"subpath": (w.b_notice,)}],
    "__gis-static/": lambda w: [{"subpath": (w.b_notice,)}],
    "__gis-assets/": lambda w: [{"subpath": (w.b_notice,)}],
    "__documents-static/": lambda w: [{"subpath": (w.b_notice,)}],
    "__payments-static/": lambda w: [{"subpath": (w.b_notice,)}],
    # Region pages answer 404 to everyone but the region's supervisors
    # (tests/consolidation/test_access.py walks them with two regions).
    "consolidation.sets": lambda w: [{"region": B}],
    "consolidation.set.new": lambda w: [{"region": B}],
    "consolidation.set": lambda w: [{"region": B, "public_id": w.b_notice}],
    "consolidation.set.version": lambda w: [{"region": B, "public_id": w.b_notice}],
    # Campaign pages: tests/consolidation/test_views.py proves another region's
    # supervisor and commune staff get 404 on them.
    "consolidation.campaigns": lambda w: [{"region": B}],
    "consolidation.campaign": lambda w: [{"region": B, "public_id": w.b_notice}],
    "consolidation.campaign.upload": lambda w: [{"region": B, "public_id": w.b_notice}],
    "consolidation.campaign.remind": lambda w: [{"region": B, "public_id": w.b_notice}],
    "consolidation.campaign.close": lambda w: [{"region": B, "public_id": w.b_notice}],
    "consolidation.campaign.comparison": lambda w: [{"region": B, "public_id": w.b_notice}],
    "consolidation.campaign.export": lambda w: [
        {"region": B, "public_id": w.b_notice, "ext": "xlsx"}
    ],
    "consolidation.campaign.template": lambda w: [
        {"region": B, "public_id": w.b_notice, "slug": B}
    ],
    "consolidation.campaign.versions": lambda w: [
        {"region": B, "public_id": w.b_notice, "slug": B}
    ],
    "consolidation.campaign.refusal": lambda w: [
        {"region": B, "public_id": w.b_notice, "report_id": w.b_notice}
    ],
    "__consolidation-static/": lambda w: [{"subpath": (w.b_notice,)}],
}

_PLACEHOLDER = re.compile(r"\{(\w+)|\*(\w+)")


def _placeholders(pattern: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(pattern)}


@dataclass
class Routes:
    """What the running application registered, read from its introspector."""

    patterns: dict[str, str]
    # route name -> request method -> permission (None: public); absent method: not served
    permissions: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def commune_routes(self) -> list[str]:
        return sorted(n for n, p in self.patterns.items() if "commune" in _placeholders(p))

    def other_routes_with_placeholders(self) -> list[str]:
        return sorted(
            n
            for n, p in self.patterns.items()
            if _placeholders(p) and "commune" not in _placeholders(p)
        )


def registered_routes(wsgi_app: Any) -> Routes:
    introspector = wsgi_app.registry.introspector
    routes = Routes({})
    for entry in introspector.get_category("routes"):
        route = entry["introspectable"]
        routes.patterns[route["name"]] = route["pattern"]
        served = routes.permissions.setdefault(route["name"], {})
        for view in entry["related"]:
            if view.category_name != "views":
                continue
            permission = next(
                (
                    str(p["value"])
                    for p in introspector.related(view)
                    if p.category_name == "permissions"
                ),
                None,
            )
            methods = view["request_methods"] or ("GET", "POST")
            for method in (methods,) if isinstance(methods, str) else methods:
                served[method] = permission
    return routes


def route_path(wsgi_app: Any, route_name: str, /, **parts: Any) -> str:
    return wsgi_app.routes_mapper.get_route(route_name).generate(parts)


def role_permissions(wsgi_app: Any, role: str) -> frozenset[str]:
    registry = wsgi_app.registry[REGISTRY_KEY]
    return frozenset(CORE_ROLE_PERMISSIONS[role]) | frozenset(registry.role_permissions(role))


# --- Database snapshots: nothing may be written by a refused request ------------------------


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in load_metadata().sorted_tables:
            if table.name == "spatial_ref_sys":
                continue
            columns = [c for c in table.c if (table.name, c.name) not in VOLATILE]
            order = list(table.primary_key.columns)
            rows[table.name] = [
                tuple(r) for r in connection.execute(select(*columns).order_by(*order))
            ]
    return rows


def changed_tables(before: dict[str, list], after: dict[str, list]) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


# --- Actors ---------------------------------------------------------------------------------


@dataclass
class Actor:
    role: str
    app: webtest.TestApp
    csrf: str
    permissions: frozenset[str]


def _actor(wsgi_app: Any, role: str) -> Actor:
    app = webtest.TestApp(wsgi_app, extra_environ={"HTTP_HOST": "localhost"})
    if role == "commune_admin":
        response = factories.log_in(app, "admin@alpha.test", totp=True)
    else:
        response = factories.log_in(app, "agent@alpha.test")
    assert response.status_int == 302, response.text[:300]
    assert app.get(f"/c/{A}/").status_int == 200
    csrf = factories.csrf_token(app, f"/c/{A}/notices/new")
    return Actor(role, app, csrf, role_permissions(wsgi_app, role))


@pytest.fixture
def admin(wsgi_app, world) -> Actor:
    """A's commune administrator, logged in through the real form and its TOTP step."""
    return _actor(wsgi_app, "commune_admin")


@pytest.fixture
def agent(wsgi_app, world) -> Actor:
    return _actor(wsgi_app, "agent")


def forged_bodies(admin: Actor) -> dict[str, list[tuple[str, str]]]:
    """Valid form bodies, taken from A's own pages, to send to other URLs."""
    keys = admin.app.get(f"/c/{A}/apikeys").forms["deform"]
    keys["name"] = "Stolen key"
    boxes = keys.fields["checkbox"]
    next(box for box in boxes if box._value == "notices:notice:view").checked = True
    notice = admin.app.get(f"/c/{A}/notices/new").forms["deform"]
    notice["title"] = GOOD_NOTICE["title"]
    notice["body"] = GOOD_NOTICE["body"]
    notice["language"] = "fr"
    return {
        "apikeys": [(k, v) for k, v in keys.submit_fields("create") if k != "csrf_token"],
        "notices.new": [(k, v) for k, v in notice.submit_fields("publish") if k != "csrf_token"],
        "modules.module": [("action", "disable")],
    }


def _post_params(actor: Actor, bodies: dict[str, list], name: str) -> list[tuple[str, str]]:
    return [("csrf_token", actor.csrf), *bodies.get(name, [])]


# --- The walk -------------------------------------------------------------------------------


@dataclass
class Walk:
    """Every request made and every way it went wrong, reported together."""

    requests: int = 0
    failures: list[str] = field(default_factory=list)

    def check(
        self, response: webtest.TestResponse, want: int, forbidden: tuple[str, ...], label: str
    ) -> None:
        self.requests += 1
        if response.status_int != want:
            self.failures.append(f"{label}: {response.status_int}, expected {want}")
        text = response.body.decode(response.charset or "utf-8", "replace")
        leaked = [s for s in forbidden if s in text]
        if leaked:
            self.failures.append(f"{label}: shows {leaked}")


def _expected(
    case: Case, permission: str | None, *, own_commune: bool, actor_permissions: frozenset[str]
) -> int:
    if case.kind == "api":
        return 401  # the API never trusts a session cookie
    if own_commune:
        return 404 if permission in actor_permissions else 403
    return 403


def walk_commune_routes(wsgi_app: Any, w: World, actor: Actor, bodies: dict[str, list]) -> Walk:
    routes = registered_routes(wsgi_app)
    walk = Walk()
    for name in routes.commune_routes():
        case = COMMUNE_ROUTES[name]
        served = routes.permissions[name]
        for fill in case.fill(w):
            urls = [(B, False)] + ([(A, True)] if case.b_objects else [])
            for commune, own in urls:
                path = route_path(wsgi_app, name, commune=commune, **fill) + case.query
                for method in ("GET", "POST"):
                    label = f"{actor.role} {method} {path} ({name})"
                    if case.kind == "public":
                        if method == "GET":
                            response = actor.app.get(path, status="*")
                            # A public resource that only takes a POST: the API answers
                            # 405, a page 404.
                            want = 200 if "GET" in served else 405 if "/api/" in path else 404
                            walk.check(response, want, w.b_private, label)
                        continue
                    if method not in served:
                        # The API answers a method a resource lacks with 405 whoever
                        # asks, before any object is looked up; pages answer 404.
                        want = 405 if case.kind == "api" else 404
                    else:
                        want = _expected(
                            case,
                            served[method],
                            own_commune=own,
                            actor_permissions=actor.permissions,
                        )
                    if method == "GET":
                        response = actor.app.get(path, status="*")
                    else:
                        response = actor.app.post(
                            path, _post_params(actor, bodies, name), status="*"
                        )
                    walk.check(response, want, w.b_everything, label)
    return walk


def test_every_route_with_a_commune_is_known_to_the_walk(wsgi_app):
    routes = registered_routes(wsgi_app)
    unknown = sorted(set(routes.commune_routes()) - set(COMMUNE_ROUTES))
    assert not unknown, (
        f"routes {unknown} take a {{commune}}: add them to COMMUNE_ROUTES in this file, "
        "saying how to fill their placeholders with commune B's objects"
    )
    stale = sorted(set(COMMUNE_ROUTES) - set(routes.commune_routes()))
    assert not stale, f"COMMUNE_ROUTES lists routes the app no longer has: {stale}"
    for name in routes.commune_routes():
        expected = _placeholders(routes.patterns[name]) - {"commune"}
        assert set(COMMUNE_ROUTES[name].fill(_FAKE_WORLD)[0]) == expected, name


def test_every_other_route_taking_a_value_is_known_to_the_walk(wsgi_app):
    routes = registered_routes(wsgi_app)
    unknown = sorted(set(routes.other_routes_with_placeholders()) - set(OTHER_ROUTES))
    assert not unknown, (
        f"routes {unknown} take a value from the URL: add them to OTHER_ROUTES in this file "
        "and prove commune B's objects are not reachable through them"
    )


@pytest.mark.parametrize("role", ["admin", "agent"])
def test_staff_of_a_reach_nothing_of_b_on_any_route(request, wsgi_app, engine, world, admin, role):
    actor = admin if role == "admin" else request.getfixturevalue("agent")
    bodies = forged_bodies(admin)
    before = snapshot(engine)
    walk = walk_commune_routes(wsgi_app, world, actor, bodies)
    assert not walk.failures, "\n".join(walk.failures)
    assert walk.requests >= 40
    assert changed_tables(before, snapshot(engine)) == []


def test_the_forged_requests_work_on_the_actors_own_objects(wsgi_app, engine, world, admin):
    """So the refusals above come from tenancy, not from a malformed request."""
    bodies = forged_bodies(admin)
    app = admin.app
    a_notice = world.a_notices[A_TITLES[0]]
    created = app.post(f"/c/{A}/apikeys", _post_params(admin, bodies, "apikeys"))
    assert "Stolen key" in created.text
    assert app.post(f"/c/{A}/notices/new", _post_params(admin, bodies, "notices.new"), status=302)
    assert app.post(f"/c/{A}/notices/{a_notice}/withdraw", [("csrf_token", admin.csrf)], status=302)
    assert app.post(
        f"/c/{A}/apikeys/{world.a_token}/revoke", [("csrf_token", admin.csrf)], status=302
    )
    assert app.post(
        f"/c/{A}/outbox/{world.a_dead_message}/replay", [("csrf_token", admin.csrf)], status=302
    )
    assert app.get(f"/c/{A}/history/notice/{a_notice}").status_int == 200
    assert app.post(
        f"/c/{A}/modules/notices", _post_params(admin, bodies, "modules.module"), status=302
    )
    assert app.get(f"/c/{A}/notices", status=404).status_int == 404


def test_the_api_token_of_a_reaches_nothing_of_b(wsgi_app, engine, world):
    app = webtest.TestApp(wsgi_app, extra_environ={"HTTP_HOST": "localhost"})
    auth = {"Authorization": f"Bearer {world.a_token_secret}"}
    routes = registered_routes(wsgi_app)
    before = snapshot(engine)
    walk = Walk()
    for name in routes.commune_routes():
        case = COMMUNE_ROUTES[name]
        if case.kind != "api":
            continue
        for fill in case.fill(world):
            urls = [(B, 403)] + ([(A, 404)] if case.b_objects else [])
            for commune, want in urls:
                path = route_path(wsgi_app, name, commune=commune, **fill) + case.query
                for method in ("GET", "POST"):
                    status = want if method in routes.permissions[name] else 405
                    if method == "GET":
                        response = app.get(path, headers=auth, status="*")
                    else:
                        response = app.post_json(path, GOOD_NOTICE, headers=auth, status="*")
                    walk.check(response, status, world.b_everything, f"token {method} {path}")
                    assert response.content_type == "application/problem+json", path
    assert not walk.failures, "\n".join(walk.failures)
    assert walk.requests >= 8
    assert changed_tables(before, snapshot(engine)) == []


def test_the_api_token_of_a_lists_only_a(wsgi_app, world):
    app = webtest.TestApp(wsgi_app, extra_environ={"HTTP_HOST": "localhost"})
    auth = {"Authorization": f"Bearer {world.a_token_secret}"}
    listed = app.get(f"/api/v1/communes/{A}/notices", headers=auth, params={"size": "100"}).json
    assert {n["id"] for n in listed["items"]} == set(world.a_notices.values())
    assert listed["total"] == len(A_TITLES)
    for notice in listed["items"]:
        assert uuid.UUID(notice["id"]).version == 4
    one = app.get(f"/api/v1/communes/{A}/notices/{world.a_notices[A_TITLES[0]]}", headers=auth)
    assert one.json["title"] == A_TITLES[0]
    app.get(f"/api/v1/communes/{A}/notices/{world.b_notice}", headers=auth, status=404)


def test_other_routes_taking_a_value_open_nothing_of_b(wsgi_app, engine, world, admin):
    before = snapshot(engine)
    for fill in OTHER_ROUTES["password.reset.confirm"](world):
        path = route_path(wsgi_app, "password.reset.confirm", **fill)
        # The page may repeat its own address; anything else of B's is a leak.
        forbidden = [s for s in world.b_everything if s not in fill.values()]
        # No live link has such a token: the page says so and offers no form.
        page = admin.app.get(path, status=410)
        assert not [s for s in forbidden if s in page.text]
        assert "deform" not in page.forms
    for fill in OTHER_ROUTES["__static/"](world):
        admin.app.get(route_path(wsgi_app, "__static/", **fill), status=404)
    assert changed_tables(before, snapshot(engine)) == []
    # B's administrator still logs in with the old password.
    b_app = webtest.TestApp(wsgi_app, extra_environ={"HTTP_HOST": "localhost"})
    assert factories.log_in(b_app, world.b_admin_email, totp=True).status_int == 302
    assert b_app.get(f"/c/{B}/").status_int == 200


# --- Lists, searches, counts and pages of commune A show nothing of B ------------------------


def _listed_titles(response: webtest.TestResponse) -> list[str]:
    return [a.get_text(strip=True) for a in response.html.select("ul.list li a")]


def test_notice_list_search_and_filters_show_only_a(world, admin):
    app = admin.app
    listed = app.get(f"/c/{A}/notices")
    assert sorted(_listed_titles(listed)) == sorted(A_TITLES)
    assert listed.html.select_one("p.muted").get_text(strip=True).startswith("2")
    for query in (
        {"q": "zebra"},
        {"q": "Beta"},
        {"q": B_TITLES[2]},
        {"state": "withdrawn"},
        {"q": "zebra", "state": "withdrawn"},
    ):
        response = app.get(f"/c/{A}/notices", params=query)
        assert _listed_titles(response) == [], query
        assert response.html.select_one("p.empty") is not None, query
    everything = app.get(f"/c/{A}/notices", params={"q": "e", "size": "100"})
    assert sorted(_listed_titles(everything)) == sorted(A_TITLES)
    assert not [t for t in (*B_TITLES, B_WITHDRAWN) if t in everything.text]
    found = app.get(f"/c/{A}/notices", params={"q": "water"})
    assert _listed_titles(found) == [A_TITLES[0]]


def test_dashboard_counts_only_a(world, admin):
    dashboard = admin.app.get(f"/c/{A}/")
    counts = [int(c.get_text()) for c in dashboard.html.select(".queue .count")]
    # modules in name order: the budget's expenses waiting (none for A's admin), then
    # complaints open and overdue (B has an open complaint, A none), then notices on the
    # board (B has three, A two), then payments to reconcile
    assert counts == [0, 0, 0, len(A_TITLES), 0]


def test_history_of_b_objects_through_a_is_not_found(world, admin):
    a_notice = world.a_notices[A_TITLES[0]]
    own = admin.app.get(f"/c/{A}/history/notice/{a_notice}")
    assert "notices:notice:published" in own.text
    for object_type, object_id in (
        ("notice", world.b_notice),
        ("notice", world.b_withdrawn),
        ("api_token", world.b_token),
        ("user", world.b_admin),
    ):
        page = admin.app.get(f"/c/{A}/history/{object_type}/{object_id}", status=404)
        assert "notices:notice:withdrawn" not in page.text


def test_outbox_of_a_never_lists_b_messages(world, admin):
    for state in ("", "pending", "dead", "delivered"):
        page = admin.app.get(f"/c/{A}/outbox", params={"state": state} if state else {})
        assert B_DESTINATION not in page.text
        assert B_ERROR not in page.text
        assert world.b_dead_message not in page.text
    dead = admin.app.get(f"/c/{A}/outbox", params={"state": "dead"})
    assert "alpha-platform" in dead.text
    assert "alpha platform was down" in dead.text
    replay = dead.html.select("form[action*='/replay']")
    assert [f["action"] for f in replay] == [
        f"http://localhost/c/{A}/outbox/{world.a_dead_message}/replay"
    ]
    filters = " ".join(a.get_text(" ", strip=True) for a in dead.html.select("nav.filters a"))
    assert "(1)" in filters
    assert "(2)" not in filters


def test_api_keys_page_of_a_lists_only_a_keys(world, admin):
    page = admin.app.get(f"/c/{A}/apikeys")
    assert "alpha client" in page.text
    assert "beta client" not in page.text
    assert world.b_token_prefix not in page.text


def test_public_pages_of_b_show_its_board_but_nothing_withdrawn_or_internal(world, admin):
    board = admin.app.get(f"/{B}/notices")
    assert all(title in board.text for title in B_TITLES)
    assert not [s for s in world.b_private if s in board.text]
    assert not [t for t in A_TITLES if t in board.text]


# --- Public identifiers in every URL the app generates ---------------------------------------


def _urls(response: webtest.TestResponse) -> Iterator[str]:
    if "Location" in response.headers:
        yield response.headers["Location"]
    if response.content_type != "text/html":
        return
    for tag, attribute in (
        ("a", "href"),
        ("form", "action"),
        ("link", "href"),
        ("script", "src"),
        ("img", "src"),
    ):
        for element in response.html.find_all(tag):
            if element.get(attribute):
                yield element[attribute]


def _check_url(wsgi_app: Any, url: str) -> list[str]:
    """Each problem with one URL; object ids must be UUIDs, no segment a bare integer."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
        return []
    problems = [
        f"{url}: integer in the path" for segment in parts.path.split("/") if segment.isdigit()
    ]
    for key, value in parse_qsl(parts.query):
        if key.endswith("id") and not _is_uuid(value):
            problems.append(f"{url}: query {key}={value} is not a UUID")
    for route in wsgi_app.routes_mapper.get_routes():
        match = route.match(parts.path)
        if match is None:
            continue
        for key in OBJECT_PLACEHOLDERS & set(match):
            if not _is_uuid(match[key]):
                problems.append(f"{url}: {key}={match[key]} is not a UUID")
        break
    return problems


def _is_uuid(value: str) -> bool:
    try:
        return uuid.UUID(value).version == 4
    except ValueError:
        return False


def test_every_url_the_app_generates_names_objects_by_uuid(wsgi_app, world, admin):
    app = admin.app
    a_notice = world.a_notices[A_TITLES[0]]
    pages = [
        f"/c/{A}/",
        f"/c/{A}/notices",
        f"/c/{A}/notices?q=water",
        f"/c/{A}/notices?size=1",
        f"/c/{A}/notices/{a_notice}",
        f"/c/{A}/history/notice/{a_notice}",
        f"/c/{A}/apikeys",
        f"/c/{A}/outbox",
        f"/c/{A}/outbox?state=dead",
        f"/c/{A}/modules",
        f"/{A}/",
        f"/{A}/notices",
        f"/c/{A}/notices/new",
        f"/c/{A}/complaints",
        f"/{A}/complaints/new",
        f"/{A}/complaints/track",
    ]
    seen: set[str] = set()
    problems: list[str] = []
    for path in pages:
        for url in _urls(app.get(path)):
            if url not in seen:
                seen.add(url)
                problems += _check_url(wsgi_app, url)
    withdraw = app.post(f"/c/{A}/notices/{a_notice}/withdraw", [("csrf_token", admin.csrf)])
    for url in _urls(withdraw):
        problems += _check_url(wsgi_app, url)
    assert not problems, "\n".join(problems)
    with_ids = [
        u
        for u in seen
        if any(
            str(v) in u for v in (*world.a_notices.values(), world.a_token, world.a_dead_message)
        )
    ]
    assert len(with_ids) >= 4, sorted(seen)


def test_tracking_code_of_b_is_not_found_under_a(world, admin):
    resident = webtest.TestApp(admin.app.app, extra_environ={"HTTP_HOST": "localhost"})
    page = resident.get(f"/{B}/complaints/track/{world.b_tracking}")
    assert B_COMPLAINT in page.text
    assert B_NOTE not in page.text
    assert B_REPORTER not in page.text
    for app in (resident, admin.app):
        refused = app.get(f"/{A}/complaints/track/{world.b_tracking}", status=404)
        assert B_COMPLAINT not in refused.text


def test_complaint_inbox_of_a_never_lists_b(world, admin):
    for query in ({}, {"q": "zebra"}, {"state": "open"}, {"q": world.b_tracking}):
        page = admin.app.get(f"/c/{A}/complaints", params=query)
        assert B_COMPLAINT not in page.text
        assert page.html.select("ul.list li") == []
        assert page.html.select_one("p.empty") is not None
    assert ComplaintPerm.VIEW in admin.permissions


# --- Communes named outside the path ------------------------------------------------------------


def test_one_prefix_has_one_commune_locator():
    """Two modules reading the commune of the same URLs would make tenancy a guess."""
    config = Configurator(settings={})
    config.include("municipality.tenancy")
    config.add_commune_locator("/open311/", lambda request: request.params.get("city"))
    config.add_commune_locator("/open311/", lambda request: request.params.get("town"))
    with pytest.raises(ConfigurationConflictError):
        config.commit()
