"""Name search by trigrams on PostgreSQL: an act's names are kept in one column per form
(:class:`civil_status.matching.SearchColumns`: the folded Arabic words, the Latin keys,
the consonant skeletons), each with a GIN ``gin_trgm_ops`` index.

A query is compared, form by form, with the act's words of the same form only:

- as written, with the column of its script (folded Arabic for an Arabic query, the Latin
  key otherwise);
- by its skeleton, with the skeletons of the acts written in one script only (an Arabic
  query meets an act written only in Latin letters, and back), which a partial index
  holds apart: where both scripts are required, as in Morocco, it is nearly empty;
- when neither finds an act, by its skeleton with every act's skeletons: a name spelt like
  no act ("Mahmud"), or an act whose name in the query's script is another one.

An act matches when one of those forms is close enough, by ``pg_trgm`` word similarity, to
a run of its words; the indexes answer the ``%>`` operator, so no act is scored that
shares too few trigrams with the query, and the short columns are cheap to recheck.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, Select, case, func, literal, literal_column, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from civil_status.matching import arabic_key, latin_key, query_skeleton
from civil_status.models import Act

# How close a query's form must be to a run of the act's words (pg_trgm's default is 0.6):
# the skeletons are short, so the default lets a name meet many others sharing a letter.
THRESHOLD = 0.7
# The most acts a name search lists, the closest first: a name shared by more acts than
# that is narrowed by date, kind or parent, not paged through.
MOST = 1000
# Written inline, not as a parameter: the planner proves from it that an arm may read the
# partial index of the acts written in one script, even in a prepared statement.
EMPTY: ColumnElement[str] = literal_column("''")
# The acts written in one script only, as the partial index's predicate (models.ONE_SCRIPT)
# says it and in the same shape: the planner then knows the index's recheck is the whole
# condition and does not evaluate each candidate's trigrams a second time.
ONE_SCRIPT = or_(Act.search_ar == EMPTY, Act.search_lat == EMPTY)


@dataclass(frozen=True)
class Arm:
    """One form of a query compared with one column, perhaps among some acts only."""

    column: InstrumentedAttribute[str]
    form: str
    among: ColumnElement[bool] | None = None

    def close(self) -> ColumnElement[bool]:
        near = self.column.op("%>")(literal(self.form))
        return near if self.among is None else near & self.among

    def likeness(self) -> ColumnElement[float]:
        score = func.word_similarity(literal(self.form), self.column)
        return score if self.among is None else case((self.among, score), else_=0.0)


def indexed(session: Session) -> bool:
    """Whether this database searches names with its trigram indexes (PostgreSQL does)."""
    return session.get_bind().dialect.name == "postgresql"


def set_threshold(session: Session) -> None:
    """The word similarity the index answers ``%>`` with, for this transaction only."""
    session.execute(text(f"SET LOCAL pg_trgm.word_similarity_threshold = {THRESHOLD}"))


def first_arms(name: str) -> tuple[Arm, ...]:
    """The name as written, in its script's column, and its skeleton among the acts written
    in one script only: what every search compares."""
    arabic = arabic_key(name)
    own, form = (Act.search_ar, arabic) if arabic else (Act.search_lat, latin_key(name))
    bare = query_skeleton(name)
    arms = (
        Arm(own, form) if form else None,
        Arm(Act.search_bare, bare, ONE_SCRIPT) if bare else None,
    )
    return tuple(arm for arm in arms if arm)


def fallback_arms(name: str) -> tuple[Arm, ...]:
    """The name's skeleton among every act's skeletons: searched when the first arms find
    nothing, since a skeleton of two or three letters a word meets thousands of names."""
    bare = query_skeleton(name)
    return (Arm(Act.search_bare, bare),) if bare else ()


def matches(stmt: Select[tuple[Act]], arms: tuple[Arm, ...]) -> Select[tuple[int]]:
    """The ids of the acts of ``stmt`` close to one of ``arms``: closest, then newest,
    at most :data:`MOST` (the statement the trigram indexes answer)."""
    scores = [arm.likeness() for arm in arms]
    likeness = func.greatest(*scores) if len(scores) > 1 else scores[0]
    return (
        stmt.with_only_columns(Act.id)
        .where(or_(*(arm.close() for arm in arms)))
        .order_by(likeness.desc(), Act.event_date.desc(), Act.id.desc())
        .limit(MOST)
    )


def _ranked(session: Session, stmt: Select[tuple[Act]], arms: tuple[Arm, ...]) -> list[int]:
    return list(session.execute(matches(stmt, arms)).scalars()) if arms else []


def closest_ids(session: Session, stmt: Select[tuple[Act]], name: str) -> list[int]:
    """The ids of the acts of ``stmt`` whose names are close to ``name``, closest first:
    the first arms, or the fallback when they find nothing."""
    return _ranked(session, stmt, first_arms(name)) or _ranked(session, stmt, fallback_arms(name))


def closest(session: Session, stmt: Select[tuple[Act]], name: str) -> Select[tuple[Act]]:
    """The acts of ``stmt`` whose names are close to ``name``, closest first.

    The trigram match runs once, on the ids alone; the page's count and its rows then
    read acts by primary key in the ranked ids' order, so a page of 25 reads 25 acts
    instead of every candidate's row.
    """
    ids = literal(closest_ids(session, stmt, name), ARRAY(Integer))
    ranked = func.unnest(ids).table_valued("id", with_ordinality="rank").render_derived()
    return select(Act).join(ranked, Act.id == ranked.c.id).order_by(ranked.c.rank)
