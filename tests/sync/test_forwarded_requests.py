"""A front-office commune's copy request travels to the national civil-status registry and
its answer comes back, over real HTTP with the simulator: the forward is delivered by the
delivery job, a national operator sets the status on the simulator, the scheduled pull
applies it once and tells the requester."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import transaction as transaction_module
from sqlalchemy import func, select

from civil_status.models import CopyRequest
from civil_status.services import requests
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import session_in_transaction, set_commune_scope
from municipality.models import AuditEvent, Commune, OutboxMessage
from sync import adapters, contracts, envelope, feeds
from sync.jobs import close_http_client, run
from sync.simulator import DEV_KEY_ID, DEV_SECRET, Running, Simulator, serve_in_thread
from tests import factories
from tests.sync.delivery_support import connect

KEYS = envelope.KeyRing.of(DEV_KEY_ID, DEV_SECRET)


@pytest.fixture(scope="module")
def served() -> Iterator[Running]:
    running = serve_in_thread(Simulator(advance_after=None, seed=11), threads=4)
    yield running
    running.stop()


@pytest.fixture
def sim(served: Running) -> Running:
    served.simulator.reset()
    return served


@pytest.fixture
def forwarded(db, wsgi_app, sim: Running) -> Iterator[tuple[Any, str]]:
    """A Mauritanian commune connected to the simulator, with one request forwarded to it."""
    registry = wsgi_app.registry
    tm = transaction_module.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(registry[SESSION_FACTORY_KEY], tm)
        commune = factories.commune(session, slug="nktt", country="MR")
        factories.enable(session, commune, "civil_status", "sync")
        connect(session, commune, "civil_status", sim.url, app_secret="")
        set_commune_scope(session, commune.id)
        made = requests.submit(
            session,
            registry,
            actor="resident@example.org",
            commune=commune,
            channel="online",
            data={**factories.COPY_REQUESTER, "act_number": 412, "act_year": 2009},
        )
        local_id = str(made.public_id)
    yield registry, local_id
    close_http_client(registry)


def _set(sim: Running, local_id: str, status: str, notes: str = "", **other: str) -> httpx.Response:
    return httpx.post(
        f"{sim.url}/_sim/statuses",
        json={
            "platform": "civil_status",
            "commune": "nktt",
            "local_id": local_id,
            "status": status,
            "notes": notes,
            **other,
        },
    )


def _request(db, local_id: str) -> tuple[CopyRequest, int, list[str]]:
    """The request, how many pulls changed something, and the e-mails the requester got."""
    with db() as session:
        pulls = session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == feeds.pulled_action("civil_status"))
        ).scalar_one()
        made = session.execute(
            select(CopyRequest).where(CopyRequest.public_id == uuid.UUID(local_id))
        ).scalar_one()
        session.expunge(made)
        mails = session.execute(
            select(OutboxMessage.payload).where(OutboxMessage.destination == "messaging")
        ).scalars()
        bodies = [m["body"] for m in mails if m["channel"] == "email" and made.code in m["body"]]
        return made, pulls, bodies


def test_the_forward_reaches_the_registry_and_its_ready_answer_comes_back_once(
    db, sim: Running, forwarded: tuple[Any, str]
) -> None:
    registry, local_id = forwarded
    assert run(registry, "civil_status").delivered == 1
    (received,) = sim.simulator.received["civil_status"]
    assert received["event_type"] == "civil_status_request.forwarded"
    assert received["object"]["id"] == local_id
    assert received["payload"]["act"] == {"act_number": 412, "act_year": 2009}
    assert sim.simulator.snapshot()["platforms"]["civil_status"]["invalid"] == 0
    feeds.pull_job(registry)
    assert _request(db, local_id)[1] == 0  # nothing answered yet
    assert _set(sim, local_id, "ready").status_code == 200
    feeds.pull_job(registry)
    made, pulls, told = _request(db, local_id)
    assert (made.state, pulls) == ("ready", 1)
    assert "est prête" in told[-1]
    feeds.pull_job(registry)  # the cursor moved on: the same answer is not applied again
    made, pulls, again = _request(db, local_id)
    assert (made.state, pulls, len(again)) == ("ready", 1, len(told))
    assert run(registry, "civil_status").delivered == 0  # the answer is not sent back


def test_the_registry_refuses_with_its_reason(db, sim: Running, forwarded: tuple[Any, str]) -> None:
    registry, local_id = forwarded
    run(registry, "civil_status")
    why = "Aucune naissance sous ce numéro au registre national"
    assert _set(sim, local_id, "refused", why).status_code == 200
    feeds.pull_job(registry)
    made, pulls, told = _request(db, local_id)
    assert (made.state, made.refusal_reason, made.refusal_note, pulls) == (
        "refused",
        "registry",
        why,
        1,
    )
    assert why in told[-1]


def test_an_operator_sets_only_known_statuses_on_requests_the_registry_received(
    sim: Running, forwarded: tuple[Any, str]
) -> None:
    registry, local_id = forwarded
    assert _set(sim, local_id, "ready").status_code == 400  # not delivered yet
    run(registry, "civil_status")
    assert _set(sim, local_id, "lost").status_code == 400
    assert _set(sim, local_id, "ready", platform="permits").status_code == 400
    assert _set(sim, local_id, "ready", commune="sale").status_code == 400
    assert _set(sim, local_id, "ready").json()["status"] == "ready"


def _pull_config(sim: Running, keys: envelope.KeyRing = KEYS) -> adapters.PlatformConfig:
    return adapters.PlatformConfig(
        platform="civil_status",
        commune="nktt",
        base_url=f"{sim.url}/civil_status",
        client_id="MR/COMMUNE/nktt",
        keys=keys,
        timeout=5.0,
    )


def test_the_status_pull_is_signed_and_follows_its_contract(
    sim: Running, forwarded: tuple[Any, str]
) -> None:
    registry, local_id = forwarded
    run(registry, "civil_status")
    _set(sim, local_id, "ready")
    since = sim.simulator.statuses[("civil_status", "nktt", local_id)].changed_at
    with httpx.Client() as client:
        earlier = since.replace(year=since.year - 1)
        (change,) = adapters.pull_json_statuses(client, _pull_config(sim), earlier)
        assert (change.local_id, change.status) == (local_id, "ready")
        assert adapters.pull_json_statuses(client, _pull_config(sim), since) == []
        wrong = envelope.KeyRing.of(DEV_KEY_ID, "another secret")
        with pytest.raises(adapters.RetryableError):
            adapters.pull_json_statuses(client, _pull_config(sim, wrong), earlier)
        request = adapters.status_pull_request(_pull_config(sim), earlier)
        answer = client.request(request.method, request.url, headers=request.headers)
    assert contracts.errors(contracts.STATUS_PULL_SCHEMA, answer.json()) == []


def test_a_platform_whose_pull_fails_does_not_hold_back_the_registrys_answer(
    db, sim: Running, forwarded: tuple[Any, str]
) -> None:
    registry, local_id = forwarded
    with db() as session:
        commune = session.execute(select(Commune).where(Commune.slug == "nktt")).scalar_one()
        factories.enable(session, commune, "complaints")
        connect(session, commune, "complaints", "http://127.0.0.1:9", app_secret="")
    run(registry, "civil_status")
    _set(sim, local_id, "ready")
    feeds.pull_job(registry)  # the complaints platform cannot be reached
    made, pulls, _told = _request(db, local_id)
    assert (made.state, pulls) == ("ready", 1)
    with db() as session:
        complaint_pulls = session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == feeds.pulled_action("complaints"))
        ).scalar_one()
    assert complaint_pulls == 0
