"""Domain events: a module reacts to another module's writes without importing it.

Every write already records an audit event whose action names what happened
(``complaints:request:received``), in the writer's transaction. :func:`publish` hands
that event to the subscribers whose prefix matches, still inside the transaction, so a
subscriber's own writes (an outbox message for a national platform, say) commit or roll
back with the change they report. A subscriber that raises aborts the write: a broken
contract fails loudly where it is made.

Subscribers belong to a session factory, that is to one application, not to the
process: two apps in one process (tests) do not hear each other, and a session made
from a bare factory publishes to nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from municipality.models import AuditEvent

SUBSCRIBERS_KEY = "baladiya.domain_event_subscribers"

Subscriber = Callable[[Session, "AuditEvent"], None]


def subscribe(factory: sessionmaker[Session], prefix: str, handler: Subscriber) -> None:
    """Call ``handler(session, event)`` for each audit event whose action starts with ``prefix``.

    Sessions the factory makes from now on carry the subscription in ``session.info``.
    """
    info = factory.kw.setdefault("info", {})
    info.setdefault(SUBSCRIBERS_KEY, []).append((prefix, handler))


def publish(session: Session, event: AuditEvent) -> None:
    """Hand ``event`` to the matching subscribers of the session's application, in order."""
    for prefix, handler in session.info.get(SUBSCRIBERS_KEY, ()):
        if event.action.startswith(prefix):
            handler(session, event)
