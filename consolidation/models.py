"""The consolidation tables: indicator sets and their versions, campaigns, returns.

Tenancy is split on purpose. Indicator sets, their versions and campaigns belong to a
*region* (or, for the ready sets shipped with the product, to no one): they are not
:class:`~municipality.db.CommuneOwned`, and region routes check that the caller
supervises the region instead. A commune's returns are commune-owned rows: the tenant
session filters them like any other commune data, and a supervisor reads them across
communes with the ``all_communes`` execution option, always bounded to one campaign.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from municipality.db import Base, CommuneOwned, PublicId, Timestamped, utcnow
from municipality.models import Region


class IndicatorSet(PublicId, Timestamped, Base):
    """A named return ("activity-monthly"): what a region asks its communes for.

    ``region_id`` is NULL for the ready sets every region may use; a supervisor's own
    sets belong to their region. The indicators live in versions: a campaign points to
    one version, so changing a set never changes what an earlier campaign asked for.
    """

    __tablename__ = "consolidation_sets"
    __table_args__ = (UniqueConstraint("region_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    title_fr: Mapped[str] = mapped_column(String(200))
    title_ar: Mapped[str] = mapped_column(String(200))
    # The period kind its campaigns use: "month", "quarter" or "year".
    frequency: Mapped[str] = mapped_column(String(8))

    region: Mapped[Region | None] = relationship()
    versions: Mapped[list[IndicatorSetVersion]] = relationship(
        back_populates="indicator_set", order_by="IndicatorSetVersion.number"
    )

    def title(self, locale: str) -> str:
        """The set's title in ``locale`` (French unless Arabic is asked)."""
        return self.title_ar if locale == "ar" else self.title_fr


class IndicatorSetVersion(PublicId, Timestamped, Base):
    """One frozen version of a set's indicators, breakdowns and cross-checks.

    ``definition`` is the JSON form of :class:`consolidation.definition.SetDefinition`
    (read it with ``SetDefinition.from_json``); it is never edited once a campaign uses
    it: editing a set makes a new version.
    """

    __tablename__ = "consolidation_set_versions"
    __table_args__ = (UniqueConstraint("set_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(
        ForeignKey("consolidation_sets.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(254))

    indicator_set: Mapped[IndicatorSet] = relationship(back_populates="versions")


class Campaign(PublicId, Timestamped, Base):
    """A set version asked of every commune of a region for one period, by a deadline.

    ``period`` reads ``2026-10`` (month), ``2026-Q3`` (quarter) or ``2026`` (year); one
    campaign per region, set and period.
    """

    __tablename__ = "consolidation_campaigns"
    __table_args__ = (UniqueConstraint("region_id", "set_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("consolidation_sets.id"), index=True)
    set_version_id: Mapped[int] = mapped_column(ForeignKey("consolidation_set_versions.id"))
    period: Mapped[str] = mapped_column(String(8))
    deadline: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(254))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    region: Mapped[Region] = relationship()
    indicator_set: Mapped[IndicatorSet] = relationship()
    set_version: Mapped[IndicatorSetVersion] = relationship()


class CommuneReturn(PublicId, CommuneOwned, Base):
    """One accepted version of a commune's return for a campaign.

    Returns are never overwritten: each accepted file (or pull) adds a version, and the
    highest ``version`` is the commune's current answer. ``values`` maps an indicator
    code to its value, or to ``{member: value}`` for an indicator with a breakdown;
    values are JSON-safe (int, decimal as string, ISO date, text, choice code, or null).
    ``computed`` lists the cell keys (``code`` or ``code|member``) whose value was a
    formula's cached result rather than typed.
    """

    __tablename__ = "consolidation_returns"
    __table_args__ = (UniqueConstraint("commune_id", "campaign_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("consolidation_campaigns.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "upload", "cli", "pull" or "demo": how the figures came in.
    channel: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    submitted_by: Mapped[str] = mapped_column(String(254))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship()
