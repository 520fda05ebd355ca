"""Test data, made through the same services the application uses.

One factory per mapped class, named after it (``ZoningPlan`` -> :func:`zoning_plan`),
callable with the session alone: it makes whatever the row needs (a commune, a plan)
and returns the row, flushed. ``tests/test_factories.py`` holds every class to it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import pyotp
import shapely
import webtest
from pyramid.registry import Registry
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from budget import attachments as budget_attachments
from budget import nomenclature
from budget import services as budget_services
from budget.models import (
    Allocation,
    Attachment,
    Budget,
    BudgetCode,
    BudgetLine,
    Commitment,
    Supplier,
    Transfer,
)
from budget.revenues import services as revenue_services
from budget.revenues.models import Assessment, Collection, RevenueLine
from civil_status.models import Act, CopyRequest, DuplicateDecision, Mention, Register, Scan
from civil_status.permissions import Perm as CivilPerm
from civil_status.services import acts as civil_acts
from civil_status.services import duplicates as civil_duplicates
from civil_status.services import mentions as civil_mentions
from civil_status.services import registers as civil_registers
from civil_status.services import requests as civil_requests
from civil_status.services import scans as civil_scans
from complaints.models import (
    Category,
    Complaint,
    ComplaintEvent,
    ComplaintPhoto,
    PublicationPolicy,
)
from complaints.services.categories import create_category
from complaints.services.filing import file_complaint
from complaints.services.handling import add_event
from consolidation import services as consolidation
from consolidation.models import Campaign, CommuneReturn, IndicatorSet, IndicatorSetVersion
from documents import issuance
from documents import keys as document_keys
from documents import services as documents
from documents.models import (
    DocumentCounter,
    IssuedDocument,
    RevokedDocument,
    SealRoot,
    SignerKey,
    TrustList,
    VerificationCount,
)
from documents.permissions import Perm as DocumentPerm
from documents.residence import RESIDENCE
from documents.seal import Claims
from documents.verification import Status, Verdict
from gis import buildability
from gis import services as gis_services
from gis.geometry import to_projected
from gis.models import (
    BuildabilityRun,
    CommuneBoundary,
    ImportRun,
    NamedPlace,
    Parcel,
    ParcelBuildability,
    Servitude,
    ServitudeLayer,
    Street,
    Zone,
    ZoneRule,
    ZoningPlan,
)
from modules import DEFAULTS as MODULE_DEFAULTS
from modules import load_registry
from modules.registry import ModuleRegistry
from municipality import accounts, activation, audit, maps, outbox, sessions, tenants
from municipality.db import clock_at, scoped_to, set_commune_scope, utcnow
from municipality.demo import DemoYear
from municipality.files import STORE_KEY, DatabaseStore
from municipality.metadata import (  # noqa: F401 - module tables must be known
    load_metadata,
    module_packages,
)
from municipality.models import (
    ApiToken,
    AuditEvent,
    AuditHead,
    Commune,
    CommuneModule,
    FileChunk,
    FileRecord,
    IdempotencyRecord,
    JobRun,
    Membership,
    OutboxMessage,
    PasswordResetToken,
    RecoveryCode,
    Region,
    User,
    UserSession,
)
from municipality.providers import Kind, offer
from municipality.roles import second_factor_roles
from municipality.settings import CORE_DEFAULTS
from notices.models import Notice
from notices.services import publish
from payments.models import CashSession, Difference, Fee, Payment, Reconciliation
from payments.payables import fee_reference, offered
from payments.receipt import RECEIPT
from payments.services import counter, fees, intents
from permits.documents import PERMIT
from permits.models import FileDocument, Inspection, Meeting, Opinion, PermitFile, PermitSite
from permits.permissions import Perm as PermitPerm
from permits.profiles import profile as permit_profile
from permits.services import files as permit_files
from permits.services import handling as permit_handling
from sync import services as sync
from sync.models import DeliveryAttempt, DeliveryLane, PlatformConnection

PASSWORD = "correct-horse-battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
ACTOR = "tests"
_counter = itertools.count(1)


def region(session: Session, slug: str | None = None, country: str = "MA") -> Region:
    slug = slug or f"region-{next(_counter)}"
    return tenants.create_region(
        session,
        actor=ACTOR,
        slug=slug,
        name_fr=f"Région {slug}",
        name_ar=f"جهة {slug}",
        country=country,
    )


def commune(
    session: Session,
    slug: str | None = None,
    region_: Region | None = None,
    country: str = "MA",
    languages: str = "fr ar",
) -> Commune:
    slug = slug or f"commune-{next(_counter)}"
    profile = {
        "MA": ("Africa/Casablanca", "MAD", "EPSG:26191"),
        "ML": ("Africa/Bamako", "XOF", "EPSG:32629"),
        "MR": ("Africa/Nouakchott", "MRU", "EPSG:32628"),
    }[country]
    return tenants.create_commune(
        session,
        actor=ACTOR,
        slug=slug,
        region=region_ or region(session, country=country),
        name_fr=f"Commune {slug}",
        name_ar=f"جماعة {slug}",
        country_profile=country,
        timezone=profile[0],
        currency=profile[1],
        projected_crs=profile[2],
        languages=languages,
    )


def user(
    session: Session,
    *,
    role: str | None = None,
    commune_: Commune | None = None,
    region_: Region | None = None,
    email: str | None = None,
    totp: bool | None = None,
    platform_admin: bool = False,
    locale: str | None = None,
) -> User:
    """A user with an optional role (the core's or a module's); roles that sign or pay get
    TOTP unless told otherwise."""
    email = email or f"user{next(_counter)}@example.org"
    created = accounts.create_user(
        session,
        actor=ACTOR,
        email=email,
        full_name=email,
        password=PASSWORD,
        platform_admin=platform_admin,
        locale=locale,
    )
    registry = module_registry()
    if role:
        accounts.grant_role(
            session,
            actor=ACTOR,
            user=created,
            role=role,
            commune=commune_,
            region=region_,
            registry=registry,
        )
    if totp if totp is not None else role in second_factor_roles(registry):
        created.totp_secret = TOTP_SECRET
    return created


def module_registry() -> ModuleRegistry:
    """The modules whose roles and activations the factories know: every available one."""
    return load_registry(MODULE_DEFAULTS["baladiya.modules.available"].split())


def enable(session: Session, commune_: Commune, *names: str) -> None:
    registry = module_registry()
    for name in names:
        activation.enable(
            session, registry, actor=ACTOR, commune=commune_, name=name, with_dependencies=True
        )


# --- The core ----------------------------------------------------------------------------


def user_session(session: Session, *, user_: User | None = None) -> UserSession:
    """A live log-in of ``user_`` (a new user by default), started as the log-in page does."""
    owner = user_ or user(session)
    key = sessions.start(session, owner, client_addr="127.0.0.1", user_agent="tests")
    ref = sessions.find(session, key)
    assert ref is not None
    found = session.get(UserSession, ref.id)
    assert found is not None
    return found


def membership(
    session: Session, *, role: str = "agent", commune_: Commune | None = None
) -> Membership:
    """A role of a new user in a commune."""
    made = user(session)
    return accounts.grant_role(
        session, actor=ACTOR, user=made, role=role, commune=commune_ or commune(session)
    )


def api_token(
    session: Session, *, commune_: Commune | None = None, permissions: list[str] | None = None
) -> ApiToken:
    token, _secret = accounts.create_api_token(
        session,
        actor=ACTOR,
        commune=commune_ or commune(session),
        name=f"client {next(_counter)}",
        permissions=permissions or [],
    )
    return token


def commune_module(
    session: Session, *, commune_: Commune | None = None, name: str = "complaints"
) -> CommuneModule:
    """The row that switched ``name`` on for a commune."""
    commune_ = commune_ or commune(session)
    enable(session, commune_, name)
    return session.execute(
        select(CommuneModule).where(
            CommuneModule.commune_id == commune_.id, CommuneModule.module == name
        )
    ).scalar_one()


def audit_event(session: Session, *, commune_: Commune | None = None) -> AuditEvent:
    commune_ = commune_ or commune(session)
    event = audit.record(
        session,
        commune_id=commune_.id,
        actor=ACTOR,
        action="tests:thing:changed",
        object_type="thing",
        object_id=f"thing-{next(_counter)}",
        changes={"n": [0, 1]},
    )
    session.flush()
    return event


def audit_head(session: Session) -> AuditHead:
    """The head of a commune's chain (every commune's creation starts one)."""
    event = audit_event(session)
    head = session.get(AuditHead, event.chain)
    assert head is not None
    return head


def outbox_message(session: Session, *, commune_: Commune | None = None) -> OutboxMessage:
    commune_ = commune_ or commune(session)
    message = outbox.enqueue(
        session,
        destination="messaging",
        payload={"channel": "email", "to": "a@example.org", "subject": "s", "body": "b"},
        idempotency_key=f"tests:{next(_counter)}",
        commune_id=commune_.id,
    )
    session.flush()
    return message


def password_reset_token(session: Session) -> PasswordResetToken:
    made = user(session)
    token = accounts.request_password_reset(session, made.email)
    assert token is not None
    return session.execute(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == accounts.digest(token))
    ).scalar_one()


def recovery_code(session: Session) -> RecoveryCode:
    made = user(session)
    accounts.issue_recovery_codes(session, made)
    session.flush()
    return session.execute(
        select(RecoveryCode).where(RecoveryCode.user_id == made.id).limit(1)
    ).scalar_one()


def idempotency_record(session: Session) -> IdempotencyRecord:
    """An API answer remembered for a repeated ``Idempotency-Key``."""
    record = IdempotencyRecord(
        client=f"token:{next(_counter)}", key="k", request_hash="0" * 64, status=201, body="{}"
    )
    session.add(record)
    session.flush()
    return record


def job_run(session: Session, *, job: str = "outbox.deliver") -> JobRun:
    run = JobRun(job=job, tick=utcnow() + timedelta(seconds=next(_counter)), runner="tests")
    session.add(run)
    session.flush()
    return run


# --- gis ------------------------------------------------------------------------------------

# A square near Salé (longitude, latitude), and parcels inside it.
GIS_WEST, GIS_SOUTH = -6.81, 34.03


def _gis_commune(session: Session, commune_: Commune | None) -> Commune:
    if commune_ is None:
        commune_ = commune(session)
        enable_gis(session, commune_)
    return commune_


def gis_geoms(commune_: Commune, lonlat: BaseGeometry) -> dict[str, BaseGeometry]:
    """``geom`` (the commune's projected CRS) and ``geom_4326`` of a lon/lat shape."""
    wgs = shapely.set_srid(lonlat, 4326)
    return {"geom": to_projected(wgs, commune_.projected_crs), "geom_4326": wgs}


def _square(size: float = 0.02) -> BaseGeometry:
    return shapely.box(GIS_WEST, GIS_SOUTH, GIS_WEST + size, GIS_SOUTH + size)


def commune_boundary(session: Session, *, commune_: Commune | None = None) -> CommuneBoundary:
    commune_ = _gis_commune(session, commune_)
    boundary = CommuneBoundary(commune_id=commune_.id, **gis_geoms(commune_, _square()))
    session.add(boundary)
    session.flush()
    return boundary


def zoning_plan(session: Session, *, commune_: Commune | None = None) -> ZoningPlan:
    """A plan in force since 2020."""
    commune_ = _gis_commune(session, commune_)
    plan = ZoningPlan(
        commune_id=commune_.id,
        name=f"PA {next(_counter)}",
        reference=f"PA-{next(_counter)}",
        in_force_from=date(2020, 1, 1),
        source_crs="EPSG:4326",
    )
    session.add(plan)
    session.flush()
    return plan


def zone(session: Session, *, plan: ZoningPlan | None = None, code: str = "R1") -> Zone:
    """A zone covering the whole test square."""
    plan = plan or zoning_plan(session)
    commune_ = session.get(Commune, plan.commune_id)
    assert commune_ is not None
    made = Zone(
        commune_id=plan.commune_id, plan_id=plan.id, code=code, **gis_geoms(commune_, _square())
    )
    session.add(made)
    session.flush()
    return made


def zone_rule(session: Session, *, plan: ZoningPlan | None = None, code: str = "R1") -> ZoneRule:
    return gis_services.save_rule(
        session,
        actor=ACTOR,
        plan=plan or zoning_plan(session),
        zone_code=code,
        data={"allowed_uses": ["housing"], "max_height_m": 12},
    )


def servitude_layer(session: Session, *, commune_: Commune | None = None) -> ServitudeLayer:
    commune_ = _gis_commune(session, commune_)
    layer = ServitudeLayer(
        commune_id=commune_.id, name="Flood", kind="flood_risk", effect="forbid", source="PPRI"
    )
    session.add(layer)
    session.flush()
    return layer


def servitude(session: Session, *, layer: ServitudeLayer | None = None) -> Servitude:
    layer = layer or servitude_layer(session)
    commune_ = session.get(Commune, layer.commune_id)
    assert commune_ is not None
    strip = shapely.box(GIS_WEST + 0.005, GIS_SOUTH + 0.005, GIS_WEST + 0.015, GIS_SOUTH + 0.007)
    made = Servitude(commune_id=layer.commune_id, layer_id=layer.id, **gis_geoms(commune_, strip))
    session.add(made)
    session.flush()
    return made


def parcel(session: Session, *, commune_: Commune | None = None) -> Parcel:
    """A parcel of about 100 m x 110 m inside the test square."""
    commune_ = _gis_commune(session, commune_)
    index = next(_counter) % 10
    west = GIS_WEST + 0.001 + index * 0.0015
    geoms = gis_geoms(commune_, shapely.box(west, 34.039, west + 0.001, 34.040))
    made = Parcel(
        commune_id=commune_.id,
        reference=f"P-{next(_counter)}",
        area_m2=round(float(geoms["geom"].area), 2),
        **geoms,
    )
    session.add(made)
    session.flush()
    return made


def street(session: Session, *, commune_: Commune | None = None) -> Street:
    """A street crossing the test square from west to east, named in both languages."""
    commune_ = _gis_commune(session, commune_)
    number = next(_counter)
    line = shapely.LineString([(GIS_WEST, 34.0385), (GIS_WEST + 0.02, 34.0385)])
    names = {"name_ar": f"شارع {number}", "name_fr": f"Rue {number}"}
    made = Street(
        commune_id=commune_.id,
        search_key=maps.search_key(*names.values()),
        **names,
        **gis_geoms(commune_, line),
    )
    session.add(made)
    session.flush()
    return made


def named_place(session: Session, *, commune_: Commune | None = None) -> NamedPlace:
    """A market square inside the test square."""
    commune_ = _gis_commune(session, commune_)
    number = next(_counter)
    names = {"name_ar": f"سوق {number}", "name_fr": f"Marché {number}"}
    made = NamedPlace(
        commune_id=commune_.id,
        kind="market",
        search_key=maps.search_key(*names.values()),
        **names,
        **gis_geoms(commune_, shapely.Point(GIS_WEST + 0.004, 34.0387)),
    )
    session.add(made)
    session.flush()
    return made


def buildability_run(session: Session, *, commune_: Commune | None = None) -> BuildabilityRun:
    """A computed run over one parcel of a zone with a rule."""
    commune_ = _gis_commune(session, commune_)
    plan = zoning_plan(session, commune_=commune_)
    zone(session, plan=plan)
    zone_rule(session, plan=plan)
    parcel(session, commune_=commune_)
    return buildability.run(session, commune=commune_, actor=ACTOR, on_date=date(2026, 1, 1))


def parcel_buildability(session: Session) -> ParcelBuildability:
    run = buildability_run(session)
    return session.execute(
        select(ParcelBuildability).where(ParcelBuildability.run_id == run.id).limit(1)
    ).scalar_one()


def import_run(session: Session, *, commune_: Commune | None = None) -> ImportRun:
    """A pending import of a zoning file (what the upload form queues)."""
    commune_ = _gis_commune(session, commune_)
    run = ImportRun(commune_id=commune_.id, kind="zoning", filename="plan.gpkg", actor=ACTOR)
    session.add(run)
    session.flush()
    return run


# --- sync -----------------------------------------------------------------------------------

SYNC_SECRET = "tests-app-secret-of-32-characters!!"


def platform_connection(
    session: Session, *, commune_: Commune | None = None, platform: str = "complaints"
) -> PlatformConnection:
    """A commune's configured connection to a national platform (with its lane)."""
    return sync.configure(
        session,
        actor=ACTOR,
        commune=commune_ or commune(session),
        platform=platform,
        data={
            "base_url": f"https://national.example.org/{platform}",
            "client_id": "MA/COMMUNE/tests",
            "key_id": "k1",
            "secret": "s" * 32,
        },
        app_secret=SYNC_SECRET,
    )


def delivery_lane(session: Session, *, platform: str = "complaints") -> DeliveryLane:
    connection = platform_connection(session, platform=platform)
    session.flush()
    return session.execute(
        select(DeliveryLane).where(
            DeliveryLane.commune_id == connection.commune_id, DeliveryLane.platform == platform
        )
    ).scalar_one()


def delivery_attempt(session: Session, *, commune_: Commune | None = None) -> DeliveryAttempt:
    """One recorded try at delivering an outbox message to a platform."""
    message = outbox_message(session, commune_=commune_)
    attempt = DeliveryAttempt(
        commune_id=message.commune_id,
        outbox_id=message.id,
        platform="complaints",
        worker="tests",
        outcome="delivered",
    )
    session.add(attempt)
    session.flush()
    return attempt


# --- consolidation --------------------------------------------------------------------------


def campaign(
    session: Session, *, region_: Region | None = None, period: str = "2026-10"
) -> Campaign:
    """A campaign of the ready monthly activity set, with one commune in its region."""
    region_ = region_ or region(session)
    commune(session, region_=region_)
    return consolidation.create_campaign(
        session,
        actor=ACTOR,
        region=region_,
        set_code="activity-monthly",
        period=period,
        deadline=date(2026, 11, 15),
    )


def indicator_set(session: Session) -> IndicatorSet:
    """A ready set (made on first use, as the application does)."""
    return campaign(session).indicator_set


def indicator_set_version(session: Session) -> IndicatorSetVersion:
    return consolidation.latest_version(session, indicator_set(session))


def commune_return(session: Session, *, values: dict[str, Any] | None = None) -> CommuneReturn:
    """A commune's accepted return to a new campaign (empty unless ``values`` says)."""
    made = campaign(session)
    [member] = made.region.communes
    return consolidation.record_return(
        session, actor=ACTOR, campaign=made, commune=member, values=values or {}, channel="cli"
    )


@dataclass(frozen=True)
class Credentials:
    email: str
    totp: bool = False


def log_in(
    app: webtest.TestApp, email: str, *, totp: bool = False, password: str = PASSWORD
) -> webtest.TestResponse:
    """Log in through the real form (and the second step when the role needs it)."""
    page = app.get("/login")
    form = page.forms["deform"]
    form["email"] = email
    form["password"] = password
    response = form.submit("login", status="*")
    if totp:
        assert response.status_int == 302, response.text[:500]
        code_page = response.follow()
        code_form = code_page.forms["deform"]
        code_form["code"] = pyotp.TOTP(TOTP_SECRET).now()
        response = code_form.submit("verify")
    return response


def csrf_token(app: webtest.TestApp, path: str = "/login") -> str:
    """The session's CSRF token, read from a page as a browser would."""
    page = app.get(path)
    return page.html.find("input", {"name": "csrf_token"})["value"]


def enable_gis(session: Session, commune_: Commune) -> None:
    """Switch the GIS module on for a commune (maps, zoning, parcels)."""
    activation.enable(session, load_registry(["gis"]), actor=ACTOR, commune=commune_, name="gis")


# --- Complaints ---------------------------------------------------------------------------


def category_payload(**overrides: Any) -> dict[str, Any]:
    """What the category form and service take: road works, unless ``overrides`` say else."""
    return {
        "code": "voirie",
        "name_fr": "Voirie",
        "name_ar": "الطرق",
        "department": "Service de la voirie",
        "hours_to_acknowledge": 48,
        "days_to_resolve": 30,
        **overrides,
    }


def _complaints_commune(session: Session, commune_: Commune | None) -> Commune:
    if commune_ is None:
        commune_ = commune(session)
        enable(session, commune_, "complaints")
    return commune_


def category(session: Session, commune_: Commune | None = None, **overrides: Any) -> Category:
    """A complaints category of ``commune_`` (a new commune with complaints by default)."""
    return create_category(
        session,
        actor=ACTOR,
        commune=_complaints_commune(session, commune_),
        data=category_payload(**overrides),
    )


def complaint(session: Session, *, category_: Category | None = None, **data: Any) -> Complaint:
    """A complaint filed on the web about ``category_`` (a new commune's by default)."""
    category_ = category_ or category(session)
    commune_ = session.get(Commune, category_.commune_id)
    assert commune_ is not None
    return file_complaint(
        session,
        actor=ACTOR,
        commune=commune_,
        data={
            "category": category_,
            "description": "Lampadaire éteint",
            "address": "Place du marché",
            **data,
        },
    )


def complaint_event(
    session: Session, *, complaint_: Complaint | None = None, kind: str = "note"
) -> ComplaintEvent:
    """A staff note (or ``kind="reply"``) on ``complaint_``."""
    return add_event(
        session,
        actor=ACTOR,
        complaint=complaint_ or complaint(session),
        kind=kind,
        body="Équipe passée sur place",
    )


def complaint_photo(session: Session, *, complaint_: Complaint | None = None) -> ComplaintPhoto:
    """The row of a photo of ``complaint_``; no file is stored behind its hashes."""
    complaint_ = complaint_ or complaint(session)
    number = next(_counter)
    photo = ComplaintPhoto(
        commune_id=complaint_.commune_id,
        complaint_id=complaint_.id,
        content_type="image/jpeg",
        width=640,
        height=480,
        sha256=f"{number:064x}",
        thumbnail_sha256=f"{number + 1:064x}",
    )
    session.add(photo)
    session.flush()
    return photo


def publication_policy(
    session: Session, commune_: Commune | None = None, **values: Any
) -> PublicationPolicy:
    """What ``commune_`` publishes of its complaints (positions to about 100 m by default)."""
    row = PublicationPolicy(
        commune_id=_complaints_commune(session, commune_).id,
        **{"grid_decimals": 3, "publish_address": False, "publish_description": False, **values},
    )
    session.add(row)
    session.flush()
    return row


# --- Notices ------------------------------------------------------------------------------


def notice(session: Session, *, commune_: Commune | None = None, **data: Any) -> Notice:
    """A notice on the board of ``commune_`` (a new commune with notices by default)."""
    if commune_ is None:
        commune_ = commune(session)
        enable(session, commune_, "notices")
    return publish(
        session,
        actor=ACTOR,
        commune=commune_,
        data={"title": "Coupure d'eau", "body": "Mardi matin", "language": "fr", **data},
    )


def file_record(session: Session, data: bytes | None = None) -> FileRecord:
    """A file kept by the database file store (``data``, or a few unique bytes)."""
    data = data if data is not None else f"file {next(_counter)}".encode()
    stored = DatabaseStore().put(session, data, "text/plain")
    record = session.get(FileRecord, stored.sha256)
    assert record is not None
    return record


def file_chunk(session: Session) -> FileChunk:
    """The first chunk of a file kept by the database file store."""
    chunk = session.get(FileChunk, (file_record(session).sha256, 0))
    assert chunk is not None
    return chunk


def demo_year(registry: Registry | None = None) -> DemoYear:
    """The demo year ending now, in an application without providers unless one is given."""
    return DemoYear(registry or Registry("tests"), utcnow())


# The application secret signer keys are stored under: the test app's (none is set).
DOCUMENT_KEY_SECRET = ""


def seal_root_keys(name: str = "Royaume du Maroc") -> document_keys.Root:
    """An offline root, in memory: what ``baladiya keys make-root`` writes to a folder."""
    key = document_keys.new_key()
    return document_keys.Root(key, document_keys.root_certificate(key, name, utcnow()))


def signer_key(
    session: Session,
    *,
    commune_: Commune | None = None,
    root: document_keys.Root | None = None,
) -> SignerKey:
    """A commune's document-signer, certified by ``root`` (a new one by default)."""
    return documents.make_signer(
        session,
        actor=ACTOR,
        commune=commune_ or commune(session),
        root=root or seal_root_keys(),
        app_secret=DOCUMENT_KEY_SECRET,
    )


def seal_root(session: Session) -> SealRoot:
    return signer_key(session).root


def trust_list(session: Session) -> TrustList:
    signer = signer_key(session)
    return session.execute(
        select(TrustList).where(TrustList.root_id == signer.root_id)
    ).scalar_one()


def sealed(session: Session, commune_: Commune, **fields: str) -> str:
    """A seal of ``commune_``'s current signer on a certificate of residence."""
    claims = Claims(
        type_code="CR",
        number=f"2026-{next(_counter):06d}",
        commune=commune_.slug,
        issued=utcnow().date(),
        expires=utcnow().date() + timedelta(days=90),
        fields=fields or {"n": "Amina Tazi", "na": "أمينة التازي"},
    )
    return documents.seal_document(session, commune_, claims, app_secret=DOCUMENT_KEY_SECRET)


def revoked_document(session: Session, *, commune_: Commune | None = None) -> RevokedDocument:
    signer = signer_key(session, commune_=commune_)
    commune_ = session.get(Commune, signer.commune_id)
    assert commune_ is not None
    return documents.revoke_document(
        session,
        actor=ACTOR,
        commune=commune_,
        seal_text=sealed(session, commune_),
        reason="Issued in error",
    )


def verification_count(session: Session) -> VerificationCount:
    documents.count_verification(session, Verdict(Status.INVALID), utcnow().date())
    return session.execute(select(VerificationCount)).scalars().first()


def documents_registry() -> Registry:
    """What issuing needs of the application: the certificate of residence, a file store."""
    registry = Registry("tests")
    registry.settings = {**CORE_DEFAULTS, "baladiya.core.public_url": "http://localhost"}
    offer(registry, Kind.DOCUMENT_TYPE, "documents.residence", RESIDENCE, module="documents")
    registry[STORE_KEY] = DatabaseStore()
    return registry


def issued_document(
    session: Session, *, commune_: Commune | None = None, **data: Any
) -> IssuedDocument:
    """A certificate of residence issued by ``commune_`` (a new commune with its signer)."""
    if commune_ is None:
        commune_ = commune(session)
        signer_key(session, commune_=commune_)
    return issuance.issue_document(
        session,
        documents_registry(),
        actor=ACTOR,
        commune=commune_,
        type_code=RESIDENCE.code,
        data={
            "full_name": "Amina Benali",
            "date_of_birth": "1988-03-14",
            "place_of_birth": "Rabat",
            "national_id": "AB123456",
            "address": "12, rue Ibn Khaldoun, Hay Salam",
            "resident_since": "2015-06-01",
            **data,
        },
        lang="fr",
        permissions=frozenset({DocumentPerm.ISSUE}),
    )


def document_counter(session: Session) -> DocumentCounter:
    """The counter a first issued document leaves behind."""
    document = issued_document(session)
    return session.execute(
        select(DocumentCounter).where(DocumentCounter.commune_id == document.commune_id)
    ).scalar_one()


# --- Payments -----------------------------------------------------------------------------


def payments_registry() -> Registry:
    """An application registry holding what the payments module offers (fees, payables)."""
    registry = Registry("payments-tests")
    registry.settings = {}
    for kind, name, provider in offered():
        offer(registry, kind, name, provider, module="payments")
    offer(registry, Kind.DOCUMENT_TYPE, "payments.receipt", RECEIPT, module="payments")
    return registry


# --- Budget -------------------------------------------------------------------------------


def _budget_commune(session: Session, commune_: Commune | None) -> Commune:
    """``commune_``, or a new Moroccan commune with the budget module; with its codes."""
    if commune_ is None:
        commune_ = commune(session)
        enable(session, commune_, "budget")
    with scoped_to(session, commune_.id):
        if not budget_services.codes(session):
            nomenclature.load_country_codes(session, actor=ACTOR, commune=commune_)
    return commune_


def budget_code(session: Session, *, commune_: Commune | None = None) -> BudgetCode:
    """The first code of the commune's nomenclature (its country's)."""
    commune_ = _budget_commune(session, commune_)
    with scoped_to(session, commune_.id):
        return budget_services.codes(session)[0]


def budget(
    session: Session,
    *,
    commune_: Commune | None = None,
    year: int = 2026,
    credits: dict[str, Any] | None = None,
    approved: bool = True,
) -> Budget:
    """A budget of ``year`` giving each code in ``credits`` (code -> amount) its credit,
    voted and approved unless told otherwise (100,000 on the first code by default)."""
    commune_ = _budget_commune(session, commune_)
    with scoped_to(session, commune_.id):
        made = budget_services.create_budget(session, actor=ACTOR, commune=commune_, year=year)
        by_code = {c.code: c for c in budget_services.codes(session)}
        first = budget_services.codes(session)[0].code
        for code, amount in (credits or {first: 100_000}).items():
            budget_services.allocate(
                session,
                actor=ACTOR,
                commune=commune_,
                budget=made,
                code=by_code[code],
                amount=amount,
            )
        if approved:
            decision = {"decision": "Délibération 12/2025", "decided_on": date(2025, 10, 30)}
            for action in ("vote", "approve"):
                budget_services.act_budget(
                    session,
                    actor=ACTOR,
                    budget=made,
                    action=action,
                    permissions=frozenset({"budget:budget:adopt"}),
                    data=decision,
                )
    return made


def budget_line(session: Session, *, commune_: Commune | None = None) -> BudgetLine:
    """A line with 100,000 of approved credit."""
    made = budget(session, commune_=commune_)
    return made.allocations[0].line


def allocation(session: Session) -> Allocation:
    return budget(session, approved=False).allocations[0]


def supplier(session: Session, *, commune_: Commune | None = None, **data: Any) -> Supplier:
    number = next(_counter)
    commune_ = _budget_commune(session, commune_)
    with scoped_to(session, commune_.id):
        return budget_services.create_supplier(
            session,
            actor=ACTOR,
            commune=commune_,
            data={"name": f"Entreprise {number}", "tax_id": f"ICE{number:012d}", **data},
        )


def transfer(session: Session, *, commune_: Commune | None = None) -> Transfer:
    """A requested transfer of 1,000 between two lines of one chapter."""
    commune_ = _budget_commune(session, commune_)
    with scoped_to(session, commune_.id):
        codes = budget_services.codes(session)
    made = budget(
        session, commune_=commune_, credits={codes[0].code: 50_000, codes[1].code: 50_000}
    )
    source, target = (a.line for a in made.allocations)
    with scoped_to(session, commune_.id):
        return budget_services.request_transfer(
            session,
            actor=ACTOR,
            commune=commune_,
            source=source,
            target=target,
            amount=1_000,
            reason="Besoin en fournitures",
        )


def commitment(
    session: Session,
    *,
    line: BudgetLine | None = None,
    amount: Any = 1_000,
    user_id: int | None = None,
    supplier_: Supplier | None = None,
) -> Commitment:
    """A commitment of ``amount`` on ``line`` (a new line with 100,000 of credit by default)."""
    line = line or budget_line(session)
    commune_ = session.get(Commune, line.commune_id)
    assert commune_ is not None
    supplier_ = supplier_ or supplier(session, commune_=commune_)
    with scoped_to(session, commune_.id):
        return budget_services.commit(
            session,
            actor=ACTOR,
            commune=commune_,
            user_id=user_id,
            line=line,
            supplier=supplier_,
            amount=amount,
            purpose="Fournitures de bureau",
        )


def revenue_line(
    session: Session, *, commune_: Commune | None = None, year: int = 2026, forecast: Any = 50_000
) -> RevenueLine:
    """The first revenue line of ``year`` (the country's codes opened), with its forecast."""
    commune_ = _budget_commune(session, commune_)
    with scoped_to(session, commune_.id):
        revenue_services.open_lines(session, actor=ACTOR, commune=commune_, year=year)
        line = revenue_services.lines(session, year)[0]
        return revenue_services.set_forecast(
            session, actor=ACTOR, commune=commune_, line=line, amount=forecast
        )


def assessment(
    session: Session,
    *,
    line: RevenueLine | None = None,
    amount: Any = 1_200,
    due_on: date | None = None,
) -> Assessment:
    """An assessment of ``amount`` on ``line`` (a new commune's first revenue line)."""
    line = line or revenue_line(session)
    commune_ = session.get(Commune, line.commune_id)
    assert commune_ is not None
    with scoped_to(session, commune_.id):
        return revenue_services.assess(
            session,
            actor=ACTOR,
            commune=commune_,
            line=line,
            debtor=f"Société {next(_counter)}",
            amount=amount,
            due_on=due_on or date(2026, 6, 30),
            purpose="Taxe sur les terrains non bâtis",
        )


def collection(session: Session, *, assessment_: Assessment | None = None) -> Collection:
    """Half of an assessment collected at the counter."""
    assessment_ = assessment_ or assessment(session)
    commune_ = session.get(Commune, assessment_.commune_id)
    assert commune_ is not None
    with scoped_to(session, commune_.id):
        return revenue_services.collect(
            session,
            actor=ACTOR,
            commune=commune_,
            assessment=assessment_,
            amount=assessment_.amount / 2,
        )


def register(
    session: Session,
    *,
    commune_: Commune | None = None,
    kind: str = "birth",
    year: int | None = None,
) -> Register:
    """A civil-status register of this year in ``commune_`` (a new Moroccan commune by default)."""
    if commune_ is None:
        commune_ = commune(session)
        enable(session, commune_, "civil_status")
    return civil_registers.open_register(
        session,
        actor=ACTOR,
        commune=commune_,
        centre=f"Bureau {next(_counter)}",
        kind=kind,
        year=year or utcnow().year,
    )


BIRTH = {
    "given_name_ar": "ياسمين",
    "family_name_ar": "العمراني",
    "given_name_lat": "Yasmine",
    "family_name_lat": "El Amrani",
    "sex": "F",
    "event_time": time(8, 30),
    "place": "Hôpital provincial",
    "father_name": "Karim El Amrani",
    "mother_name": "Salma Bennani",
    "declarant_name": "Karim El Amrani",
}


def act(session: Session, *, register_: Register | None = None, **data: Any) -> Act:
    """A draft birth act entered today in ``register_``, born yesterday unless told."""
    register_ = register_ or register(session)
    commune_ = session.get(Commune, register_.commune_id)
    assert commune_ is not None
    fields = {"event_date": utcnow().date() - timedelta(days=1), **BIRTH, **data}
    return civil_acts.enter(session, actor=ACTOR, commune=commune_, register=register_, data=fields)


def signed_act(session: Session, *, register_: Register | None = None, **data: Any) -> Act:
    """A birth act entered and signed by the officer."""
    entered = act(session, register_=register_, **data)
    civil_acts.act(
        session, actor=ACTOR, act=entered, action="sign", permissions=frozenset({CivilPerm.SIGN})
    )
    return entered


def scan(session: Session) -> Scan:
    """The scanned paper page of an act digitised from a register of 12 paper acts."""
    commune_ = commune(session)
    enable(session, commune_, "civil_status")
    paper = civil_registers.open_register(
        session,
        actor=ACTOR,
        commune=commune_,
        centre=f"Bureau {next(_counter)}",
        kind="birth",
        year=utcnow().year,
        paper_last_number=12,
    )
    digitised = signed_act(session, register_=paper)
    return civil_scans.attach(
        session, actor=ACTOR, act=digitised, paper_number=3, data=MINIMAL_PDF, store=DatabaseStore()
    )


def mention(session: Session, *, act_: Act | None = None) -> Mention:
    """A requested marriage mention on a signed birth act."""
    act_ = act_ or signed_act(session)
    commune_ = session.get(Commune, act_.commune_id)
    assert commune_ is not None
    return civil_mentions.request(
        session,
        actor=ACTOR,
        commune=commune_,
        act=act_,
        data={"kind": "marriage", "basis": "marriage_contract", "legal_reference": "Acte 12/2026"},
    )


def duplicate_decision(session: Session) -> DuplicateDecision:
    """A pending decision: the same child entered twice in one register."""
    first = act(session)
    second = act(session, register_=first.register)
    civil_duplicates.decide(session, actor=ACTOR, act=second, candidate=first, decision="distinct")
    return session.execute(
        select(DuplicateDecision).where(DuplicateDecision.act_id == second.id)
    ).scalar_one()


COPY_REQUESTER = {
    "copy_type": "extract",
    "requester_name": "Yasmine El Amrani",
    "id_document_type": "national_id",
    "id_document_number": "BK123456",
    "relation": "self",
    "email": "yasmine@example.org",
    "phone": "+212600000042",
    "language": "fr",
}


def copy_request(
    session: Session,
    *,
    act_: Act | None = None,
    registry: Registry | None = None,
    channel: str = "counter",
    **data: Any,
) -> CopyRequest:
    """A request for an extract of a signed birth act (a new one by default), named by its
    number and year: found, so it awaits payment."""
    act_ = act_ or signed_act(session)
    commune_ = session.get(Commune, act_.commune_id)
    assert commune_ is not None
    fields = {
        **COPY_REQUESTER,
        "act_number": act_.number,
        "act_year": act_.register.year,
        **data,
    }
    with scoped_to(session, commune_.id):
        return civil_requests.submit(
            session,
            registry or Registry("civil-status-tests"),
            actor=ACTOR,
            commune=commune_,
            channel=channel,
            data=fields,
        )


def enable_payments(session: Session, commune_: Commune) -> None:
    """Switch payments on for a commune, with a stamp duty priced in its currency."""
    activation.enable(
        session,
        load_registry(["documents", "payments"]),
        actor=ACTOR,
        commune=commune_,
        name="payments",
        with_dependencies=True,
    )
    with scoped_to(session, commune_.id):
        fees.set_fee(
            session,
            actor=ACTOR,
            commune=commune_,
            registry=payments_registry(),
            code="payments.stamp-duty",
            fixed_amount="20.50" if commune_.currency == "MAD" else "500",
        )


def payments_commune(session: Session, country: str = "MA", slug: str | None = None) -> Commune:
    """A commune with payments enabled and a stamp duty priced in its currency."""
    made = commune(session, slug=slug, country=country)
    enable_payments(session, made)
    return made


def fee(session: Session, *, commune_: Commune | None = None) -> Fee:
    """The stamp duty line of a payments commune's catalogue."""
    made = commune_ or payments_commune(session)
    with scoped_to(session, made.id):
        line = fees.fee_line(session, "payments.stamp-duty")
    if line is None:
        raise LookupError("the commune has no stamp duty")
    return line


def payment(
    session: Session,
    *,
    commune_: Commune | None = None,
    provider: str = "gsma",
    payer: str = "+212600000000",
) -> Payment:
    """A payment intent for a stamp duty, not yet sent (a new payments commune by default)."""
    made = commune_ or payments_commune(session)
    with scoped_to(session, made.id):
        return intents.request_payment(
            session,
            actor=ACTOR,
            commune=made,
            registry=payments_registry(),
            kind="payments.fee",
            reference=fee_reference("payments.stamp-duty", 1, f"T{next(_counter):06d}"),
            provider=provider,
            payer=payer,
        )


def cash_session(session: Session, *, commune_: Commune | None = None) -> CashSession:
    """An open till of a cashier."""
    made = commune_ or payments_commune(session)
    with scoped_to(session, made.id):
        return counter.open_till(session, actor=f"cashier{next(_counter)}@x", commune=made)


def reconciliation(session: Session, *, commune_: Commune | None = None) -> Reconciliation:
    """A day's reconciliation with nothing on either side."""
    made = commune_ or payments_commune(session)
    run = Reconciliation(commune_id=made.id, provider="gsma", day=date(2026, 1, 5))
    audit.write(
        session,
        run,
        actor=ACTOR,
        action="payments:reconciliation:ran",
        object_type="reconciliation",
    )
    return run


def difference(session: Session) -> Difference:
    """A statement line we never credited."""
    run = reconciliation(session)
    row = Difference(
        commune_id=run.commune_id,
        reconciliation_id=run.id,
        kind="missing_ours",
        our_ref="PAY-0000",
        their_ref="TX0000",
    )
    session.add(row)
    session.flush()
    return row


# The smallest file a PDF reader opens: what an invoice or a checklist document is in tests.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def attachment(
    session: Session, *, commitment_: Commitment | None = None, data: bytes = MINIMAL_PDF
) -> Attachment:
    """An invoice attached to ``commitment_`` (a new expense by default), its PDF stored in
    the database store."""
    commitment_ = commitment_ or commitment(session)
    commune_ = session.get(Commune, commitment_.commune_id)
    assert commune_ is not None
    with scoped_to(session, commune_.id):
        return budget_attachments.attach(
            session,
            actor=ACTOR,
            user_id=None,
            commitment=commitment_,
            kind="invoice",
            filename="facture.pdf",
            data=data,
            store=DatabaseStore(),
        )


