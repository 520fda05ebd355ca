"""A transaction of one's own, for work outside a request (jobs, commands, side writes).

Requests get theirs from pyramid_tm. Anything else opens one here: committed when the
block ends, rolled back when it raises, and the session never commits by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import transaction as transaction_module
from sqlalchemy.orm import Session, sessionmaker

from municipality.db import session_in_transaction


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session joined to a new explicit transaction that the block commits or aborts."""
    tm = transaction_module.TransactionManager(explicit=True)
    with tm:
        yield session_in_transaction(factory, tm)
