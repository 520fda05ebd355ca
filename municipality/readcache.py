"""Values read from the database, kept in memory while their revision holds.

A :class:`ReadCache` entry carries the revision token (:mod:`municipality.revisions`)
that was current *before* the value was read, and an expiry. It is served only while
the feed gives the same token: a write committed anywhere after that moment changes the
token, so a value read just before a write can never outlive it. The expiry bounds what
no write announces (time passing: an overdue complaint) and writes made by hand.

Pages about one commune opt in with the view option ``cache_max_age`` (seconds). The
answer is kept per commune, caller, language, session CSRF token and URL, for GET
requests without flash messages, and is served without running the view; permissions
are checked first, as for any view.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from transaction.interfaces import NoTransaction

from municipality.database import get_engine
from municipality.revisions import SESSION_BEGUN, RevisionFeed, feed_for
from municipality.settings import CORE_DEFAULTS

READ_CACHE_KEY = "baladiya.read_cache"
PAGE_CACHE = "baladiya.core.page_cache"
# Communes, modules, people and tokens are announced whenever they change; this age only
# bounds what an edit made by hand in the database would leave unseen.
DIRECTORY_MAX_AGE = 300
# Headers a cached answer never repeats: they belong to the request that made it.
_PRIVATE_HEADERS = frozenset({"set-cookie", "x-request-id", "content-length"})


@dataclass(frozen=True)
class _Entry:
    token: Hashable
    expires: float
    value: Any


class ReadCache:
    """A bounded, thread-safe map whose entries die with their revision or their age."""

    def __init__(self, feed: RevisionFeed, max_entries: int) -> None:
        self.feed = feed
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0

    def token(self, commune_id: int | None) -> Hashable | None:
        """The token to read a value under; ``None`` when nothing may be cached now."""
        return self.feed.token(commune_id) if self.enabled else None

    def get(self, key: Hashable, commune_id: int | None) -> Any | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires < time.monotonic() or entry.token != self.token(commune_id):
            with self._lock:
                self._entries.pop(key, None)
            return None
        return entry.value

    def put(self, key: Hashable, token: Hashable | None, value: Any, max_age: float) -> None:
        """Keep ``value``, read under ``token`` (taken before the read began)."""
        if token is None or not self.enabled:
            return
        with self._lock:
            self._entries[key] = _Entry(token, time.monotonic() + max_age, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def fetch(
        self, key: Hashable, commune_id: int | None, max_age: float, read: Callable[[], Any]
    ) -> Any:
        """The cached value, or ``read()`` kept for next time (a ``None`` is not kept)."""
        found = self.get(key, commune_id)
        if found is not None:
            return found
        token = self.token(commune_id)
        value = read()
        if value is not None:
            self.put(key, token, value, max_age)
        return value


@contextmanager
def _fresh_session(engine: Engine) -> Iterator[Session]:
    """A session on a connection of its own, for a value about to be kept.

    Only SQLite needs it, when the request's transaction already holds the snapshot of
    its first read, which may predate the token.
    """
    with engine.connect() as connection, Session(bind=connection) as session:
        yield session


def _snapshot_predates_now(session: Session) -> bool:
    """Whether a read on ``session`` could see the database as it was before now.

    PostgreSQL reads each statement afresh (read committed); SQLite keeps the snapshot
    of the transaction's first read.
    """
    return session.info.get(SESSION_BEGUN) is True and session.get_bind().dialect.name == "sqlite"


# The tokens taken before a session's first read, by commune: what its snapshot is newer than.
_TOKENS_BEFORE_FIRST_READ = "baladiya.readcache.tokens_before_first_read"


def read_directory(
    request: Request, key: Hashable, commune_id: int | None, read: Callable[[Session], Any]
) -> Any:
    """A directory value (a commune, a person, a log-in, a token), from memory or read now.

    A miss reads on the request's own session, so the request keeps one transaction on
    one connection: a second check-out and transaction per look-up cost more than the
    look-up itself (before the transaction begins, it reads on a connection of its own).
    On SQLite, whose transaction keeps the snapshot of its first read,
    a value read later in the request is kept under the token taken before that first
    read (older, so it only dies sooner); without one it is read on a connection of its
    own.
    """
    cache = read_cache(request)
    found = cache.get(key, commune_id)
    if found is not None:
        return found
    token = cache.token(commune_id)
    if not _transaction_open(request):
        with _fresh_session(get_engine(request)) as own:
            return _kept(cache, key, token, read(own))
    session: Session = request.dbsession
    if session.info.get(SESSION_BEGUN) is not True:
        session.info.setdefault(_TOKENS_BEFORE_FIRST_READ, {})[commune_id] = token
    elif token is not None and _snapshot_predates_now(session):
        earlier = session.info.get(_TOKENS_BEFORE_FIRST_READ, {}).get(commune_id)
        if earlier is None:
            with _fresh_session(get_engine(request)) as own:
                return _kept(cache, key, token, read(own))
        token = earlier
    return _kept(cache, key, token, read(session))


def _transaction_open(request: Request) -> bool:
    """Whether the request's transaction has begun: an error page drawn before it (an
    address that cannot be read) still needs to know who is asking."""
    try:
        request.tm.get()
    except NoTransaction:
        return False
    return True


def _kept(cache: ReadCache, key: Hashable, token: Hashable | None, value: Any) -> Any:
    if value is not None:
        cache.put(key, token, value, DIRECTORY_MAX_AGE)
    return value


def read_cache(request_or_config: Any) -> ReadCache:
    cache: ReadCache = request_or_config.registry[READ_CACHE_KEY]
    return cache


@dataclass(frozen=True)
class _Page:
    status: str
    headerlist: tuple[tuple[str, str], ...]
    body: bytes

    def response(self) -> Response:
        return Response(status=self.status, headerlist=list(self.headerlist), body=self.body)


def _page_of(response: Response) -> _Page | None:
    """What is kept of a successful answer; a streamed one (no known length) is not."""
    if response.status_code != 200 or response.content_length is None:
        return None
    headers = tuple(
        (name, value) for name, value in response.headerlist if name.lower() not in _PRIVATE_HEADERS
    )
    return _Page(response.status, headers, response.body)


def _page_key(request: Request, view_name: str) -> tuple[Hashable, ...] | None:
    """Who sees this page and how; ``None`` when it must be rendered afresh.

    Only pages about one commune are kept: a commune's writes move its own revision
    alone, so a page about several communes could not tell that one of them changed.
    """
    if request.tenant is None:
        return None
    identity = request.baladiya_identity
    caller = identity.cache_key if identity is not None else None
    csrf = None
    if not request.path_info.startswith("/api/"):
        session = request.session
        if session.peek_flash("success") or session.peek_flash("error"):
            return None
        csrf = session.get_csrf_token()
    return (view_name, request.tenant.id, caller, request.locale_name, csrf, request.path_qs)


def _database_already_read(request: Request) -> bool:
    """Whether the request's transaction holds a snapshot taken before a token could be.

    What the page shows may come from reads made before its token (the commune or the
    person, read on a directory miss): such a page is not kept.
    """
    session = request.__dict__.get("dbsession")
    return session is not None and session.info.get(SESSION_BEGUN) is True


class PageCacheDeriver:
    """``cache_max_age=N``: a GET answer is served from memory while its data is unchanged."""

    @staticmethod
    def derive(view: Callable, info: Any) -> Callable:
        max_age = info.options.get("cache_max_age")
        if not max_age or not info.settings.get(PAGE_CACHE, CORE_DEFAULTS[PAGE_CACHE]):
            return view
        view_name = f"{info.original_view.__module__}.{info.original_view.__qualname__}"

        def cached(context: Any, request: Request) -> Response:
            cache = read_cache(request)
            key = _page_key(request, view_name) if request.method == "GET" else None
            if key is None or not cache.enabled:
                return view(context, request)
            commune_id = request.tenant.id
            page = cache.get(key, commune_id)
            if page is not None:
                return page.response()
            token = None if _database_already_read(request) else cache.token(commune_id)
            response = view(context, request)
            page = _page_of(response)
            if page is not None:
                cache.put(key, token, page, max_age)
            return response

        return cached


PageCacheDeriver.derive.options = ("cache_max_age",)  # type: ignore[attr-defined]


def includeme(config: Configurator) -> None:
    settings = config.get_settings()
    config.registry[READ_CACHE_KEY] = ReadCache(
        feed_for(get_engine(config)), settings["baladiya.core.read_cache_entries"]
    )
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
