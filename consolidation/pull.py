"""Figures of communes that run Baladiya: taken from their own modules, not from a workbook.

When a campaign closes, every commune of the region that runs a module feeding the
campaign's set and has not sent a return gets one made from that module's figures
(channel ``pull``). Only what a module can answer is filled; every other cell stays
empty and shows as "not available yet" on the board and in the export. The figures
come through each module's services (consolidation never queries another module's
tables).

Sources today: the monthly activity set's complaints received and resolved, from the
complaints module. Civil status, permits and revenue have no module yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints import services as complaints
from consolidation.definition import nest
from consolidation.models import Campaign
from consolidation.periods import Period
from consolidation.services import (
    campaign_layout,
    close_campaign,
    current_returns,
    record_return,
    region_communes,
)
from municipality.models import Commune, CommuneModule

CHANNEL = "pull"
# What a source gives: per month (1-12) of the period, the value of its indicator.
Source = Callable[[Session, Commune, Period], dict[int, Any]]


def _complaints_received(session: Session, commune: Commune, period: Period) -> dict[int, Any]:
    counts = complaints.monthly_counts(session, commune, period.year, period.months())
    return {month: received for month, (received, _resolved) in counts.items()}


def _complaints_resolved(session: Session, commune: Commune, period: Period) -> dict[int, Any]:
    counts = complaints.monthly_counts(session, commune, period.year, period.months())
    return {month: resolved for month, (_received, resolved) in counts.items()}


# Set code -> indicator code -> (module that must be enabled, source).
SOURCES: dict[str, dict[str, tuple[str, Source]]] = {
    "activity-monthly": {
        "complaints_received": ("complaints", _complaints_received),
        "complaints_resolved": ("complaints", _complaints_resolved),
    },
}


def sources_for(campaign: Campaign) -> dict[str, tuple[str, Source]]:
    return SOURCES.get(campaign.indicator_set.code, {})


def pulled_communes(session: Session, campaign: Campaign, communes: Iterable[Commune]) -> set[int]:
    """Ids of the communes whose figures this campaign pulls rather than asks for."""
    modules = {module for module, _source in sources_for(campaign).values()}
    ids = [c.id for c in communes]
    if not modules or not ids:
        return set()
    return set(
        session.execute(
            select(CommuneModule.commune_id).where(
                CommuneModule.commune_id.in_(ids),
                CommuneModule.module.in_(modules),
                CommuneModule.enabled.is_(True),
            )
        ).scalars()
    )


def pulled_values(session: Session, campaign: Campaign, commune: Commune) -> dict[str, Any]:
    """The commune's return from its modules, in stored form; unknown cells are None."""
    definition, period = campaign_layout(campaign)
    cells = definition.cells(period)
    enabled = set(
        session.execute(
            select(CommuneModule.module).where(
                CommuneModule.commune_id == commune.id, CommuneModule.enabled.is_(True)
            )
        ).scalars()
    )
    flat: dict[str, Any] = {}
    for code, (module, source) in sources_for(campaign).items():
        if module not in enabled or code not in {i.code for i in definition.indicators}:
            continue
        by_month = source(session, commune, period)
        indicator = definition.indicator(code)
        if indicator.breakdown is None:
            flat[code] = sum(by_month.values())
        else:
            for cell in definition.indicator_cells(indicator, period):
                member = cell.member.code if cell.member is not None else ""
                month = int(member.rpartition("_")[2]) if "_" in member else None
                flat[cell.key] = by_month.get(month) if month is not None else None
    return nest(cells, flat)


def pull_campaign(session: Session, *, actor: str, campaign: Campaign) -> list[Commune]:
    """Make the returns of the communes the campaign pulls; returns who got one."""
    communes = region_communes(session, campaign.region_id)
    pulled = pulled_communes(session, campaign, communes)
    returned = current_returns(session, campaign)
    made = []
    for commune in communes:
        if commune.id not in pulled or commune.id in returned:
            continue
        record_return(
            session,
            actor=actor,
            campaign=campaign,
            commune=commune,
            values=pulled_values(session, campaign, commune),
            channel=CHANNEL,
        )
        made.append(commune)
    return made


def close_and_pull(session: Session, *, actor: str, campaign: Campaign) -> list[Commune]:
    """Close the campaign, pulling the Baladiya communes' figures first."""
    made = pull_campaign(session, actor=actor, campaign=campaign)
    close_campaign(session, actor=actor, campaign=campaign)
    return made
