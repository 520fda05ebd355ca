"""How many SQL statements a page sends, counted in-process through WebTest.

A ``before_cursor_execute`` listener on the app's engine sees every statement; the
``commit``/``rollback`` listeners and pool check-outs show the round trips a count of
statements does not (on PostgreSQL each check-out is a pre-ping ``SELECT 1``, and psycopg
sends ``BEGIN`` before the first statement). A page whose count grows with the rows it
shows has an N+1; :func:`repeated` names the statements sent more than once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import webtest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import CacheStats

from bench.database import Fixture
from bench.serve import app_settings
from municipality.app import make_config
from municipality.database import ENGINE_KEY
from tests import factories


@dataclass
class Recording:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0
    checkouts: int = 0
    # Statements SQLAlchemy had to compile (not found in its compiled cache).
    compiled: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "statements": len(self.statements),
            "transactions": self.transactions,
            "connection_checkouts": self.checkouts,
            "compiled": [shorten(s) for s in self.compiled],
            "queries": [shorten(s) for s in self.statements],
            "repeated": repeated(self.statements),
        }


def shorten(statement: str) -> str:
    """One line per statement, without the column list, so a reader can scan them."""
    flat = re.sub(r"\s+", " ", statement).strip()
    flat = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", flat)
    return flat[:160]


def repeated(statements: list[str]) -> dict[str, int]:
    return {shorten(s): n for s, n in Counter(statements).items() if n > 1}


@contextmanager
def recording(engine: Engine) -> Iterator[Recording]:
    found = Recording()

    def on_statement(
        _conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool
    ) -> None:
        found.statements.append(statement)
        if getattr(context, "cache_hit", None) is not CacheStats.CACHE_HIT:
            found.compiled.append(statement)

    def on_end(_conn: Any) -> None:
        found.transactions += 1

    def on_checkout(*_args: Any) -> None:
        found.checkouts += 1

    listeners = [
        (engine, "before_cursor_execute", on_statement),
        (engine, "commit", on_end),
        (engine, "rollback", on_end),
        (engine.pool, "checkout", on_checkout),
    ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        yield found
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)


def pages(fixture: Fixture) -> dict[str, tuple[str, dict[str, str]]]:
    """The measured pages: path and the headers that authenticate the caller.

    The inbox (its first page of 25) and a complaint are the two pages staff open most.
    """
    inbox = f"/c/{fixture.inbox_commune}/complaints"
    return {
        "dashboard": (f"/c/{fixture.commune}/", {}),
        "api": (
            f"/api/v1/communes/{fixture.commune}/notices",
            {"Authorization": f"Bearer {fixture.api_secret}"},
        ),
        "inbox": (inbox, {}),
        "complaint": (f"{inbox}/{fixture.complaint}", {}),
    }


# Counting what a page reads means reading it: the count is taken with the cache off.
CACHE_OFF = {"baladiya.core.read_cache_entries": "0"}
# Pages are not kept, the directory (communes, people, tokens) is: the first view of a
# page after a write to its commune.
PAGES_OFF = {"baladiya.core.page_cache": "false"}


def logged_in_app(
    engine: Engine, fixture: Fixture, workdir: Path, overrides: dict[str, str] | None = None
) -> webtest.TestApp:
    """The real app, logged in as the agent, the welcome message already shown."""
    settings = app_settings(engine.url.render_as_string(hide_password=False), workdir)
    settings.update(overrides or {})
    settings[ENGINE_KEY] = engine
    app = webtest.TestApp(
        make_config(settings).make_wsgi_app(), extra_environ={"HTTP_HOST": "localhost"}
    )
    factories.log_in(app, fixture.email, password=fixture.password)
    app.get(pages(fixture)["dashboard"][0])
    return app


def count(engine: Engine, fixture: Fixture, workdir: Path) -> dict[str, dict[str, Any]]:
    """Statements per page, measured on the second call (the first warms caches)."""
    app = logged_in_app(engine, fixture, workdir, CACHE_OFF)
    found = {}
    for name, (path, headers) in pages(fixture).items():
        app.get(path, headers=headers, status=200)
        with recording(engine) as rec:
            app.get(path, headers=headers, status=200)
        found[name] = rec.summary()
    return found
