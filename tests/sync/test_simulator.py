"""The national platforms simulator over real HTTP on 127.0.0.1: contracts, dedup, faults, pull."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pyramid.registry import Registry
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from complaints.feeds import FEED, filed_payload
from complaints.services import categories, filing
from modules import load_registry
from municipality import activation, providers
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory, set_commune_scope
from municipality.models import AuditEvent
from municipality.providers import Kind
from sync import adapters, envelope, events, feeds, services
from sync.adapters import PermanentError, RetryableError
from sync.cli import register
from sync.contracts import examples
from sync.jobs import close_http_client
from sync.simulator import DEV_KEY_ID, DEV_SECRET, Faults, Running, Simulator, serve_in_thread
from tests import factories

KEYS = envelope.KeyRing.of(DEV_KEY_ID, DEV_SECRET)
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
APP_SECRET = "tests-app-secret"


@pytest.fixture(scope="module")
def served() -> Iterator[Running]:
    running = serve_in_thread(Simulator(advance_after=None, seed=7), threads=4)
    yield running
    running.stop()


@pytest.fixture
def sim(served: Running) -> Running:
    """The module's simulator, emptied and without faults."""
    served.simulator.reset()
    served.simulator.faults = Faults()
    return served


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as client_:
        yield client_


def _config(
    sim: Running, platform: str, keys: envelope.KeyRing = KEYS, timeout: float = 5.0
) -> adapters.PlatformConfig:
    return adapters.PlatformConfig(
        platform=platform,
        commune="sale",
        base_url=f"{sim.url}/{platform}",
        client_id="MA/COMMUNE/sale",
        keys=keys,
        timeout=timeout,
    )


def _stats(client: httpx.Client, sim: Running, platform: str) -> dict[str, int]:
    return client.get(f"{sim.url}/_sim/stats").json()["platforms"][platform]


@pytest.mark.parametrize(("platform", "message_type"), examples.message_types())
def test_every_message_type_is_accepted_and_stored(
    sim: Running, client: httpx.Client, platform: str, message_type: str
) -> None:
    if message_type == "complaint.status_changed":  # an update needs its request filed first
        filed = examples.document("complaint.filed")
        adapters.send(client, filed, _config(sim, platform))
    document = examples.document(message_type)
    ack = adapters.send(client, document, _config(sim, platform))
    assert not ack.duplicate
    assert ack.remote_id
    received = client.get(f"{sim.url}/_sim/received", params={"platform": platform}).json()
    if platform == "complaints":  # what it stored is the Open311 form
        stored = received[-1]
        assert document["event_id"] in (stored.get("attribute[event_id]"), stored.get("event_id"))
    else:
        assert received[-1] == document


def test_repeats_are_acknowledged_and_counted_as_duplicates(
    sim: Running, client: httpx.Client
) -> None:
    document = examples.document("document.issued")
    config = _config(sim, "documents")
    first = adapters.send(client, document, config)
    again = [adapters.send(client, document, config) for _ in range(2)]
    assert [a.duplicate for a in again] == [True, True]
    assert {a.remote_id for a in again} == {first.remote_id}
    stats = _stats(client, sim, "documents")
    assert (stats["received"], stats["distinct"], stats["duplicates"]) == (3, 1, 2)


def test_a_repeated_complaint_keeps_its_national_id(sim: Running, client: httpx.Client) -> None:
    document = examples.document("complaint.filed")
    config = _config(sim, "complaints")
    first = adapters.send(client, document, config)
    again = adapters.send(client, document, config)
    assert again.duplicate
    assert again.remote_id == first.remote_id
    assert _stats(client, sim, "complaints")["duplicates"] == 1


def test_a_message_that_breaks_the_contract_gets_400_with_the_reasons(
    sim: Running, client: httpx.Client
) -> None:
    document = examples.document("payment.recorded")
    document["payload"]["amount"] = 12.5
    with pytest.raises(PermanentError, match="/payload/amount"):
        adapters.send(client, document, _config(sim, "spending"))
    assert _stats(client, sim, "spending")["invalid"] == 1


def test_an_invalid_open311_form_gets_the_geo_report_error_list(
    sim: Running, client: httpx.Client
) -> None:
    document = examples.document("complaint.filed")
    document["payload"]["service_code"] = ""
    with pytest.raises(PermanentError, match="service_code"):
        adapters.send(client, document, _config(sim, "complaints"))


def test_a_request_signed_with_an_unknown_key_is_refused(
    sim: Running, client: httpx.Client
) -> None:
    stranger = envelope.KeyRing.of("k-other", "nope")
    with pytest.raises(RetryableError, match="bad envelope"):
        # the simulator's 401 is signed with its own key, which the stranger cannot check
        adapters.send(
            client, examples.document("document.issued"), _config(sim, "documents", stranger)
        )
    assert _stats(client, sim, "documents")["unauthorised"] == 1