# --- Permits ------------------------------------------------------------------------------

PERMIT_ALL = frozenset(PermitPerm)


def permits_commune(session: Session, country: str = "MA", slug: str | None = None) -> Commune:
    """A commune with permits (and so gis and documents) enabled, and its document-signer."""
    made = commune(session, slug=slug, country=country)
    enable(session, made, "permits")
    # Certified ten months back, so files decided on past dates are sealed too.
    with clock_at(utcnow() - timedelta(days=300)):
        signer_key(session, commune_=made)
    return made


def permits_registry() -> Registry:
    """What issuing a permit needs of the application: its document type, a file store."""
    registry = documents_registry()
    offer(registry, Kind.DOCUMENT_TYPE, "permits.permit", PERMIT, module="permits")
    return registry


def permits_commune_by_slug(session: Session, slug: str) -> Commune:
    """The commune ``slug`` made earlier in the test, in its tenant scope."""
    found = session.execute(select(Commune).where(Commune.slug == slug)).scalar_one()
    set_commune_scope(session, found.id)
    return found


def permit_data(**data: Any) -> dict[str, Any]:
    """A house of two floors on one parcel, filed by its owner."""
    return {
        "kind": "building",
        "applicant_name": "Karim Bennani",
        "applicant_role": "owner",
        "owner_name": "Karim Bennani",
        "address": "12 rue des Orangers",
        "parcels": [],
        "site": None,
        "use": "housing",
        "footprint_m2": 120.0,
        "floor_area_m2": 240.0,
        "height_m": 7.0,
        "floors": 2,
        "units": 1,
        "parking": 1,
        **data,
    }


