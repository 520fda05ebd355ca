"""Where a request's time goes, measured in-process on one thread.

Each page is called directly on the WSGI app (no server, no network to the client), so
what is left is the app's own cost: Python work, SQL round trips and template rendering.
The wall time per request is taken without the profiler; cProfile then splits the CPU
by library (self time of every function, grouped by the file it lives in), and the
``before/after_cursor_execute`` events time the SQL statements themselves.
"""

from __future__ import annotations

import cProfile
import pstats
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from webob import Request

from bench.database import Fixture
from bench.serve import floor_app
from bench.sqlcount import logged_in_app, pages

# First match wins; patterns are searched in "file:function" of each profiled function.
CATEGORIES: list[tuple[str, str]] = [
    ("database driver and server wait", r"psycopg|sqlite3|_sqlite"),
    ("SQLAlchemy", r"sqlalchemy"),
    ("argon2 password hashing", r"argon2"),
    ("deform / colander / Chameleon", r"deform|colander|chameleon"),
    ("Jinja2 templates", r"jinja2|markupsafe"),
    ("transaction / pyramid_tm / zope.sqlalchemy", r"transaction|pyramid_tm|zope/sqlalchemy"),
    ("session cookie (pyramid.session, hmac, base64, json)", r"pyramid/session|hmac|base64|json"),
    ("i18n (gettext, babel, translationstring)", r"gettext|babel|translationstring|i18n"),
    ("Pyramid / WebOb / zope.interface", r"pyramid|webob|zope/interface|venusian"),
    ("Baladiya code", r"/municipality/|/modules/|/notices/"),
    ("logging", r"logging"),
]
OTHER = "other (stdlib, builtins)"


def _category(key: tuple[str, int, str]) -> str:
    where = f"{key[0]}:{key[2]}"
    for name, pattern in CATEGORIES:
        if re.search(pattern, where):
            return name
    return OTHER


def _caller(router: Any, path: str, headers: dict[str, str]) -> Callable[[], int]:
    def call() -> int:
        response = Request.blank(
            path, headers=headers, environ={"HTTP_HOST": "localhost"}
        ).get_response(router)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        return len(response.body)

    return call


def _timed_ms(call: Callable[[], int], requests: int, batches: int = 5) -> tuple[float, float]:
    """Wall and CPU milliseconds per request, each the best of a few batches.

    Other work on the machine only ever adds time, so the best batch is the closest to
    the page's own cost; the CPU time (this process only) is the less disturbed of the two.
    """
    size = max(1, requests // batches)
    wall = cpu = float("inf")
    for _ in range(batches):
        started, started_cpu = time.perf_counter(), time.process_time()
        for _ in range(size):
            call()
        wall = min(wall, (time.perf_counter() - started) * 1000 / size)
        cpu = min(cpu, (time.process_time() - started_cpu) * 1000 / size)
    return wall, cpu


def _sql_ms(engine: Engine, call: Callable[[], int], requests: int) -> float:
    spent = [0.0]
    started: list[float] = []

    def before(*_args: Any) -> None:
        started.append(time.perf_counter())

    def after(*_args: Any) -> None:
        spent[0] += time.perf_counter() - started.pop()

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        for _ in range(requests):
            call()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return spent[0] * 1000 / requests


def _profile(call: Callable[[], int], requests: int, top: int) -> dict[str, Any]:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values()) or 1.0
    by_category: dict[str, float] = {}
    for key, entry in raw.items():
        name = _category(key)
        by_category[name] = by_category.get(name, 0.0) + entry[2]
    categories = sorted(by_category.items(), key=lambda item: -item[1])

    def label(key: tuple[str, int, str]) -> str:
        file = re.sub(r".*/site-packages/", "", key[0])
        file = re.sub(r".*/work/main/", "", file)
        return f"{file}:{key[1]}({key[2]})"

    def ranked(column: int) -> list[dict[str, Any]]:
        rows = sorted(raw.items(), key=lambda item: -item[1][column])[:top]
        return [
            {
                "function": label(key),
                "calls_per_request": entry[1] / requests,
                "ms_per_request": entry[column] * 1000 / requests,
            }
            for key, entry in rows
        ]

    return {
        "profiled_ms_per_request": total * 1000 / requests,
        "share_by_library": {name: round(t / total, 3) for name, t in categories},
        "top_self_time": ranked(2),
        "top_cumulative": ranked(3),
    }


def profile(
    engine: Engine, fixture: Fixture, workdir: Path, *, requests: int = 300, top: int = 20
) -> dict[str, Any]:
    """Per-request wall time, SQL time and a CPU profile of the floor and both pages."""
    app = logged_in_app(engine, fixture, workdir)
    cookie = "; ".join(f"{k}={v}" for k, v in app.cookies.items())
    router = app.app
    calls = {"floor": _caller(floor_app(), "/", {})}
    for name, (path, headers) in pages(fixture).items():
        # The API ignores cookies; only the dashboard is a logged-in browser's request.
        extra = {"Cookie": cookie} if name == "dashboard" else {}
        calls[name] = _caller(router, path, {**headers, **extra})
    found: dict[str, Any] = {}
    for name, call in calls.items():
        for _ in range(50):
            call()
        wall, cpu = _timed_ms(call, requests)
        found[name] = {"wall_ms_per_request": wall, "cpu_ms_per_request": cpu}
        if name != "floor":
            found[name]["sql_ms_per_request"] = _sql_ms(engine, call, requests)
        found[name].update(_profile(call, requests, top))
    return found
