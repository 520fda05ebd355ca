"""Name search by trigrams on PostgreSQL: the words of an act's names in each searchable
form (:func:`civil_status.matching.search_words`) carry a GIN ``gin_trgm_ops`` index.

The forms are folded Arabic and Latin ASCII: the Latin ones hold trigrams under any
database locale, and an Arabic query meets a Latin spelling (and back) through the
transliterated skeleton. A query matches when one of its forms is close enough, by
``pg_trgm`` word similarity, to a run of the act's words; the index answers the ``%>``
operator, so no act is scored that shares too few trigrams with the query.
"""

from __future__ import annotations

from sqlalchemy import Select, func, literal, or_, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from civil_status.matching import query_forms
from civil_status.models import Act

# How close a query's form must be to a run of the act's words (pg_trgm's default is 0.6):
# the skeletons are short, so the default lets a name meet many others sharing a letter.
THRESHOLD = 0.7


def indexed(session: Session) -> bool:
    """Whether this database searches names with its trigram index (PostgreSQL does)."""
    return session.get_bind().dialect.name == "postgresql"


def set_threshold(session: Session) -> None:
    """The word similarity the index answers ``%>`` with, for this transaction only."""
    session.execute(text(f"SET LOCAL pg_trgm.word_similarity_threshold = {THRESHOLD}"))


def _close(form: str) -> ColumnElement[bool]:
    return Act.search_key.op("%>")(literal(form))


def _likeness(forms: tuple[str, ...]) -> ColumnElement[float]:
    scores = [func.word_similarity(literal(f), Act.search_key) for f in forms]
    return func.greatest(*scores) if len(scores) > 1 else scores[0]


def closest(stmt: Select[tuple[Act]], name: str) -> Select[tuple[Act]]:
    """``stmt`` narrowed to the acts whose names are close to ``name``, closest first."""
    forms = query_forms(name)
    if not forms:
        return stmt.where(literal(False))
    return stmt.where(or_(*(_close(f) for f in forms))).order_by(_likeness(forms).desc())