def test_a_client_still_on_the_previous_key_is_accepted_during_rotation(
    client: httpx.Client,
) -> None:
    rotated = envelope.KeyRing.of("k-new", "new secret", DEV_KEY_ID, DEV_SECRET)
    running = serve_in_thread(Simulator(rotated, advance_after=None), threads=2)
    try:
        old_client_keys = envelope.KeyRing.of(DEV_KEY_ID, DEV_SECRET, "k-new", "new secret")
        ack = adapters.send(
            client,
            examples.document("document.issued"),
            _config(running, "documents", old_client_keys),
        )
        assert not ack.duplicate
    finally:
        running.stop()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"error_rate": 1}, "HTTP 503"),
        ({"malformed_rate": 1}, "unreadable answer"),
        ({"drop_rate": 1}, "connection failed"),
        ({"timeout_rate": 1, "timeout_seconds": 1.5}, "no answer within"),
    ],
)
def test_injected_faults_are_retryable_failures(
    sim: Running, client: httpx.Client, fault: dict[str, float], message: str
) -> None:
    assert client.post(f"{sim.url}/_sim/faults", json=fault).status_code == 200
    document = examples.document("commitment.recorded")
    with pytest.raises(RetryableError, match=message):
        adapters.send(client, document, _config(sim, "spending", timeout=0.5))
    assert _stats(client, sim, "spending")["faults"] == 1
    client.post(f"{sim.url}/_sim/faults", json=dict.fromkeys(fault, 0))
    ack = adapters.send(client, document, _config(sim, "spending"))
    # a fault after storing (all but the 503) makes the retry a duplicate, as in real life
    assert ack.duplicate is (fault != {"error_rate": 1})


def test_a_503_says_when_to_come_back(sim: Running, client: httpx.Client) -> None:
    client.post(f"{sim.url}/_sim/faults", json={"error_rate": 1})
    with pytest.raises(RetryableError) as caught:
        adapters.send(client, examples.document("document.issued"), _config(sim, "documents"))
    assert caught.value.retry_after == 1.0


def test_bad_fault_settings_are_refused(sim: Running, client: httpx.Client) -> None:
    assert client.post(f"{sim.url}/_sim/faults", json={"error_rate": 2}).status_code == 400
    assert client.post(f"{sim.url}/_sim/faults", json={"flood": 1}).status_code == 400
    assert client.post(f"{sim.url}/_sim/faults", content=b"nope").status_code == 400
    assert client.get(f"{sim.url}/_sim/nothing").status_code == 404
    assert client.get(f"{sim.url}/nowhere").status_code == 404


def test_reset_forgets_what_was_received(sim: Running, client: httpx.Client) -> None:
    adapters.send(client, examples.document("document.issued"), _config(sim, "documents"))
    client.post(f"{sim.url}/_sim/reset")
    assert _stats(client, sim, "documents")["received"] == 0


def test_the_status_pull_returns_what_a_national_operator_set(
    sim: Running, client: httpx.Client
) -> None:
    document = examples.document("complaint.filed")
    config = _config(sim, "complaints")
    ack = adapters.send(client, document, config)
    assert adapters.pull_complaint_statuses(client, config, LONG_AGO) == []
    local_id = document["payload"]["local_id"]
    answer = client.post(
        f"{sim.url}/_sim/complaints/status",
        json={
            "jurisdiction_id": "sale",
            "local_id": local_id,
            "status": "rejected",
            "notes": "Doublon",
        },
    )
    assert answer.json()["status"] == "closed"
    [change] = adapters.pull_complaint_statuses(client, config, LONG_AGO)
    assert (change.local_id, change.remote_id, change.status, change.notes) == (
        local_id,
        ack.remote_id,
        "rejected",
        "Doublon",
    )
    later = change.updated_at + timedelta(microseconds=1)
    assert adapters.pull_complaint_statuses(client, config, later) == []
    other = _config(sim, "complaints")
    other = adapters.PlatformConfig(**{**other.__dict__, "commune": "temara"})
    assert adapters.pull_complaint_statuses(client, other, LONG_AGO) == []


def test_received_complaints_are_acknowledged_nationally_after_a_delay(
    client: httpx.Client,
) -> None:
    running = serve_in_thread(Simulator(advance_after=0), threads=2)
    try:
        config = _config(running, "complaints")
        document = examples.document("complaint.filed")
        adapters.send(client, document, config)
        [change] = adapters.pull_complaint_statuses(client, config, LONG_AGO)
        assert change.status == "acknowledged"
    finally:
        running.stop()


def test_setting_an_unknown_status_or_request_is_refused(
    sim: Running, client: httpx.Client
) -> None:
    url = f"{sim.url}/_sim/complaints/status"
    body = {"jurisdiction_id": "sale", "local_id": "x", "status": "done"}
    assert client.post(url, json=body).status_code == 400
    assert client.post(url, json={**body, "status": "closed"}).status_code == 400


def test_an_update_for_a_request_never_filed_is_refused(sim: Running, client: httpx.Client) -> None:
    with pytest.raises(PermanentError, match="no such request"):
        adapters.send(
            client, examples.document("complaint.status_changed"), _config(sim, "complaints")
        )


