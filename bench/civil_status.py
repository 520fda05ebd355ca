"""``python -m bench civil_status``: name search over a million acts, and acts signed per
second by concurrent agents on one register, on PostgreSQL.

A scratch database (created, migrated, dropped at the end unless ``--keep``) receives
``--acts`` signed birth acts in one ``INSERT ... SELECT generate_series``: Arabic and Latin
names drawn from pools, their search columns made by the same function as an entry
(:func:`civil_status.matching.search_columns`, one pair of pool entries at a time), the
trigram indexes built once the rows are in, as a bulk load would. Then, ``--runs`` times:

- **search**: ``--queries`` fuzzy name searches (a misspelt full name, half in Arabic,
  half in Latin letters) run the search page's statements (the count and the first page
  of 25) through :func:`civil_status.services.acts.query`; the **floor** runs the same
  page for an exact indexed lookup (``commune_id``, ``name_key`` equal) of the same
  names, interleaved with them. The p95 of each and their ratio are kept (target below
  :data:`TARGET_RATIO`).
- **registration**: ``--agents`` threads, each with its own connection, enter and sign
  ``--entries`` acts each on one register of another commune through the services (one
  transaction an act, the register's counter locked while signing): acts per second.

It prints the medians of the runs and writes ``bench/results/civil_status.json``. It never
fails because of a number.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time as clock
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import transaction
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from bench import database
from civil_status.matching import SearchColumns, latin_key, search_columns
from civil_status.models import Act, Register
from civil_status.permissions import Perm
from civil_status.services import acts, duplicates, registers
from municipality.db import make_session_factory, session_in_transaction, set_commune_scope
from municipality.models import Commune
from tests import factories

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/baladiya_bench_civil"
RESULTS = Path(__file__).resolve().parent / "results" / "civil_status.json"
TARGET_RATIO = 10.0
PAGE = 25
OFFICER = frozenset(Perm)
GIVEN = [
    ("ياسمين", "Yasmine"), ("سلمى", "Salma"), ("هبة", "Hiba"), ("غيثة", "Ghita"),
    ("آدم", "Adam"), ("يوسف", "Youssef"), ("حمزة", "Hamza"), ("إلياس", "Ilyas"),
    ("محمد", "Mohamed"), ("فاطمة", "Fatima"), ("خديجة", "Khadija"), ("عمر", "Omar"),
    ("مريم", "Meryem"), ("إبراهيم", "Ibrahim"), ("زينب", "Zineb"), ("أيوب", "Ayoub"),
    ("نادية", "Nadia"), ("كريم", "Karim"), ("ليلى", "Leila"), ("سعيد", "Said"),
    ("عائشة", "Aicha"), ("مهدي", "Mehdi"), ("رانية", "Rania"), ("طه", "Taha"),
    ("إيمان", "Imane"), ("بلال", "Bilal"), ("نور", "Nour"), ("زكرياء", "Zakaria"),
    ("هند", "Hind"), ("أنس", "Anas"), ("سناء", "Sanae"), ("رشيد", "Rachid"),
    ("موسى", "Moussa"), ("سيدو", "Seydou"), ("كاديا", "Kadia"), ("عثمان", "Othmane"),
    ("حسناء", "Hasnae"), ("ياسر", "Yassir"), ("وئام", "Wiam"), ("جاد", "Jad"),
]  # fmt: skip
FAMILY = [
    ("العمراني", "El Amrani"), ("بناني", "Bennani"), ("التازي", "Tazi"), ("العلوي", "Alaoui"),
    ("الإدريسي", "El Idrissi"), ("الفاسي", "El Fassi"), ("برادة", "Berrada"),
    ("الشرايبي", "Chraibi"), ("الكتاني", "Kettani"), ("بنجلون", "Benjelloun"),
    ("السلاوي", "Slaoui"), ("المنصوري", "El Mansouri"), ("الزياني", "Ziani"),
    ("الحسني", "El Hassani"), ("بوزيدي", "Bouzidi"), ("العثماني", "El Othmani"),
    ("الصقلي", "Sqalli"), ("الودغيري", "Ouadghiri"), ("بنكيران", "Benkirane"),
    ("الرحموني", "Rahmouni"), ("التوزاني", "Touzani"), ("الكرماوي", "Kermaoui"),
    ("البقالي", "Bakkali"), ("الخطيب", "El Khatib"), ("المرابط", "Merabet"),
    ("تراوري", "Traoré"), ("كوليبالي", "Coulibaly"), ("ديارا", "Diarra"), ("كيتا", "Keïta"),
    ("توري", "Touré"), ("سيسوكو", "Sissoko"), ("الغزاوي", "Ghazaoui"), ("الدكالي", "Doukkali"),
    ("الرباطي", "Rbati"), ("السوسي", "Soussi"), ("الحريزي", "Harizi"), ("الجراري", "Jerrari"),
    ("العبدلاوي", "Abdellaoui"), ("الطاهري", "Taheri"), ("المريني", "Merini"),
]  # fmt: skip
# Family names carried with a prefix ("son of", "of the tribe"): four times the pool.
PREFIXES = [("", ""), ("بن ", "Ben "), ("آيت ", "Ait "), ("ولد ", "Ould ")]
FAMILIES = [
    (
        f"{p_ar}{ar.removeprefix('ال') if p_ar else ar}",
        f"{p_lat}{lat.removeprefix('El ') if p_lat else lat}",
    )
    for p_ar, p_lat in PREFIXES
    for ar, lat in FAMILY
]
# Misspellings a clerk or a resident types: a letter doubled, a vowel changed, one dropped.
TYPOS = (
    lambda s: s.replace("ss", "s").replace("ou", "u"),
    lambda s: s.replace("e", "a", 1),
    lambda s: s[:-1] if len(s) > 4 else s,
    lambda s: s.replace("i", "y", 1),
)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench civil_status", description=__doc__)
    parser.add_argument("--url", default=DEFAULT_URL, help="the scratch database (recreated)")
    parser.add_argument("--acts", type=int, default=1_000_000, help="acts generated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200, help="searches per run and kind")
    parser.add_argument("--agents", type=int, default=8, help="concurrent agents registering")
    parser.add_argument("--entries", type=int, default=25, help="acts each agent registers")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.acts < 1000 or args.runs < 1 or args.queries < 20 or args.agents < 1:
        parser.error("--acts at least 1000, --queries at least 20, --runs and --agents 1+")
    return args


@contextmanager
def unit(engine: Engine) -> Iterator[Session]:
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        yield session_in_transaction(make_session_factory(engine), manager)


def _keys(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Per pool entry, the keys of the name key, in Arabic letters transliterated and Latin."""
    return {
        "key_ar": [latin_key(ar) for ar, _lat in pairs],
        "key_lat": [latin_key(lat) for _ar, lat in pairs],
    }