def permit_file(session: Session, *, commune_: Commune | None = None, **data: Any) -> PermitFile:
    """A draft building permit on a new parcel of ``commune_`` (a new permits commune)."""
    commune_ = commune_ or permits_commune(session)
    with scoped_to(session, commune_.id):
        if not data.get("parcels") and not data.get("site"):
            data["parcels"] = [parcel(session, commune_=commune_).reference]
        return permit_files.create_draft(session, commune_, actor=ACTOR, data=permit_data(**data))


def complete_checklist(session: Session, file_: PermitFile) -> None:
    """Attach a PDF for every item of the file's checklist."""
    commune_ = session.get(Commune, file_.commune_id)
    assert commune_ is not None
    registry = documents_registry()
    with scoped_to(session, commune_.id):
        for item in permit_profile(commune_.country_profile).kind(file_.kind).checklist:
            permit_files.attach(
                session,
                registry,
                file_,
                actor=ACTOR,
                item=item,
                filename=f"{item}.pdf",
                content=MINIMAL_PDF + item.encode(),
            )


def file_document(session: Session, *, file_: PermitFile | None = None) -> FileDocument:
    """The property title of a draft."""
    file_ = file_ or permit_file(session)
    commune_ = session.get(Commune, file_.commune_id)
    assert commune_ is not None
    with scoped_to(session, commune_.id):
        return permit_files.attach(
            session,
            documents_registry(),
            file_,
            actor=ACTOR,
            item="property_title",
            filename="titre.pdf",
            content=MINIMAL_PDF,
        )


