"""Civil status tables: registers (each its own number counter), acts, marginal mentions,
and the decisions taken on possible duplicates.

The legal number of an act is not its key: it is allocated from the register's counter
when the officer signs, so a draft abandoned leaves no gap in the register.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civil_status.matching import SearchColumns
from municipality.db import Base, CommuneOwned, PublicId, Timestamped

# The acts written in one script only (no Arabic name, or no name in another script):
# those a query's skeleton is compared with first (civil_status.services.search).
ONE_SCRIPT = "search_ar = '' OR search_lat = ''"


class Register(PublicId, Timestamped, CommuneOwned, Base):
    """A bureau's (or centre's) register of one kind of act for one year.

    ``last_number`` is the counter: the number of the last act signed in it. A bureau
    going digital opens it at the last number of its paper register.
    """

    __tablename__ = "civil_registers"
    __table_args__ = (UniqueConstraint("commune_id", "centre", "kind", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    paper_last_number: Mapped[int] = mapped_column(Integer, default=0)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Act(PublicId, Timestamped, CommuneOwned, Base):
    """An act as drawn up; once signed it never changes (mentions amend its reading)."""

    __tablename__ = "civil_acts"
    __table_args__ = (
        UniqueConstraint("register_id", "number"),
        Index("ix_civil_acts_commune_name_key", "commune_id", "name_key"),
        Index("ix_civil_acts_commune_event", "commune_id", "kind", "event_date"),
        # PostgreSQL matches names by trigrams (pg_trgm), one index per form; elsewhere
        # plain indexes. The last holds the skeletons of the acts written in one script.
        *(
            Index(
                f"ix_civil_acts_{column}_trgm",
                column,
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            )
            for column in SearchColumns._fields
        ),
        Index(
            "ix_civil_acts_search_bare_one_script_trgm",
            "search_bare",
            postgresql_using="gin",
            postgresql_ops={"search_bare": "gin_trgm_ops"},
            postgresql_where=text(ONE_SCRIPT),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    register_id: Mapped[int] = mapped_column(ForeignKey("civil_registers.id"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="draft")
    given_name_ar: Mapped[str | None] = mapped_column(String(120))
    family_name_ar: Mapped[str | None] = mapped_column(String(120))
    given_name_lat: Mapped[str | None] = mapped_column(String(120))
    family_name_lat: Mapped[str | None] = mapped_column(String(120))
    name_tfng: Mapped[str | None] = mapped_column(String(240))
    sex: Mapped[str | None] = mapped_column(String(1))
    event_date: Mapped[date] = mapped_column(Date)
    event_time: Mapped[time | None] = mapped_column(Time)
    hijri_date: Mapped[str | None] = mapped_column(String(10))
    place: Mapped[str | None] = mapped_column(String(200))
    father_name: Mapped[str | None] = mapped_column(String(240))
    mother_name: Mapped[str | None] = mapped_column(String(240))
    declarant_name: Mapped[str | None] = mapped_column(String(240))
    # The profile's other fields of this kind of act (spouse, witnesses...).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    declared_on: Mapped[date] = mapped_column(Date)
    abroad: Mapped[bool] = mapped_column(Boolean, default=False)
    judgment_reference: Mapped[str | None] = mapped_column(String(200))
    timeliness: Mapped[str] = mapped_column(String(16))
    # The names and the mother's name in Latin ASCII, for search and duplicate checks.
    name_key: Mapped[str] = mapped_column(String(480), default="")
    mother_key: Mapped[str] = mapped_column(String(240), default="")
    # The names' words in each form a search may meet them in (matching.search_columns).
    search_ar: Mapped[str] = mapped_column(String(800), default="")
    search_lat: Mapped[str] = mapped_column(String(800), default="")
    search_bare: Mapped[str] = mapped_column(String(800), default="")
    entered_by: Mapped[str] = mapped_column(String(254))
    signed_by: Mapped[str | None] = mapped_column(String(254))
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    register: Mapped[Register] = relationship()
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="act", order_by="Mention.id", cascade="all, delete-orphan"
    )


class Mention(PublicId, Timestamped, CommuneOwned, Base):
    """A marginal mention: marriage, divorce, death, or a correction with its legal basis.

    ``corrections`` keeps ``{field: [previous, corrected]}``, so the previous reading of a
    corrected act is always shown next to the new one.
    """

    __tablename__ = "civil_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("civil_acts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    basis: Mapped[str] = mapped_column(String(40))
    legal_reference: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    corrections: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="requested")
    requested_by: Mapped[str] = mapped_column(String(254))
    decided_by: Mapped[str | None] = mapped_column(String(254))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    act: Mapped[Act] = relationship(back_populates="mentions")


class DuplicateDecision(PublicId, Timestamped, CommuneOwned, Base):
    """What the agent decided about an act the matcher found close to the one entered."""

    __tablename__ = "civil_duplicate_decisions"
    __table_args__ = (UniqueConstraint("act_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("civil_acts.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("civil_acts.id"))
    score: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(254))


class CopyRequest(PublicId, Timestamped, CommuneOwned, Base):
    """A request for a copy of an act, from the counter, online, a consulate or abroad.

    The requester says who they are (identity document), which act they want (number and
    year, or names and date of birth) and how they relate to its subject; ``act_id`` is
    set once the act is found. ``code`` is what the requester quotes to follow it and to
    pay: unguessable, since it also opens the issued copy.
    """

    __tablename__ = "civil_copy_requests"
    __table_args__ = (
        UniqueConstraint("commune_id", "code"),
        Index("ix_civil_copy_requests_commune_state", "commune_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    copy_type: Mapped[str] = mapped_column(String(24))
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(20), default="submitted")
    requester_name: Mapped[str] = mapped_column(String(240))
    id_document_type: Mapped[str] = mapped_column(String(24))
    id_document_number: Mapped[str] = mapped_column(String(40))
    relation: Mapped[str] = mapped_column(String(24))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    account_email: Mapped[str | None] = mapped_column(String(254), index=True)
    language: Mapped[str] = mapped_column(String(5), default="fr")
    act_number: Mapped[int | None] = mapped_column(Integer)
    act_year: Mapped[int | None] = mapped_column(Integer)
    subject_name: Mapped[str | None] = mapped_column(String(240))
    birth_date: Mapped[date | None] = mapped_column(Date)
    act_id: Mapped[int | None] = mapped_column(ForeignKey("civil_acts.id"), index=True)
    delivery: Mapped[str] = mapped_column(String(16), default="download")
    postal_address: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    attorney_sha256: Mapped[str | None] = mapped_column(String(64))
    payment_reference: Mapped[str | None] = mapped_column(String(40))
    document_number: Mapped[str | None] = mapped_column(String(40))
    document_id: Mapped[str | None] = mapped_column(String(36))
    tracking_reference: Mapped[str | None] = mapped_column(String(60))
    refusal_reason: Mapped[str | None] = mapped_column(String(40))
    refusal_note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(254))

    act: Mapped[Act | None] = relationship()


class Scan(PublicId, Timestamped, CommuneOwned, Base):
    """The scan of an act digitised from a paper register, with its number on paper.

    The paper number lies within the register's paper numbering (up to
    ``Register.paper_last_number``); acts drawn up in the software are numbered after it.
    """

    __tablename__ = "civil_act_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("civil_acts.id"), unique=True)
    paper_number: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(254))