def search_pools() -> dict[str, list[str]]:
    """The search columns of every given and family name pair, made by the same function
    as an entry (:func:`search_columns`): pair ``(gi, fi)`` (from 1) at
    ``(gi - 1) * len(FAMILIES) + fi``."""
    columns = [
        search_columns(f"{g_ar} {f_ar}", f"{g_lat} {f_lat}")
        for g_ar, g_lat in GIVEN
        for f_ar, f_lat in FAMILIES
    ]
    return {column: [c[n] for c in columns] for n, column in enumerate(SearchColumns._fields)}


POOLS = (
    "given_ar",
    "given_lat",
    "family_ar",
    "family_lat",
    *(f"{side}_{key}" for side in "gf" for key in ("key_ar", "key_lat")),
    *SearchColumns._fields,
)
GENERATE = f"""
WITH p AS (SELECT {", ".join(f"CAST(:{name} AS text[]) AS {name}" for name in POOLS)})
INSERT INTO civil_acts (
    public_id, created_at, updated_at, commune_id, register_id, number, kind, state,
    given_name_ar, family_name_ar, given_name_lat, family_name_lat, sex, event_date,
    place, father_name, mother_name, declarant_name, details, declared_on, abroad,
    timeliness, name_key, mother_key, search_ar, search_lat, search_bare, entered_by,
    signed_by, signed_at
)
SELECT gen_random_uuid(), now(), now(), :commune, :register, g, 'birth', 'signed',
    p.given_ar[gi], p.family_ar[fi], p.given_lat[gi], p.family_lat[fi],
    CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, day, 'Hôpital provincial',
    p.given_lat[1 + (g * 7) % :ng] || ' ' || p.family_lat[fi],
    p.given_lat[1 + (g * 11) % :ng] || ' ' || p.family_lat[1 + (g * 13) % :nf],
    'Déclarant', '{{}}', day, false, 'on_time',
    p.g_key_ar[gi] || ' ' || p.f_key_ar[fi] || '|' || p.g_key_lat[gi] || ' ' || p.f_key_lat[fi],
    '', p.search_ar[pair], p.search_lat[pair], p.search_bare[pair], 'bench', 'bench', now()
FROM p, (
    SELECT g, 1 + (hashint4(g) & 2147483647) % :ng AS gi,
        1 + (hashint4(g + 7919) & 2147483647) % :nf AS fi,
        date '2000-01-01' + (g % 9000) AS day
    FROM generate_series(1, :count) AS g
) AS indices, LATERAL (SELECT (gi - 1) * :nf + fi AS pair) AS drawn
"""


