"""Name search by trigrams on PostgreSQL: the words of an act's names in each searchable
form (:func:`civil_status.matching.search_words`) carry a GIN ``gin_trgm_ops`` index.

The forms are folded Arabic and Latin ASCII: the Latin ones hold trigrams under any
database locale, and an Arabic query meets a Latin spelling (and back) through the
transliterated skeleton. A query matches when one of its forms as written is close
enough, by ``pg_trgm`` word similarity, to a run of the act's words, or, when none is, its
skeleton; the index answers the ``%>`` operator, so no act is scored that shares too few
trigrams with the query.
"""

from __future__ import annotations

from sqlalchemy import Integer, Select, any_, func, literal, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from civil_status.matching import query_forms, written_forms
from civil_status.models import Act

# How close a query's form must be to a run of the act's words (pg_trgm's default is 0.6):
# the skeletons are short, so the default lets a name meet many others sharing a letter.
THRESHOLD = 0.7
# The most acts a name search lists, the closest first: a name shared by more acts than
# that is narrowed by date, kind or parent, not paged through.
MOST = 1000


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


def matches(stmt: Select[tuple[Act]], forms: tuple[str, ...]) -> Select[tuple[int]]:
    """The ids of the acts of ``stmt`` close to one of ``forms``: closest, then newest,
    at most :data:`MOST` (the statement the trigram index answers)."""
    return (
        stmt.with_only_columns(Act.id)
        .where(or_(*(_close(f) for f in forms)))
        .order_by(_likeness(forms).desc(), Act.event_date.desc(), Act.id.desc())
        .limit(MOST)
    )


def _ranked(session: Session, stmt: Select[tuple[Act]], forms: tuple[str, ...]) -> list[int]:
    return list(session.execute(matches(stmt, forms)).scalars()) if forms else []


def closest_ids(session: Session, stmt: Select[tuple[Act]], name: str) -> list[int]:
    """The ids of the acts of ``stmt`` whose names are close to ``name``, closest first.

    The name is searched as written first (folded Arabic for an Arabic query, the Latin
    key otherwise); its other forms (the transliteration, the consonant skeleton) only
    when that finds nothing: an act written only in another script, or spelt otherwise.
    Each arm costs a scan of the trigram index and a recheck of its candidates, and the
    skeletons, two or three letters a word, meet thousands of names at a million acts.
    """
    written = written_forms(name)
    return _ranked(session, stmt, written) or _ranked(
        session, stmt, tuple(f for f in query_forms(name) if f not in written)
    )


def closest(session: Session, stmt: Select[tuple[Act]], name: str) -> Select[tuple[Act]]:
    """The acts of ``stmt`` whose names are close to ``name``, closest first.

    The trigram match runs once, on the ids alone; the page's count and its rows then
    read acts by primary key, instead of each rechecking every candidate's wide row.
    """
    ids = literal(closest_ids(session, stmt, name), ARRAY(Integer))
    return select(Act).where(Act.id == any_(ids)).order_by(func.array_position(ids, Act.id))
