"""``baladiya keys ...`` (roots and document-signers) and ``baladiya verify`` (a paper).

``keys make-root`` needs no database: it runs on the root's own offline machine. The
other ``keys`` commands bring the root's folder to the server (``--root DIR``) and ask
its passphrase from ``--passphrase-file``, ``$BALADIYA_ROOT_PASSPHRASE`` or the terminal.

``verify`` checks a PDF, an image or the seal's text. With ``--trust-list FILE`` (the
file ``/documents/trust-list`` serves) it needs nothing else, no database and no
network; ``--root KID`` pins the roots to trust (otherwise it says it trusted the roots
the file carries). Without it, the server's database is the trust list.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pyramid.i18n import TranslationString

from documents import cose, keys, reading, services, trust
from documents.verification import REASON_TEXTS, STATUS_TITLES, Status, Verdict, verify
from municipality.cli import (
    CLI_ACTOR,
    CommandError,
    add_command,
    add_group,
    load_config,
    read_passphrase,
    unit_of_work,
)
from municipality.db import utcnow
from municipality.tenancy import commune_by_slug

ROOT_PASSPHRASE_VARIABLE = "BALADIYA_ROOT_PASSPHRASE"  # noqa: S105 - a variable's name


def _root(args: argparse.Namespace) -> keys.Root:
    passphrase = read_passphrase(args, confirm=False, variable=ROOT_PASSPHRASE_VARIABLE)
    try:
        return keys.read_root(Path(args.root), passphrase)
    except keys.KeysError as exc:
        raise CommandError(str(exc)) from exc


def cmd_make_root(args: argparse.Namespace) -> None:
    passphrase = read_passphrase(args, confirm=True, variable=ROOT_PASSPHRASE_VARIABLE)
    try:
        root = keys.write_root(Path(args.out), args.name, passphrase, utcnow(), demo=False)
    except keys.KeysError as exc:
        raise CommandError(str(exc)) from exc
    print(f"root {root.name} written to {args.out}; keep that folder offline")
    print(f"root key id: {cose.key_id(root.certificate).hex()}")


def _app_secret(config: Any) -> str:
    return str(config.get_settings()["baladiya.core.secret"])


def _make_signer(args: argparse.Namespace, *, rotate: bool) -> None:
    root = _root(args)
    config = load_config(args)
    with unit_of_work(config) as session:
        signer = services.make_signer(
            session,
            actor=CLI_ACTOR,
            commune=commune_by_slug(session, args.commune),
            root=root,
            app_secret=_app_secret(config),
            rotate=rotate,
        )
        print(
            f"signer {signer.kid.hex()} for {args.commune}, valid"
            f" {signer.not_before.date()} to {signer.not_after.date()}; trust list re-signed"
        )


def cmd_make_signer(args: argparse.Namespace) -> None:
    _make_signer(args, rotate=False)


def cmd_rotate(args: argparse.Namespace) -> None:
    _make_signer(args, rotate=True)


def cmd_revoke(args: argparse.Namespace) -> None:
    root = _root(args)
    with unit_of_work(load_config(args)) as session:
        signer = services.signer_by_kid(session, args.signer)
        services.withdraw_signer(session, actor=CLI_ACTOR, signer=signer, root=root)
    print(f"signer {args.signer} withdrawn; its seals now read revoked")


def cmd_list(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        for signer in services.signers_of(session, commune_by_slug(session, args.commune)):
            state = "withdrawn" if signer.revoked_at else "listed"
            print(
                f"{signer.kid.hex()}\t{signer.not_before.date()}\t{signer.not_after.date()}"
                f"\t{state}\t{signer.root.name}"
            )


def cmd_trust_list(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        Path(args.out).write_bytes(services.published_trust_list(session))
    print(args.out)


def _texts(source: str) -> list[str]:
    path = Path(source)
    if len(source) < 4096 and path.is_file():
        try:
            return reading.seal_texts(path)
        except reading.ReadingError as exc:
            raise CommandError(str(exc)) from exc
    return [source]


def _offline_lists(args: argparse.Namespace) -> tuple[trust.TrustList, frozenset[str]]:
    anchors = {bytes.fromhex(kid) for kid in args.root} if args.root else None
    try:
        trust_list = trust.load_trust_list(Path(args.trust_list).read_bytes(), anchors)
        revoked = (
            trust.load_revocations(Path(args.revoked).read_bytes(), trust_list)
            if args.revoked
            else frozenset()
        )
    except (OSError, ValueError) as exc:
        raise CommandError(f"trust list: {exc}") from exc
    if anchors is None:
        names = ", ".join(f"{name} ({kid.hex()})" for kid, name in trust_list.roots.items())
        print(f"note: trusting the roots the file carries: {names}; pin them with --root")
    if trust_list.issued_at is not None:
        print(f"trust list signed {trust_list.issued_at.date().isoformat()}")
    return trust_list, revoked


def _print(verdict: Verdict, labels: Mapping[str, TranslationString]) -> None:
    print(f"{verdict.status.value.upper()}: {STATUS_TITLES[verdict.status].interpolate()}")
    if verdict.reason is not None:
        print(REASON_TEXTS[verdict.reason].interpolate())
    if verdict.signer is not None:
        print(f"issued by: {verdict.signer.name_fr} / {verdict.signer.name_ar}")
    claims = verdict.claims
    if claims is None:
        return
    print(f"document: {claims.type_code} {claims.number}")
    print(f"issued: {claims.issued.isoformat()}")
    if claims.expires is not None:
        print(f"valid until: {claims.expires.isoformat()}")
    for key, value in claims.fields.items():
        label = labels[key].interpolate() if key in labels else key
        print(f"  {label}: {value.isoformat() if isinstance(value, date) else value}")
    print("compare these with the paper: the seal carries the signed values")
    if verdict.document_hash is not None:
        print(f"document hash (what revokes it): {verdict.document_hash}")


def cmd_verify(args: argparse.Namespace) -> None:
    today = date.fromisoformat(args.date) if args.date else utcnow().date()
    texts = _texts(args.source)
    registry = None
    if args.trust_list:
        trust_list, revoked = _offline_lists(args)
        verdicts = [verify(text, trust_list, revoked, today) for text in texts]
    else:
        config = load_config(args)
        registry = config.registry
        with unit_of_work(config) as session:
            trust_list = services.server_trust_list(session)
            in_database = services.RevokedInDatabase(session)
            verdicts = [verify(text, trust_list, in_database, today) for text in texts]
    for verdict in verdicts:
        kind = (
            services.document_type(registry, verdict.claims.type_code)
            if registry is not None and verdict.claims is not None
            else None
        )
        _print(verdict, kind.seal_fields if kind else {})
    if any(verdict.status is not Status.VALID for verdict in verdicts):
        raise CommandError("the document is not valid")


def register(groups: Any) -> None:
    """Add ``baladiya keys ...`` and ``baladiya verify`` (the manifest's ``cli``)."""
    group = add_group(groups, "keys", "document seal keys: roots and commune signers")
    passphrase_help = f"root passphrase in this file (else ${ROOT_PASSPHRASE_VARIABLE}, else typed)"

    p = add_command(group, "make-root", cmd_make_root, "make an offline root in a new folder")
    p.add_argument("--name", required=True, help='e.g. "Royaume du Maroc"')
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--passphrase-file", metavar="FILE", help=passphrase_help)

    for name, func, text in (
        ("make-signer", cmd_make_signer, "make a commune's document-signer"),
        ("rotate", cmd_rotate, "make the commune's next signer (the old one still verifies)"),
    ):
        p = add_command(group, name, func, text)
        p.add_argument("--commune", required=True, metavar="SLUG")
        p.add_argument("--root", required=True, metavar="DIR", help="the root's folder")
        p.add_argument("--passphrase-file", metavar="FILE", help=passphrase_help)

    p = add_command(group, "revoke", cmd_revoke, "withdraw a signer from the trust list")
    p.add_argument("--signer", required=True, metavar="KID", help="key id, as keys list shows")
    p.add_argument("--root", required=True, metavar="DIR", help="the root's folder")
    p.add_argument("--passphrase-file", metavar="FILE", help=passphrase_help)

    p = add_command(group, "list", cmd_list, "list a commune's signers")
    p.add_argument("--commune", required=True, metavar="SLUG")

    p = add_command(group, "trust-list", cmd_trust_list, "write the signed trust list to a file")
    p.add_argument("--out", required=True, metavar="FILE")

    p = add_command(groups, "verify", cmd_verify, "check a document's seal (PDF, image or text)")
    p.add_argument("source", metavar="FILE|TEXT")
    p.add_argument("--trust-list", metavar="FILE", help="check offline against this trust list")
    p.add_argument("--revoked", metavar="FILE", help="revoked documents list (with --trust-list)")
    p.add_argument(
        "--root", action="append", metavar="KID", help="key id of a root to trust (repeatable)"
    )
    p.add_argument("--date", help="check as of this day (default today), e.g. 2027-01-31")