def seed(engine: Engine, count: int) -> int:
    """A commune with one register holding ``count`` signed acts; returns the commune id."""
    with unit(engine) as session:
        commune = factories.commune(session, slug="bench-etat-civil")
        factories.enable(session, commune, "civil_status")
        register = registers.open_register(
            session, actor="bench", commune=commune, centre="Bureau central", kind="birth",
            year=2026,
        )  # fmt: skip
        commune_id, register_id = commune.id, register.id
    params: dict[str, Any] = {
        "commune": commune_id,
        "register": register_id,
        "count": count,
        "ng": len(GIVEN),
        "nf": len(FAMILIES),
        "given_ar": [ar for ar, _l in GIVEN],
        "given_lat": [lat for _a, lat in GIVEN],
        "family_ar": [ar for ar, _l in FAMILIES],
        "family_lat": [lat for _a, lat in FAMILIES],
        **{f"g_{key}": values for key, values in _keys(GIVEN).items()},
        **{f"f_{key}": values for key, values in _keys(FAMILIES).items()},
        **search_pools(),
    }
    with engine.begin() as connection:
        indexes = _trigram_indexes(connection)
        for name in indexes:
            connection.execute(text(f"DROP INDEX {name}"))
        connection.execute(text(GENERATE), params)
        for definition in indexes.values():
            connection.execute(text(definition))
        connection.execute(
            text("UPDATE civil_registers SET last_number = :n WHERE id = :r"),
            {"n": count, "r": register_id},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE civil_acts"))
    return commune_id


def _trigram_indexes(connection: Connection) -> dict[str, str]:
    """The name search's trigram indexes as the migrations made them: dropped while the acts
    are generated, built again once they are in, as a bulk load would."""
    rows = connection.execute(
        text(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'civil_acts' AND indexdef LIKE '%gin_trgm_ops%'"
        )
    )
    return dict(rows.tuples().all())


def _exact_key(given: int, family: int) -> str:
    """The name key the generated act of these pool entries carries (as GENERATE makes it)."""
    (g_ar, g_lat), (f_ar, f_lat) = GIVEN[given], FAMILIES[family]
    return f"{latin_key(g_ar)} {latin_key(f_ar)}|{latin_key(g_lat)} {latin_key(f_lat)}"


def queries(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``(fuzzy query, exact name key)`` pairs: a misspelt full name, Arabic every other."""
    found = []
    for n in range(count):
        given, family = rng.randrange(len(GIVEN)), rng.randrange(len(FAMILIES))
        if n % 2:
            fuzzy = f"{GIVEN[given][0]} {FAMILIES[family][0]}"
        else:
            fuzzy = rng.choice(TYPOS)(f"{GIVEN[given][1]} {FAMILIES[family][1]}".lower())
        found.append((fuzzy, _exact_key(given, family)))
    return found


def _page(session: Session, stmt: Any) -> int:
    """What the search page runs: the count, then the first page of acts."""
    total = session.execute(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    ).scalar_one()
    list(session.execute(stmt.limit(PAGE)).scalars())
    return int(total)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def measure_search(engine: Engine, commune_id: int, pairs: list[tuple[str, str]]) -> dict:
    """p95 milliseconds of fuzzy searches and of exact lookups, interleaved."""
    fuzzy_ms: list[float] = []
    exact_ms: list[float] = []
    found = 0
    with unit(engine) as session:
        set_commune_scope(session, commune_id)
        for name, key in pairs:
            started = clock.perf_counter()
            stmt = acts.query(session, acts.Search(name=name))
            found += _page(session, stmt) > 0
            fuzzy_ms.append((clock.perf_counter() - started) * 1000)
            started = clock.perf_counter()
            exact = select(Act).where(Act.commune_id == commune_id, Act.name_key == key)
            _page(session, exact.order_by(Act.event_date.desc(), Act.id.desc()))
            exact_ms.append((clock.perf_counter() - started) * 1000)
    return {
        "fuzzy_p95_ms": round(p95(fuzzy_ms), 2),
        "exact_p95_ms": round(p95(exact_ms), 2),
        "fuzzy_median_ms": round(statistics.median(fuzzy_ms), 2),
        "exact_median_ms": round(statistics.median(exact_ms), 2),
        "found_share": round(found / len(pairs), 3),
    }


def _registration_commune(engine: Engine, run: int) -> tuple[int, int]:
    with unit(engine) as session:
        commune = factories.commune(session, slug=f"bench-bureau-{run}")
        factories.enable(session, commune, "civil_status")
        register = registers.open_register(
            session, actor="bench", commune=commune, centre="Bureau", kind="birth", year=2026
        )
        return commune.id, register.id


def _agent(engine: Engine, commune_id: int, register_id: int, agent: int, entries: int) -> None:
    """One agent entering and signing acts, one transaction each."""
    rng = random.Random(agent)
    for n in range(entries):
        with unit(engine) as session:
            set_commune_scope(session, commune_id)
            commune = session.get(Commune, commune_id)
            register = session.get(Register, register_id)
            assert commune is not None
            assert register is not None
            given, family = rng.choice(GIVEN), rng.choice(FAMILIES)
            mother = f"{rng.choice(GIVEN)[1]} {rng.choice(FAMILIES)[1]} {agent}-{n}"
            born = date(2026, 12, 1) - timedelta(days=rng.randint(0, 20))
            act = acts.enter(
                session,
                actor=f"agent-{agent}",
                commune=commune,
                register=register,
                data={
                    "given_name_ar": given[0], "family_name_ar": family[0],
                    "given_name_lat": given[1], "family_name_lat": family[1],
                    "sex": rng.choice("FM"), "event_date": born, "event_time": time(8, 30),
                    "place": "Hôpital provincial", "mother_name": mother,
                    "declarant_name": "Déclarant", "declared_on": date(2026, 12, 3),
                },
            )  # fmt: skip
            for other in duplicates.undecided(session, act):
                duplicates.decide(
                    session, actor="bench", act=act, candidate=other, decision="distinct"
                )
            acts.act(session, actor="officer", act=act, action="sign", permissions=OFFICER)


def measure_registration(engine: Engine, run: int, agents: int, entries: int) -> dict:
    """Acts entered and signed per second by ``agents`` threads on one register."""
    commune_id, register_id = _registration_commune(engine, run)
    threads = [
        threading.Thread(target=_agent, args=(engine, commune_id, register_id, a, entries))
        for a in range(agents)
    ]
    started = clock.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = clock.perf_counter() - started
    with unit(engine) as session:
        numbers = sorted(
            session.execute(
                select(Act.number).where(Act.register_id == register_id, Act.state == "signed")
            ).scalars()
        )
    gapless = numbers == list(range(1, agents * entries + 1))
    return {"acts_per_second": round(agents * entries / seconds, 1), "gapless": gapless}


def render(results: dict) -> str:
    s = results["median"]
    return "\n".join(
        [
            f"Civil status on PostgreSQL: {results['acts']:,} acts, built in "
            f"{results['build_seconds']} s",
            f"fuzzy name search p95 {s['fuzzy_p95_ms']} ms, exact indexed lookup p95 "
            f"{s['exact_p95_ms']} ms: ratio {s['ratio']} (target < {TARGET_RATIO})",
            f"registration, {results['agents']} agents on one register: "
            f"{s['acts_per_second']} acts/s (numbers gapless: {results['gapless']})",
        ]
    )


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    reason = database.postgres_reachable(args.url)
    if reason:
        progress(f"PostgreSQL is not reachable: {reason}")
        return 2
    database.recreate_postgres(args.url)
    try:
        engine = database.migrate(args.url)
        progress(f"generating {args.acts:,} acts")
        started = clock.perf_counter()
        commune_id = seed(engine, args.acts)
        build = round(clock.perf_counter() - started, 1)
        runs = []
        for run in range(args.runs):
            progress(f"run {run + 1}/{args.runs}")
            pairs = queries(random.Random(run), args.queries)
            search = measure_search(engine, commune_id, pairs)
            registration = measure_registration(engine, run, args.agents, args.entries)
            search["ratio"] = round(search["fuzzy_p95_ms"] / search["exact_p95_ms"], 2)
            runs.append({**search, **registration})
        engine.dispose()
    finally:
        if not args.keep:
            database.drop_postgres(args.url)
    keys = [k for k in runs[0] if k != "gapless"]
    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "acts": args.acts,
        "agents": args.agents,
        "build_seconds": build,
        "runs": runs,
        "median": {k: round(statistics.median(r[k] for r in runs), 2) for k in keys},
        "gapless": all(r["gapless"] for r in runs),
        "target_ratio": TARGET_RATIO,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(render(results))
    print(f"\nResults written to {args.output}")
    return 0
