"""The national civil-status platform hears of every signed act and every approved mention,
in documents its contract accepts, and of nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta

import pytest
import transaction as transaction_module
from pyramid.config import Configurator
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from civil_status.feeds import FEED
from civil_status.models import Act, Register
from civil_status.permissions import Perm
from civil_status.services import acts, mentions, statistics
from modules import load_registry
from municipality import activation
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory, session_in_transaction, utcnow
from municipality.errors import ValidationFailed
from municipality.feeds import Outcome
from municipality.models import Commune, OutboxMessage
from municipality.providers import Kind
from tests import factories

Unit = Callable[[], AbstractContextManager[Session]]
OFFICER = frozenset(Perm)


@pytest.fixture
def linked(db: Unit, engine: Engine) -> Unit:
    """Units of work whose sessions carry the sync subscription, as in the application."""
    factory = make_session_factory(engine)
    config = Configurator()
    config.registry[SESSION_FACTORY_KEY] = factory
    config.include("municipality.providers")
    config.add_provider(Kind.NATIONAL_FEED, "civil_status", FEED, module="civil_status")
    config.include("sync.feeds")

    @contextmanager
    def unit() -> Iterator[Session]:
        tm = transaction_module.TransactionManager(explicit=True)
        with tm:
            yield session_in_transaction(factory, tm)

    return unit


def _national(session: Session) -> list[dict]:
    rows = session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.destination == "national:civil_status")
        .order_by(OutboxMessage.id)
    ).scalars()
    return [row.payload for row in rows]


def _register(session: Session, *, sync: bool = True, country: str = "MA", kind: str = "birth"):
    commune = factories.commune(session, country=country)
    registry = load_registry(["documents", "civil_status", "sync"])
    for name in ["civil_status", "sync"] if sync else ["civil_status"]:
        activation.enable(
            session, registry, actor="tests", commune=commune, name=name, with_dependencies=True
        )
    return factories.register(session, commune_=commune, kind=kind)


def test_signing_registers_the_act_and_an_approved_mention_amends_it(linked: Unit) -> None:
    with linked() as session:
        act = factories.act(session, register_=_register(session))
        assert _national(session) == []  # a draft is not an act yet
        acts.act(session, actor="officer", act=act, action="sign", permissions=OFFICER)
        mention = factories.mention(session, act_=act)
        assert len(_national(session)) == 1  # requested, not yet approved
        mentions.decide(
            session, actor="officer", mention=mention, action="approve", permissions=OFFICER
        )
        registered, amended = _national(session)
    assert registered["event_type"] == "civil_status_act.registered"
    payload = registered["payload"]
    assert payload["act_number"] == f"1/{act.register.year}"
    assert payload["act_kind"] == "birth"
    assert payload["hijri_date"] == act.hijri_date
    assert payload["subject"] == {
        "family_name": "El Amrani",
        "given_name": "Yasmine",
        "sex": "F",
        "birth_date": act.event_date.isoformat(),
    }
    assert amended["event_type"] == "civil_status_act.amended"
    assert amended["payload"]["amendment_kind"] == "annotation"
    assert amended["payload"]["legal_reference"] == "Acte 12/2026"
    assert amended["object"]["id"] == registered["object"]["id"]


MARRIAGE = {
    "given_name_lat": "Moussa",
    "family_name_lat": "Keita",
    "sex": "M",
    "spouse_name": "Aminata Traoré",
    "place": "Mairie",
    "witnesses": "Oumar Keita, Seydou Traoré",
}


def _marriage(session: Session, register: Register, data: dict) -> Act:
    commune = session.get(Commune, register.commune_id)
    assert commune is not None
    when = utcnow().date() - timedelta(days=1)
    return acts.enter(
        session,
        actor="agent",
        commune=commune,
        register=register,
        data={**data, "event_date": when},
    )


def test_a_malian_marriage_act_is_registered_under_its_first_spouse(linked: Unit) -> None:
    with linked() as session:
        register = _register(session, country="ML", kind="marriage")
        act = _marriage(session, register, MARRIAGE)
        acts.act(session, actor="officer", act=act, action="sign", permissions=OFFICER)
        (registered,) = _national(session)
    assert registered["payload"]["act_kind"] == "marriage"
    assert registered["payload"]["subject"]["sex"] == "M"


def test_a_marriage_act_says_the_sex_of_the_spouse_it_is_filed_under(linked: Unit) -> None:
    with linked() as session:
        register = _register(session, country="ML", kind="marriage")
        with pytest.raises(ValidationFailed):
            _marriage(session, register, {**MARRIAGE, "sex": None})


def test_a_commune_without_sync_sends_nothing(linked: Unit) -> None:
    with linked() as session:
        factories.signed_act(session, register_=_register(session, sync=False))
        assert _national(session) == []


def test_the_platform_sets_no_status_on_an_act(linked: Unit) -> None:
    with linked() as session:
        act = factories.signed_act(session, register_=_register(session))
        commune = session.get(Commune, act.commune_id)
        outcome = FEED.apply_status(
            session,
            commune,
            actor="national:civil_status",
            local_id=str(act.public_id),
            status="cancelled",
            notes="",
        )
        assert outcome is Outcome.SKIPPED
        assert session.get(Act, act.id).state == "signed"


def test_a_reported_month_reaches_the_platform_with_its_figures(linked: Unit) -> None:
    with linked() as session:
        register = _register(session)
        factories.signed_act(session, register_=register)
        commune = session.get(Commune, register.commune_id)
        this_month = utcnow().date().strftime("%Y-%m")
        last = (utcnow().date().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        statistics.report_month(session, actor="officer", commune=commune, month=last)
        reported = _national(session)[-1]
        payload = statistics.report_payload(session, commune, this_month)
    assert reported["event_type"] == "civil_status_statistics.reported"
    assert reported["object"] == {"type": "civil_status_statistics", "id": last}
    assert reported["payload"]["month"] == last
    assert payload["by_kind"]["birth"] == 1
