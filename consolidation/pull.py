"""Figures of communes that run Baladiya: taken from their own modules, not from a workbook.

When a campaign closes, every commune of the region that runs a module feeding the
campaign's set and has not sent a return gets one made from that module's figures
(channel ``pull``). Only what a module can answer is filled; every other cell stays
empty and shows as "not available yet" on the board and in the export. The figures
come from the :class:`municipality.indicators.IndicatorSource` providers the modules
offer (consolidation never imports another module nor queries its tables).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from pyramid.registry import Registry
from sqlalchemy.orm import Session

from consolidation.aggregate import as_number
from consolidation.definition import INTEGER, MONTHS, Indicator, nest
from consolidation.models import Campaign
from consolidation.services import (
    campaign_layout,
    close_campaign,
    current_returns,
    record_return,
    region_communes,
)
from municipality.activation import communes_with_module, enabled_modules
from municipality.indicators import Rule, combine
from municipality.models import Commune
from municipality.providers import Kind, Offered, providers

CHANNEL = "pull"


def sources_for(registry: Registry, campaign: Campaign) -> list[Offered]:
    """The indicator sources offered for the campaign's set, whatever module offers them."""
    code = campaign.indicator_set.code
    return [o for o in providers(registry, Kind.INDICATOR_SOURCE) if o.provider.set_code == code]


def pulled_communes(
    session: Session, registry: Registry, campaign: Campaign, communes: Iterable[Commune]
) -> set[int]:
    """Ids of the communes whose figures this campaign pulls rather than asks for."""
    ids = {c.id for c in communes}
    modules = {o.module for o in sources_for(registry, campaign)}
    return {c.id for module in modules for c in communes_with_module(session, module)} & ids


def pulled_values(
    session: Session, registry: Registry, campaign: Campaign, commune: Commune
) -> dict[str, Any]:
    """The commune's return from its modules, in stored form; unknown cells are None."""
    definition, period = campaign_layout(campaign)
    cells = definition.cells(period)
    enabled = enabled_modules(session, commune.id)
    known = {i.code for i in definition.indicators}
    monthly: dict[str, dict[int, Any]] = {}
    for offered in sources_for(registry, campaign):
        if offered.module not in enabled:
            continue
        for code in sorted(offered.provider.indicators & known):
            monthly[code] = offered.provider.values(
                session, commune, code, period.year, period.months()
            )
    flat: dict[str, Any] = {}
    for code, by_month in monthly.items():
        indicator = definition.indicator(code)
        if indicator.breakdown is None:
            flat[code] = over_the_period(indicator, by_month, monthly)
            continue
        by_member = indicator.breakdown != MONTHS
        for cell in definition.indicator_cells(indicator, period):
            member = cell.member.code if cell.member is not None else ""
            if by_member:
                # A source answers a breakdown by members with ``{member: value}`` a month.
                members = {m: (v or {}).get(member) for m, v in by_month.items()}
                flat[cell.key] = over_the_period(indicator, members, monthly)
                continue
            month = int(member.rpartition("_")[2]) if "_" in member else None
            flat[cell.key] = by_month.get(month) if month is not None else None
    return nest(cells, flat)


def over_the_period(
    indicator: Indicator, by_month: Mapping[int, Any], monthly: Mapping[str, Mapping[int, Any]]
) -> Any:
    """The months' values as one figure, by the indicator's rule, in stored form.

    A share is weighted by its base's value in the same month, when a source gives it.
    """
    weights = monthly.get(indicator.base or "", {}) if indicator.rule is Rule.SHARE else {}
    answers = [(as_number(value), as_number(weights.get(m))) for m, value in by_month.items()]
    figure = combine(indicator.rule or Rule.LATEST, answers, over_time=True)
    if figure is None:
        return None
    if indicator.type == INTEGER:
        return int(figure)
    return str(figure.quantize(Decimal("0.01")) if figure != figure.to_integral() else figure)


def pull_campaign(
    session: Session, registry: Registry, *, actor: str, campaign: Campaign
) -> list[Commune]:
    """Make the returns of the communes the campaign pulls; returns who got one."""
    communes = region_communes(session, campaign.region_id)
    pulled = pulled_communes(session, registry, campaign, communes)
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
            values=pulled_values(session, registry, campaign, commune),
            channel=CHANNEL,
        )
        made.append(commune)
    return made


def close_and_pull(
    session: Session, registry: Registry, *, actor: str, campaign: Campaign
) -> list[Commune]:
    """Close the campaign, pulling the Baladiya communes' figures first."""
    made = pull_campaign(session, registry, actor=actor, campaign=campaign)
    close_campaign(session, actor=actor, campaign=campaign)
    return made