def advance_permit(session: Session, file_: PermitFile, *actions: str, **data: Any) -> PermitFile:
    """Move a file along ``actions`` with every permission; ``give_opinions`` gives every
    requested opinion (favourable), ``pay_fee`` settles the fee and ``issue`` issues the
    signed permit."""
    commune_ = session.get(Commune, file_.commune_id)
    assert commune_ is not None
    with scoped_to(session, commune_.id):
        for action in actions:
            if action == "give_opinions":
                for opinion_ in file_.opinions:
                    permit_handling.give_opinion(
                        session,
                        opinion_,
                        actor=ACTOR,
                        permissions=PERMIT_ALL,
                        verdict="favourable",
                        remarks="",
                    )
                continue
            if action == "issue":
                permit_handling.issue_permit(
                    session,
                    permits_registry(),
                    file_,
                    actor=ACTOR,
                    permissions=PERMIT_ALL,
                    lang="fr",
                )
                continue
            if action == "pay_fee":
                permit_handling.fee_settled(session, file_, receipt="REC-TEST")
                continue
            permit_handling.act(
                session, file_, action, actor=ACTOR, permissions=PERMIT_ALL, data=dict(data)
            )
    return file_


def submitted_permit(session: Session, **data: Any) -> PermitFile:
    """A building permit filed with its checklist complete."""
    made = permit_file(session, **data)
    complete_checklist(session, made)
    return advance_permit(session, made, "submit")


