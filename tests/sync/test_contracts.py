"""The written contracts: well-formed schemas, and every adapter's output follows them."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from jsonschema import Draft202012Validator

from sync import adapters, contracts, envelope
from sync.contracts import examples

CONFIG = {
    "commune": "sale",
    "client_id": "MA/COMMUNE/sale",
    "keys": envelope.KeyRing.of("k1", "secret"),
    "api_key": "open311-key",
}
DOCS = Path(__file__).parents[2] / "docs" / "sync"


def _config(platform: str) -> adapters.PlatformConfig:
    return adapters.PlatformConfig(
        platform=platform, base_url=f"http://platform.test/{platform}", **CONFIG
    )


@pytest.mark.parametrize("name", sorted(contracts.schemas()))
def test_every_schema_is_valid_json_schema(name: str) -> None:
    document = contracts.schemas()[name].document
    Draft202012Validator.check_schema(document)
    assert document["$id"].startswith("urn:baladiya:sync:")
    assert document["title"]


def test_every_message_type_has_a_schema_and_an_example() -> None:
    for platform, message_type in examples.message_types():
        assert f"{platform}.{message_type}" in contracts.schemas()
        assert message_type in examples.PAYLOADS


@pytest.mark.parametrize(("platform", "message_type"), examples.message_types())
def test_every_example_follows_its_contract(platform: str, message_type: str) -> None:
    document = examples.document(message_type)
    contracts.validate(contracts.EVENT_SCHEMA, document)
    contracts.validate(contracts.message_schema(platform, message_type), document)


@pytest.mark.parametrize(("platform", "message_type"), examples.message_types())
def test_every_message_an_adapter_produces_follows_its_contract(
    platform: str, message_type: str
) -> None:
    document = examples.document(message_type)
    request = adapters.ADAPTERS[platform].build(document, _config(platform))
    assert request.headers["Idempotency-Key"] == document["event_id"]
    if platform == "complaints":
        form = dict(parse_qsl(request.body.decode()))
        service = "requests" if message_type == "complaint.filed" else "request_updates"
        assert request.url.endswith(f"/complaints/georeport/v2/{service}.json")
        contracts.validate(f"complaints.{service}.form", form)
        assert form["jurisdiction_id"] == "sale"
        assert form["api_key"] == "open311-key"
    else:
        assert request.url == f"http://platform.test/{platform}/v1/events"
        sent = json.loads(request.body)
        assert sent == document
        contracts.validate(f"{platform}.{message_type}", sent)


def test_a_complaint_with_only_a_position_or_only_an_address_still_follows_the_form() -> None:
    for dropped in (("address",), ("lat", "long")):
        document = examples.document("complaint.filed")
        for key in dropped:
            del document["payload"][key]
        contracts.validate("complaints.complaint.filed", document)
        request = adapters.ADAPTERS["complaints"].build(document, _config("complaints"))
        contracts.validate("complaints.requests.form", dict(parse_qsl(request.body.decode())))


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.pop("event_id"), "/"),
        (lambda d: d.update(commune="Salé!"), "/commune"),
        (lambda d: d.update(occurred_at="yesterday"), "/occurred_at"),
        (lambda d: d.update(occurred_at="2026-11-23T10:00:00"), "/occurred_at"),
        (lambda d: d["payload"].update(amount=12.5), "/payload/amount"),
        (lambda d: d["payload"].update(currency="EUR"), "/payload/currency"),
        (lambda d: d["payload"].update(surprise=1), "/payload"),
    ],
)
def test_a_broken_document_is_refused_with_the_place_it_breaks(change, path: str) -> None:
    document = examples.document("commitment.recorded")
    change(document)
    found = contracts.errors(contracts.EVENT_SCHEMA, document) + contracts.errors(
        "spending.commitment.recorded", document
    )
    assert path in [e["path"] for e in found]
    with pytest.raises(contracts.ContractViolation):
        contracts.validate("spending.commitment.recorded", document)


def test_a_complaint_without_address_or_position_breaks_the_contract() -> None:
    document = examples.document("complaint.filed")
    for key in ("address", "lat", "long"):
        del document["payload"][key]
    assert contracts.errors("complaints.complaint.filed", document)


def test_an_unknown_message_type_is_a_programming_error() -> None:
    with pytest.raises(LookupError, match="no message type"):
        contracts.message_schema("permits", "complaint.filed")
    with pytest.raises(LookupError, match="no contract schema"):
        contracts.validator("permits.nothing")


@pytest.mark.parametrize("platform", sorted(contracts.PLATFORMS))
def test_every_platform_has_its_contract_page(platform: str) -> None:
    page = (DOCS / f"{platform}.md").read_text(encoding="utf-8")
    for heading in ("Endpoint", "Authentication", "Idempotency", "Acknowledgement"):
        assert heading in page
    for message_type in contracts.PLATFORMS[platform]:
        assert f"{platform}.{message_type}.json" in page
