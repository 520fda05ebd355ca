"""One valid payload per message type: the contract pages show them, tests and the benchmark
build on them, and the demo sends them to the simulator.
"""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime
from typing import Any

from sync.contracts import PLATFORMS

_ID = "3f2b8c1e-6d4a-4e9b-8a7c-5b1d2e3f4a5b"
_AT = "2026-11-23T09:30:00.000000Z"

PAYLOADS: dict[str, dict[str, Any]] = {
    "complaint.filed": {
        "local_id": _ID,
        "service_code": "eclairage",
        "description": "Trois lampadaires éteints depuis une semaine dans la ruelle.",
        "kind": "complaint",
        "channel": "web",
        "requested_at": _AT,
        "address": "Derb Sidi Ahmed",
        "lat": 34.0331,
        "long": -6.8123,
    },
    "complaint.status_changed": {
        "local_id": _ID,
        "status": "acknowledged",
        "previous_status": "received",
        "updated_at": _AT,
    },
    "permit_application.filed": {
        "local_id": _ID,
        "reference": "PC-2026-0042",
        "permit_type": "building",
        "applicant_kind": "person",
        "parcel_reference": "TF 12345/R",
        "address": "Lotissement Al Amal, lot 17",
        "floor_area_m2": 180.5,
        "filed_at": _AT,
    },
    "permit_application.decided": {
        "local_id": _ID,
        "reference": "PC-2026-0042",
        "decision": "granted_with_conditions",
        "reason": "Retrait de 3 m sur la voie publique.",
        "decided_at": _AT,
    },
    "civil_status_act.registered": {
        "local_id": _ID,
        "act_number": "1287",
        "register_year": 2026,
        "act_kind": "birth",
        "event_date": "2026-11-20",
        "hijri_date": "1448-05-29",
        "registered_at": _AT,
        "subject": {
            "family_name": "El Amrani",
            "given_name": "Yasmine",
            "sex": "F",
            "birth_date": "2026-11-20",
        },
    },
    "civil_status_act.amended": {
        "local_id": _ID,
        "act_number": "1287",
        "amendment_kind": "correction",
        "legal_reference": "Jugement 2026/115, tribunal de première instance de Salé",
        "amended_at": _AT,
    },
    "civil_status_statistics.reported": {
        "month": "2026-11",
        "by_kind": {"birth": 41, "death": 12, "marriage": 9},
        "by_sex": {
            "birth": {"F": 19, "M": 22, "unknown": 0},
            "death": {"F": 5, "M": 7, "unknown": 0},
        },
        "deaths_by_age": {"0": 1, "45-64": 3, "65+": 8},
        "marriages_by_age": {
            "subject": {"25-29": 5, "30-34": 2, "20-24": 1, "unknown": 1},
            "spouse": {"15-17": 1, "18-19": 1, "20-24": 4, "25-29": 2, "unknown": 1},
        },
        "by_timeliness": {"on_time": 58, "by_judgment": 4},
        "by_place": [{"place": "Hôpital provincial", "acts": 44}],
        "reported_at": _AT,
    },
    "civil_status_request.forwarded": {
        "local_id": _ID,
        "copy_type": "full_copy",
        "channel": "diaspora",
        "act": {"act_number": 412, "act_year": 2009},
        "requester": {
            "name": "Mariem Mint Ahmed",
            "id_document_type": "passport",
            "id_document_number": "B01234567",
            "relation": "self",
        },
        "delivery": "post",
        "postal_address": "12 rue de la Paix, 75002 Paris",
        "country": "FR",
        "language": "ar",
        "requested_at": _AT,
        "forwarded_at": _AT,
    },
    "budget_execution.reported": {
        "fiscal_year": 2026,
        "period": "2026-Q3",
        "currency": "MAD",
        "lines": [
            {
                "code": "10.20.30.11",
                "label": "Éclairage public",
                "section": "operating",
                "voted": "1200000.00",
                "committed": "845000.00",
                "paid": "612300.50",
            }
        ],
        "reported_at": _AT,
    },
    "commitment.recorded": {
        "local_id": _ID,
        "number": "ENG-2026-0311",
        "fiscal_year": 2026,
        "budget_line": "10.20.30.11",
        "supplier": {"name": "Lumitec SARL", "tax_id": "40123456"},
        "amount": "84500.00",
        "currency": "MAD",
        "purpose": "Remplacement de 40 luminaires LED",
        "committed_at": _AT,
    },
    "payment.recorded": {
        "local_id": _ID,
        "commitment_id": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
        "number": "PAY-2026-0877",
        "amount": "42250.00",
        "currency": "MAD",
        "method": "transfer",
        "paid_at": _AT,
    },
    "document.issued": {
        "local_id": _ID,
        "document_type": "birth_extract",
        "number": "EXT-2026-004211",
        "language": "ar",
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "issued_at": _AT,
        "verification_url": "https://sale.example.ma/verify/EXT-2026-004211",
    },
    "document.revoked": {
        "local_id": _ID,
        "number": "EXT-2026-004211",
        "reason": "Délivré par erreur",
        "revoked_at": _AT,
    },
}


def message_types() -> list[tuple[str, str]]:
    """Every ``(platform, message type)`` pair of the contracts."""
    return [(p, t) for p, types in PLATFORMS.items() for t in types]


def document(
    message_type: str,
    *,
    commune: str = "sale",
    event_id: uuid.UUID | None = None,
    object_id: str | None = None,
) -> dict[str, Any]:
    """A complete, valid event document of ``message_type`` (a fresh event id each time)."""
    object_type, _kind = message_type.split(".")
    payload = copy.deepcopy(PAYLOADS[message_type])
    if object_id is not None and "local_id" in payload:
        payload["local_id"] = object_id
    return {
        "event_id": str(event_id or uuid.uuid4()),
        "event_type": message_type,
        "occurred_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "commune": commune,
        "payload_version": "1",
        "object": {"type": object_type, "id": object_id or payload.get("local_id", "2026-Q3")},
        "payload": payload,
    }
