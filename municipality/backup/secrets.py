"""The secret settings, sealed with a passphrase for the archive.

Without the application secret a restored install cannot open what it sealed with it
(the national platforms' credentials, see ``sync/sealing.py``); a backup carries it only
when asked, and then only encrypted.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from municipality.backup.errors import BackupError

# Settings whose value is a secret, by name: the application secret, tokens, passwords
# and keys of any package (``baladiya.core.secret``, ``baladiya.sync.metrics_token``).
SECRET_SETTING = re.compile(r"baladiya\.[a-z_]+\.(?:[a-z_]+_)?(?:secret|token|password|key)")
MIN_PASSPHRASE = 12
# scrypt's cost: 2**15 x 8 x 128 bytes = 32 MB and about 0.1 s per guess on a server.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SECRETS_AAD = b"baladiya-backup-secrets-1"


def secret_settings(settings: Mapping[str, Any]) -> dict[str, str]:
    """The secret settings that have a value, by name (see :data:`SECRET_SETTING`)."""
    return {
        key: str(value)
        for key, value in sorted(settings.items())
        if SECRET_SETTING.fullmatch(key) and value
    }


def _secrets_key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode()
    )


def seal_secrets(values: Mapping[str, str], passphrase: str) -> bytes:
    """``values`` encrypted and authenticated with a key derived from ``passphrase``.

    scrypt makes each guess of the passphrase cost memory and time; AES-256-GCM (as
    sync's sealing uses) refuses a wrong key and an altered byte alike.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    plaintext = json.dumps(dict(values), sort_keys=True).encode()
    sealed = AESGCM(_secrets_key(passphrase, salt)).encrypt(nonce, plaintext, SECRETS_AAD)
    envelope = {
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "cipher": "AES-256-GCM",
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(sealed).decode(),
    }
    return json.dumps(envelope, indent=1).encode()


def open_secrets(blob: bytes, passphrase: str) -> dict[str, str]:
    """The secret settings sealed in ``blob``; :class:`BackupError` for a wrong passphrase."""
    try:
        envelope = json.loads(blob)
        kdf = envelope["kdf"]
        key = Scrypt(
            salt=base64.b64decode(envelope["salt"]), length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]
        ).derive(passphrase.encode())
        plaintext = AESGCM(key).decrypt(
            base64.b64decode(envelope["nonce"]),
            base64.b64decode(envelope["ciphertext"]),
            SECRETS_AAD,
        )
    except InvalidTag as exc:
        raise BackupError("wrong passphrase: the secrets in the archive cannot be opened") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError("the archive's secrets are damaged") from exc
    values: dict[str, str] = json.loads(plaintext)
    return values
