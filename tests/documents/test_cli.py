"""``baladiya keys ...`` and ``baladiya verify``, run in-process on the test database."""

from __future__ import annotations

from pathlib import Path

import pytest
import segno
from PIL import Image

from municipality.models import Commune
from tests import factories

PASSPHRASE = "a long root passphrase"


@pytest.fixture
def root(run, tmp_path: Path) -> tuple[Path, Path, str]:
    """A root made by the command, its passphrase in a file, and its key id."""
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    folder = tmp_path / "root"
    status, out, err = run(
        "keys", "make-root", "--name", "Royaume du Maroc", "--out", str(folder),
        "--passphrase-file", str(secret),
    )  # fmt: skip
    assert status == 0, err
    kid = out.strip().splitlines()[-1].split()[-1]
    return folder, secret, kid


def _signer(run, root, command: str = "make-signer") -> tuple[int, str, str]:
    folder, secret, _kid = root
    return run(
        "keys", command, "--commune", "sale", "--root", str(folder),
        "--passphrase-file", str(secret),
    )  # fmt: skip


def _seal(db) -> str:
    with db() as session:
        commune = session.query(Commune).filter_by(slug="sale").one()
        return factories.sealed(session, commune, n="Amina Tazi")


def test_make_root_writes_an_encrypted_key_and_refuses_to_overwrite(run, root) -> None:
    folder, secret, _kid = root
    assert b"ENCRYPTED" in (folder / "root.key.pem").read_bytes()
    assert oct((folder / "root.key.pem").stat().st_mode & 0o777) == "0o600"
    status, _out, err = run(
        "keys", "make-root", "--name", "X", "--out", str(folder), "--passphrase-file", str(secret)
    )
    assert status == 1
    assert "not empty" in err


def test_signers_are_made_rotated_listed_and_withdrawn(run, db, root, tmp_path) -> None:
    with db() as session:
        factories.commune(session, slug="sale")
    status, out, err = _signer(run, root)
    assert status == 0, err
    assert "trust list re-signed" in out
    status, _out, err = _signer(run, root)
    assert status == 1
    assert "rotate it instead" in err
    old_seal = _seal(db)
    status, out, err = _signer(run, root, "rotate")
    assert status == 0, err
    status, out, _err = run("keys", "list", "--commune", "sale")
    kids = [line.split("\t")[0] for line in out.splitlines()]
    assert len(kids) == 2
    status, out, _err = run("verify", old_seal)
    assert status == 0
    assert out.startswith("VALID")
    folder, secret, _kid = root
    status, out, err = run(
        "keys", "revoke", "--signer", kids[1], "--root", str(folder),
        "--passphrase-file", str(secret),
    )  # fmt: skip
    assert status == 0, err
    status, out, err = run("verify", old_seal)
    assert status == 1
    assert out.startswith("REVOKED")


def test_a_wrong_passphrase_is_refused(run, db, root, tmp_path) -> None:
    with db() as session:
        factories.commune(session, slug="sale")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase")
    status, _out, err = run(
        "keys", "make-signer", "--commune", "sale", "--root", str(root[0]),
        "--passphrase-file", str(wrong),
    )  # fmt: skip
    assert status == 1
    assert "passphrase is wrong" in err


def test_verify_offline_a_text_an_image_and_a_pdf(run, db, root, tmp_path) -> None:
    with db() as session:
        factories.commune(session, slug="sale")
    assert _signer(run, root)[0] == 0
    text = _seal(db)
    trust_file = tmp_path / "trust.cbor"
    assert run("keys", "trust-list", "--out", str(trust_file))[0] == 0
    png, pdf = tmp_path / "seal.png", tmp_path / "paper.pdf"
    segno.make(text, error="m", mode="alphanumeric").save(str(png), scale=4, border=4)
    page = Image.new("RGB", (1240, 1754), "white")
    page.paste(Image.open(png).convert("RGB"), (800, 1300))
    page.save(pdf, resolution=150)
    for source in (text, str(png), str(pdf)):
        status, out, err = run("verify", source, "--trust-list", str(trust_file), "--root", root[2])
        assert status == 0, (source, err)
        assert out.startswith("trust list signed")
        assert "\nVALID:" in out
        assert "Amina Tazi" in out
        assert "document hash (what revokes it): " in out
        assert "compare these with the paper" in out


def test_verify_says_why_a_document_is_not_valid(run, db, root, tmp_path) -> None:
    with db() as session:
        factories.commune(session, slug="sale")
    assert _signer(run, root)[0] == 0
    text = _seal(db)
    status, out, err = run("verify", text, "--date", "2099-01-01")
    assert status == 1
    assert out.startswith("EXPIRED")
    status, out, err = run("verify", text[:-20])
    assert status == 1
    assert out.startswith("INVALID")
    assert "damaged or incomplete" in out
    trust_file = tmp_path / "trust.cbor"
    run("keys", "trust-list", "--out", str(trust_file))
    status, out, err = run("verify", text, "--trust-list", str(trust_file), "--root", "00" * 8)
    assert status == 1
    assert "root we do not trust" in err
    status, out, err = run("verify", text, "--trust-list", str(trust_file))
    assert status == 0
    assert "pin them with --root" in out
    empty = tmp_path / "empty.png"
    Image.new("RGB", (50, 50), "white").save(empty)
    status, _out, err = run("verify", str(empty))
    assert status == 1
    assert "no seal found" in err
