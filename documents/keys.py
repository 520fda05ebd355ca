"""Keys and certificates: offline roots, the communes' document-signers, key encryption.

A root (a country's or a region's) is made once, on a machine of its own: its private
key is written encrypted with a passphrase to a folder (``root.key.pem``, next to
``root.crt.pem``) and never enters the database. It is brought to the server only to
certify a signer, rotate one or withdraw one, each of which re-signs the trust list.

A signer's private key is made on the server and stored in the database as PKCS#8,
encrypted with AES-256-GCM under a key derived (HKDF-SHA256) from the application
secret (``baladiya.core.secret``, kept outside the database, carried by a backup only
``--with-secrets``), its key id bound in: a database dump alone reveals no key, and a
stored key cannot be moved to another signer's row. Changing the application secret
makes the stored keys unusable: rotate every signer afterwards.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID

ROOT_KEY_FILE = "root.key.pem"
ROOT_CERTIFICATE_FILE = "root.crt.pem"
DEMO_MARK_FILE = "DEMO-ROOT-NOT-FOR-REAL-DOCUMENTS.txt"
ROOT_VALIDITY = timedelta(days=20 * 365)
# A year of signing and a month in which the next signer already signs while this one
# still verifies: the overlap of a rotation.
SIGNER_VALIDITY = timedelta(days=365 + 31)
ROTATION_NOTICE = timedelta(days=31)
NONCE_BYTES = 12
KEY_WRAP_VERSION = b"k1"


class KeysError(Exception):
    """A key or certificate operation that cannot be done; the message says why."""


def new_key() -> ec.EllipticCurvePrivateKey:
    """A P-256 key, the curve ES256 signs with."""
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str, organisation: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(attributes)


def root_certificate(key: ec.EllipticCurvePrivateKey, name: str, now: datetime) -> x509.Certificate:
    """A self-signed root certificate that may certify signers and nothing under them."""
    subject = _name(name)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + ROOT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )


def signer_certificate(
    root_key: ec.EllipticCurvePrivateKey,
    root: x509.Certificate,
    public_key: ec.EllipticCurvePublicKey,
    commune_name: str,
    not_before: datetime,
) -> x509.Certificate:
    """The root's certificate for a commune's document-signer, valid a year and a month."""
    return (
        x509.CertificateBuilder()
        .subject_name(_name(commune_name, "Document signer"))
        .issuer_name(root.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + SIGNER_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )


@dataclass(frozen=True)
class Root:
    """An offline root opened from its folder: key and certificate."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def name(self) -> str:
        return self.certificate.subject.rfc4514_string()


def write_root(folder: Path, name: str, passphrase: str, now: datetime, *, demo: bool) -> Root:
    """Make a root in a new (or empty) folder: encrypted key and certificate, owner-only."""
    if folder.exists() and any(folder.iterdir()):
        raise KeysError(f"{folder} is not empty: a root is never overwritten")
    if len(passphrase) < 12 and not demo:
        raise KeysError("the root's passphrase must have at least 12 characters")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = new_key()
    certificate = root_certificate(key, name, now)
    encryption = serialization.BestAvailableEncryption(passphrase.encode())
    _write_private(
        folder / ROOT_KEY_FILE,
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        ),
    )
    (folder / ROOT_CERTIFICATE_FILE).write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
    )
    if demo:
        (folder / DEMO_MARK_FILE).write_text(
            "This root exists for demonstrations and tests. Its passphrase is public:\n"
            "documents it certifies prove nothing.\n"
        )
    return Root(key, certificate)


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def read_root(folder: Path, passphrase: str) -> Root:
    """The root in ``folder``; :class:`KeysError` for a missing folder or a wrong passphrase."""
    try:
        pem_key = (folder / ROOT_KEY_FILE).read_bytes()
        pem_certificate = (folder / ROOT_CERTIFICATE_FILE).read_bytes()
    except OSError as exc:
        raise KeysError(f"no root in {folder} ({exc.strerror})") from exc
    try:
        key = serialization.load_pem_private_key(pem_key, passphrase.encode())
    except (ValueError, TypeError) as exc:
        raise KeysError("the root's passphrase is wrong, or its key is damaged") from exc
    certificate = x509.load_pem_x509_certificate(pem_certificate)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != (
        certificate.public_key()
    ):
        raise KeysError(f"the key in {folder} is not the key of its certificate")
    return Root(key, certificate)


def _wrapping(app_secret: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"baladiya.documents.signer-keys"
    ).derive(app_secret.encode())
    return AESGCM(key)


def encrypt_private_key(key: ec.EllipticCurvePrivateKey, kid: bytes, app_secret: str) -> bytes:
    """The key as PKCS#8, encrypted under the application secret with its kid bound in."""
    plain = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    nonce = secrets.token_bytes(NONCE_BYTES)
    return KEY_WRAP_VERSION + nonce + _wrapping(app_secret).encrypt(nonce, plain, kid)


def decrypt_private_key(blob: bytes, kid: bytes, app_secret: str) -> ec.EllipticCurvePrivateKey:
    """The signer key stored in ``blob``; :class:`KeysError` under another secret or kid."""
    version, rest = blob[: len(KEY_WRAP_VERSION)], blob[len(KEY_WRAP_VERSION) :]
    if version != KEY_WRAP_VERSION:
        raise KeysError("a stored signer key in an unknown format")
    try:
        plain = _wrapping(app_secret).decrypt(rest[:NONCE_BYTES], rest[NONCE_BYTES:], kid)
    except InvalidTag as exc:
        raise KeysError(
            "the stored signer key does not open with this application secret: rotate the signer"
        ) from exc
    key = serialization.load_der_private_key(plain, None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise KeysError("a stored signer key that is not a P-256 key")
    return key
