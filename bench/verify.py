"""``python -m bench verify``: how many seals a second are checked, alone and by the page.

In process, on one core: (a) the floor, ES256 signature checks alone (what no checker can
go under), then (b) ``documents.verification.verify`` on a bilingual birth extract's seal
(Base45, zlib, CBOR, the signature, the claims), against the 2,000 a second target. Then,
for each database (a scratch SQLite file; PostgreSQL recreated when reachable): (c) a
bare Pyramid view that checks the same seal against a trust list in memory, and (d) the
real ``/verify`` page (CSRF, form, trust list from the database, the revocation lookup,
the count written), both through WebTest, and their ratio. It never fails on a number.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import transaction
import webtest
from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response

from bench import database
from documents import cose, keys, services, trust
from documents.seal import Claims, pack, unpack
from documents.verification import verify
from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction, utcnow
from municipality.migrate import upgrade
from tests import factories
from tests.conftest import app_settings

TARGET_PER_SECOND = 2_000


def birth_extract(commune: str) -> Claims:
    today = utcnow().date()
    return Claims(
        type_code="BX",
        number="2026-000123",
        commune=commune,
        issued=today,
        expires=None,
        fields={
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
    )


def rate(func: Callable[[], object], seconds: float) -> float:
    """Calls a second of ``func`` over about ``seconds``."""
    calls, started = 0, time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for _ in range(50):
            func()
        calls += 50
    return calls / (time.perf_counter() - started)


def _seeded(url: str) -> tuple[Any, str]:
    """A database with one commune, its signer and one sealed birth extract."""
    engine = make_engine(url)
    upgrade(engine)
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = factories.commune(session, slug="bench")
        factories.signer_key(session, commune_=commune)
        text = services.seal_document(
            session, commune, birth_extract("bench"), app_secret=factories.DOCUMENT_KEY_SECRET
        )
    return engine, text


def _floor_app(engine: Any) -> webtest.TestApp:
    """A bare Pyramid view checking a posted seal against a trust list read once."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        trust_list = services.server_trust_list(
            session_in_transaction(make_session_factory(engine), tm)
        )

    def check(request: Request) -> Response:
        verdict = verify(request.POST["text"], trust_list, frozenset(), utcnow().date())
        return Response(verdict.status.value)

    config = Configurator()
    config.add_route("check", "/check")
    config.add_view(check, route_name="check", request_method="POST")
    return webtest.TestApp(config.make_wsgi_app())


def through_pages(url: str, work: Path, seconds: float) -> dict[str, float]:
    engine, text = _seeded(url)
    floor = _floor_app(engine)
    app = webtest.TestApp(
        make_config(app_settings(engine, work)).make_wsgi_app(),
        extra_environ={"HTTP_HOST": "localhost"},
    )
    token = app.get("/verify").forms["deform"]["csrf_token"].value
    form = {"text": text, "csrf_token": token}
    assert b"valid" in floor.post("/check", {"text": text}).body
    assert "verdict-valid" in app.post("/verify", form).text
    result = {
        "floor_view_per_s": rate(lambda: floor.post("/check", {"text": text}), seconds),
        "page_per_s": rate(lambda: app.post("/verify", form), seconds),
    }
    engine.dispose()
    return result


def in_process(seconds: float) -> dict[str, float]:
    root_key = keys.new_key()
    root = keys.Root(root_key, keys.root_certificate(root_key, "Bench root", utcnow()))
    key = keys.new_key()
    certificate = keys.signer_certificate(
        root.key, root.certificate, key.public_key(), "Bench", utcnow()
    )
    kid = cose.key_id(certificate)
    section = trust.sign_section(
        root.key,
        root.certificate,
        [trust.SignerEntry(certificate, "bench", "B", "ب")],
        [],
        utcnow(),
    )
    trust_list = trust.load_trust_list(trust.join_sections([section]))
    text = pack(birth_extract("bench"), key, kid)
    message = unpack(text)
    today = utcnow().date()
    assert verify(text, trust_list, frozenset(), today).valid
    return {
        "signature_floor_per_s": rate(
            lambda: cose.signature_holds(message, key.public_key()), seconds
        ),
        "verify_per_s": rate(lambda: verify(text, trust_list, frozenset(), today), seconds),
        "seal_chars": len(text),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench verify", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALADIYA_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES_URL),
        help="database to drop and recreate (default %(default)s)",
    )
    args = parser.parse_args(argv)
    alone = in_process(args.seconds)
    ratio = alone["verify_per_s"] / alone["signature_floor_per_s"]
    verdict = "meets" if alone["verify_per_s"] >= TARGET_PER_SECOND else "misses"
    print(
        f"in process: {alone['verify_per_s']:,.0f} verifications/s ({verdict} the"
        f" {TARGET_PER_SECOND:,}/s target); signature alone {alone['signature_floor_per_s']:,.0f}/s"
        f" (ratio {ratio:.2f}); seal of {alone['seal_chars']} characters"
    )
    backends = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for backend in backends:
        if backend == "postgresql" and (why := database.postgres_reachable(args.postgres_url)):
            print(f"postgresql: skipped ({why})")
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-verify-{backend}-") as work:
            if backend == "postgresql":
                database.recreate_postgres(args.postgres_url)
                url = args.postgres_url
            else:
                url = f"sqlite:///{Path(work) / 'verify.sqlite'}"
            pages = through_pages(url, Path(work), args.seconds)
        print(
            f"{backend}: /verify {pages['page_per_s']:,.0f}/s, bare Pyramid view"
            f" {pages['floor_view_per_s']:,.0f}/s"
            f" (ratio {pages['page_per_s'] / pages['floor_view_per_s']:.2f})"
        )
    return 0