def test_faults_parse_from_the_command_line() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["national-sim", "--port", "0", "--error-rate", "0.25", "--seed", "3"])
    assert args.port == 0
    assert args.error_rate == 0.25
    faults = Faults()
    faults.update({"error_rate": args.error_rate})
    assert json.loads(json.dumps(faults.__dict__))["error_rate"] == 0.25


# --- The scheduled status pull, end to end -------------------------------------------------


@pytest.fixture
def connected(sim: Running, db, engine: Engine) -> Iterator[tuple[Registry, str]]:
    """Commune sale connected to the simulator, with one complaint the platform knows."""
    with db() as session:
        commune = factories.commune(session, slug="sale")
        services.configure(
            session,
            actor="tests",
            commune=commune,
            platform="complaints",
            data={
                "base_url": f"{sim.url}/complaints",
                "client_id": "MA/COMMUNE/sale",
                "key_id": DEV_KEY_ID,
                "secret": DEV_SECRET,
            },
            app_secret=APP_SECRET,
        )
        factories.category(session, commune)
        registry_ = load_registry(["notices", "complaints", "sync"])
        for name in ("complaints", "sync"):
            activation.enable(session, registry_, actor="tests", commune=commune, name=name)
        set_commune_scope(session, commune.id)
        complaint = filing.file_complaint(
            session,
            actor="public",
            commune=commune,
            data={
                "category": categories.categories(session)[0],
                "description": "Nid-de-poule",
                "address": "Av. Hassan II",
            },
        )
        document = events.build(
            commune=commune,
            object_type="complaint",
            object_id=str(complaint.public_id),
            kind="filed",
            payload=filed_payload(complaint),
            occurred_at=complaint.created_at,
        )
        local_id = str(complaint.public_id)
    with httpx.Client() as client:
        adapters.send(client, document, _config(sim, "complaints"))
    registry = Registry()
    registry.settings = {"baladiya.sync.timeout_ms": 5000, "baladiya.core.secret": APP_SECRET}
    registry[SESSION_FACTORY_KEY] = make_session_factory(engine)
    providers.offer(registry, Kind.NATIONAL_FEED, "complaints", FEED, module="complaints")
    yield registry, local_id
    close_http_client(registry)


def _state_and_pulls(db, local_id: str) -> tuple[str, int]:
    with db() as session:
        pulls = session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == feeds.pulled_action("complaints"))
        ).scalar_one()
        return filing.get(session, local_id).state, pulls


def test_the_scheduled_pull_applies_national_statuses_once(
    sim: Running, client: httpx.Client, db, connected: tuple[Registry, str]
) -> None:
    registry, local_id = connected
    feeds.pull_job(registry)
    assert _state_and_pulls(db, local_id) == ("received", 0)  # nothing changed nationally yet
    client.post(
        f"{sim.url}/_sim/complaints/status",
        json={"jurisdiction_id": "sale", "local_id": local_id, "status": "acknowledged"},
    )
    feeds.pull_job(registry)
    assert _state_and_pulls(db, local_id) == ("acknowledged", 1)
    feeds.pull_job(registry)  # the cursor moved on: the same change is not seen again
    assert _state_and_pulls(db, local_id) == ("acknowledged", 1)


def test_a_failing_pull_changes_nothing_and_waits_for_the_next_run(
    sim: Running, client: httpx.Client, db, connected: tuple[Registry, str]
) -> None:
    registry, local_id = connected
    client.post(
        f"{sim.url}/_sim/complaints/status",
        json={"jurisdiction_id": "sale", "local_id": local_id, "status": "acknowledged"},
    )
    client.post(f"{sim.url}/_sim/faults", json={"malformed_rate": 1})
    feeds.pull_job(registry)
    assert _state_and_pulls(db, local_id) == ("received", 0)
    client.post(f"{sim.url}/_sim/faults", json={"malformed_rate": 0})
    feeds.pull_job(registry)
    assert _state_and_pulls(db, local_id) == ("acknowledged", 1)


def test_the_command_serves_until_the_process_it_watches_ends() -> None:
    """What ``make run`` relies on: the simulator never outlives the recipe that started it."""
    command = [str(Path(sys.executable).with_name("baladiya")), "national-sim", "--port", "0"]
    with subprocess.Popen(["sleep", "60"]) as watched:
        watch = ["--exit-with", str(watched.pid)]
        with subprocess.Popen([*command, *watch], stdout=subprocess.PIPE, text=True) as simulator:
            try:
                assert simulator.stdout is not None
                url = simulator.stdout.readline().split(" on ")[-1].strip()
                stats = httpx.get(f"{url}/_sim/stats").json()
                assert stats["platforms"]["permits"]["received"] == 0
                watched.kill()
                watched.wait()
                assert simulator.wait(timeout=15) == 0
            finally:
                watched.kill()
                simulator.kill()
