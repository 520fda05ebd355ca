"""Permits tables: the application file, its uploaded documents, the bodies' opinions,
the commission's meetings and its members' votes, and the inspections of works with
their photos.

A file keeps the GIS check's findings as they were on the day of submission (the plan
in force may change afterwards), and its legal due date, so the remaining time and the
tacit-approval flag are read without recomputing the clock.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.interfaces import GeometryType, spatial_index
from municipality.db import Base, CommuneOwned, PublicId, Timestamped


class Meeting(PublicId, Timestamped, CommuneOwned, Base):
    """A sitting of the permits commission: its agenda is the files sent to it."""

    __tablename__ = "permit_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="planned")


class PermitFile(PublicId, Timestamped, CommuneOwned, Base):
    """One application, from draft to occupancy certificate."""

    __tablename__ = "permit_files"
    __table_args__ = (
        UniqueConstraint("commune_id", "code"),
        Index("ix_permit_files_commune_state", "commune_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the applicant follows the file by; not guessable, short enough to read out.
    code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(24))
    circuit: Mapped[str] = mapped_column(String(8), default="small")
    state: Mapped[str] = mapped_column(String(24), default="draft")
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_role: Mapped[str] = mapped_column(String(16), default="owner")
    owner_name: Mapped[str] = mapped_column(String(200))
    applicant_email: Mapped[str] = mapped_column(String(254))
    # Who drafted the file and may act as its applicant: the person's e-mail, or
    # ``apikey:<id>`` for a client application filing through the API.
    filed_by: Mapped[str] = mapped_column(String(254))
    # The language the applicant filed in, which their notifications are written in
    # when their account names none.
    language: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(300), default="")
    parcels: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A site drawn on the map, with or instead of parcels: GeoJSON (WKT in older files),
    # in longitude/latitude.
    site: Mapped[str | None] = mapped_column(Text)
    site_area_m2: Mapped[float | None] = mapped_column(Float)
    use: Mapped[str] = mapped_column(String(16), default="housing")
    footprint_m2: Mapped[float] = mapped_column(Float, default=0.0)
    floor_area_m2: Mapped[float] = mapped_column(Float, default=0.0)
    height_m: Mapped[float] = mapped_column(Float, default=0.0)
    floors: Mapped[int] = mapped_column(Integer, default=0)
    units: Mapped[int] = mapped_column(Integer, default=0)
    parking: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    check_outcome: Mapped[str | None] = mapped_column(String(16))
    plan_reference: Mapped[str | None] = mapped_column(String(120))
    checked_on: Mapped[date | None] = mapped_column(Date)
    missing: Mapped[list[str]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    tacit_warned_on: Mapped[date | None] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("permit_meetings.id"))
    decision: Mapped[str | None] = mapped_column(String(24))
    reasons: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fee: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))
    fee_paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    number: Mapped[str | None] = mapped_column(String(40))
    document_id: Mapped[str | None] = mapped_column(String(36))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    works_opened_on: Mapped[date | None] = mapped_column(Date)
    works_completed_on: Mapped[date | None] = mapped_column(Date)
    occupancy_number: Mapped[str | None] = mapped_column(String(40))
    occupancy_document_id: Mapped[str | None] = mapped_column(String(36))

    documents: Mapped[list[FileDocument]] = relationship(
        back_populates="file", order_by="FileDocument.id", cascade="all, delete-orphan"
    )
    opinions: Mapped[list[Opinion]] = relationship(
        back_populates="file", order_by="Opinion.id", cascade="all, delete-orphan"
    )
    inspections: Mapped[list[Inspection]] = relationship(
        back_populates="file", order_by="Inspection.id", cascade="all, delete-orphan"
    )
    meeting: Mapped[Meeting | None] = relationship()


class FileDocument(PublicId, Timestamped, CommuneOwned, Base):
    """One PDF of the checklist, kept in the core's file store."""

    __tablename__ = "permit_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("permit_files.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    stored_key: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))

    file: Mapped[PermitFile] = relationship(back_populates="documents")


class Opinion(PublicId, Timestamped, CommuneOwned, Base):
    """A consulted body's opinion on a file, due by a date."""

    __tablename__ = "permit_opinions"
    __table_args__ = (UniqueConstraint("file_id", "body"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("permit_files.id"), index=True)
    body: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="requested")
    verdict: Mapped[str | None] = mapped_column(String(24))
    remarks: Mapped[str] = mapped_column(Text, default="")
    given_by: Mapped[str | None] = mapped_column(String(254))
    given_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    file: Mapped[PermitFile] = relationship(back_populates="opinions")


class Inspection(PublicId, Timestamped, CommuneOwned, Base):
    """A visit of the works: scheduled, then done with its findings."""

    __tablename__ = "permit_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("permit_files.id"), index=True)
    scheduled_on: Mapped[date] = mapped_column(Date)
    findings: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(16))
    inspector: Mapped[str | None] = mapped_column(String(254))

    file: Mapped[PermitFile] = relationship(back_populates="inspections")
    photos: Mapped[list[InspectionPhoto]] = relationship(
        back_populates="inspection", order_by="InspectionPhoto.position"
    )


class InspectionPhoto(PublicId, Timestamped, CommuneOwned, Base):
    """A photo taken on site, re-encoded by the core's image check, kept with its
    thumbnail in the core's file store; ``sha256`` and ``thumbnail_sha256`` name them."""

    __tablename__ = "permit_inspection_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("permit_inspections.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    thumbnail_sha256: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)

    inspection: Mapped[Inspection] = relationship(back_populates="photos")


class Vote(PublicId, Timestamped, CommuneOwned, Base):
    """A commission member's vote on a file before the sitting: one per member and file,
    changed in place until the commission's decision is recorded."""

    __tablename__ = "permit_votes"
    __table_args__ = (UniqueConstraint("file_id", "member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("permit_files.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("permit_meetings.id"))
    member: Mapped[str] = mapped_column(String(254))
    choice: Mapped[str] = mapped_column(String(24))
    reasons: Mapped[str] = mapped_column(Text, default="")


class PermitSite(PublicId, Timestamped, CommuneOwned, Base):
    """The site of an issued permit, kept at issue: what the public register maps.

    Like the GIS layer's features it keeps ``geom`` in the commune's projected CRS and
    ``geom_4326`` for web clients and bounding-box queries.
    """

    __tablename__ = "permit_sites"
    __table_args__ = (spatial_index("ix_permit_sites_geom_4326", "geom_4326"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("permit_files.id"), unique=True)
    geom: Mapped[BaseGeometry] = mapped_column(GeometryType())
    geom_4326: Mapped[BaseGeometry] = mapped_column(GeometryType(4326))

    file: Mapped[PermitFile] = relationship()