def opinion(session: Session) -> Opinion:
    """The urban agency's opinion, requested on a large project under review."""
    made = submitted_permit(session, floors=4, floor_area_m2=900.0, units=6)
    advance_permit(session, made, "accept", "request_opinions")
    return made.opinions[0]


def meeting(session: Session) -> Meeting:
    """The commission's sitting a file was put on."""
    made = submitted_permit(session)
    advance_permit(session, made, "accept", "request_opinions", "give_opinions", "to_commission")
    assert made.meeting is not None
    return made.meeting


def inspection(session: Session) -> Inspection:
    """A visit scheduled on works opened under an issued permit."""
    made = submitted_permit(session)
    advance_permit(
        session,
        made,
        "accept",
        "request_opinions",
        "give_opinions",
        "to_commission",
        "approve",
        "pay_fee",
        "issue",
        "open_works",
    )
    commune_ = session.get(Commune, made.commune_id)
    assert commune_ is not None
    with scoped_to(session, commune_.id):
        return permit_handling.schedule_inspection(
            session, made, actor=ACTOR, on=utcnow().date() + timedelta(days=7)
        )


def permit_site(session: Session) -> PermitSite:
    """The site kept for a permit just issued."""
    made = submitted_permit(session)
    advance_permit(
        session,
        made,
        "accept",
        "request_opinions",
        "give_opinions",
        "to_commission",
        "approve",
        "pay_fee",
        "issue",
    )
    return session.execute(select(PermitSite).where(PermitSite.file_id == made.id)).scalar_one()
