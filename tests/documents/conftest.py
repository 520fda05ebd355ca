"""A root, signers and trust lists made in memory, for the checks that need no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from documents import cose, keys, trust
from documents.seal import Claims

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def birth_extract(commune: str = "sale", **changes: object) -> Claims:
    """A bilingual birth extract's claims, with realistic names in both scripts."""
    values: dict[str, object] = {
        "type_code": "BX",
        "number": "2026-000123",
        "commune": commune,
        "issued": TODAY,
        "expires": TODAY + timedelta(days=90),
        "fields": {
            "c": "Yassine El Idrissi",
            "ca": "ياسين الإدريسي",
            "f": "Mohammed El Idrissi",
            "fa": "محمد الإدريسي",
            "m": "Fatima Zahra Benali",
            "ma": "فاطمة الزهراء بنعلي",
            "d": date(2019, 3, 14),
            "p": "Salé",
            "pa": "سلا",
            "a": "1234/2019",
        },
    }
    values.update(changes)
    return Claims(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Signing:
    """A signer's key and key id, and the trust list file that vouches for it."""

    key: ec.EllipticCurvePrivateKey
    kid: bytes
    root: keys.Root
    trust_file: bytes

    @property
    def trust_list(self) -> trust.TrustList:
        return trust.load_trust_list(self.trust_file, {cose.key_id(self.root.certificate)})


def make_signing(
    commune: str = "sale", *, withdrawn: bool = False, not_before: datetime = NOW
) -> Signing:
    root_key = keys.new_key()
    root = keys.Root(root_key, keys.root_certificate(root_key, "Royaume du Maroc", NOW))
    key = keys.new_key()
    certificate = keys.signer_certificate(
        root.key, root.certificate, key.public_key(), "Salé", not_before
    )
    kid = cose.key_id(certificate)
    entry = trust.SignerEntry(certificate, commune, "Salé", "سلا")
    section = trust.sign_section(
        root.key,
        root.certificate,
        [] if withdrawn else [entry],
        [kid] if withdrawn else [],
        NOW,
    )
    return Signing(key, kid, root, trust.join_sections([section]))


@pytest.fixture(scope="module")
def signing() -> Signing:
    return make_signing()
