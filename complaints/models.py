"""The complaints tables: categories with their service targets, requests, and their events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from municipality.db import Base, CommuneOwned, PublicId, Timestamped


class Category(PublicId, Timestamped, CommuneOwned, Base):
    """A kind of problem, the department that handles it and its service-level targets."""

    __tablename__ = "complaint_categories"
    __table_args__ = (UniqueConstraint("commune_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name_fr: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(200))
    hours_to_acknowledge: Mapped[int] = mapped_column(Integer)
    days_to_resolve: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Complaint(PublicId, Timestamped, CommuneOwned, Base):
    """A complaint, observation or suggestion filed by a resident, possibly anonymously."""

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_commune_state", "commune_id", "state", "created_at"),
        Index("ix_complaints_commune_category", "commune_id", "category_id"),
        Index("ix_complaints_commune_reporter_user", "commune_id", "reporter_user_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    category_id: Mapped[int] = mapped_column(ForeignKey("complaint_categories.id"))
    description: Mapped[str] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    reporter_email: Mapped[str | None] = mapped_column(String(254))
    reporter_phone: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    acknowledge_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolve_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A duplicate closed into another complaint, whose updates its reporter then receives.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    # The resident's account, when they filed logged in or claimed it with its tracking code.
    reporter_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # At the counter: whether the resident came in (``visit``) or called (``phone``).
    contact_mode: Mapped[str | None] = mapped_column(String(16))
    # The position lies outside the commune's area (accepted, but staff should check it).
    outside_area: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The reporter's satisfaction once resolved: 1 (not at all) to 5, given once.
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    category: Mapped[Category] = relationship()
    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id"
    )


class ComplaintEvent(Timestamped, CommuneOwned, Base):
    """A staff note on a complaint: ``note`` stays internal, ``reply`` is shown to the reporter."""

    __tablename__ = "complaint_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(254))

    complaint: Mapped[Complaint] = relationship(back_populates="events")


class ComplaintPhoto(PublicId, Timestamped, CommuneOwned, Base):
    """A photo attached to a complaint: the clean image and its thumbnail in the file store.

    ``sha256`` and ``thumbnail_sha256`` name the files (:mod:`municipality.files`).
    ``image_key`` and ``thumbnail_key`` are the file names of the old upload directory,
    kept on older rows until ``baladiya files migrate`` moves their files into the store.
    """

    __tablename__ = "complaint_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    image_key: Mapped[str | None] = mapped_column(String(64))
    thumbnail_key: Mapped[str | None] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    thumbnail_sha256: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)


class PublicationPolicy(PublicId, Timestamped, CommuneOwned, Base):
    """What the commune publishes of its complaints to anyone (at most one row per commune).

    A commune without a row publishes by the default of ``complaints.services.publication``.
    """

    __tablename__ = "complaint_publication"
    __table_args__ = (UniqueConstraint("commune_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Decimals of a degree kept in public positions: 2 (about 1 km) to 4 (about 10 m).
    grid_decimals: Mapped[int] = mapped_column(Integer)
    publish_address: Mapped[bool] = mapped_column(Boolean)
    publish_description: Mapped[bool] = mapped_column(Boolean)
