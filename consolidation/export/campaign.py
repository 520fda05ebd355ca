"""A campaign's export, read from the database one commune at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from consolidation import board, services
from consolidation.definition import flatten
from consolidation.export.plan import (
    FORMATS,
    SUMMABLE,
    CommuneFigures,
    ComparisonRow,
    Plan,
    compare,
    indicator_totals,
    same_period_a_year_before,
    summable_keys,
)
from consolidation.export.workbook import Translate
from consolidation.export.writers import write
from consolidation.models import Campaign, CommuneReturn
from consolidation.periods import Period, parse_period
from municipality.db import ALL_COMMUNES
from municipality.i18n import _, localizer_for
from municipality.models import Commune


def _latest_values(session: Session, campaign: Campaign, commune_id: int) -> dict[str, Any]:
    """One commune's current values, flattened: loaded one commune at a time."""
    values = session.execute(
        select(CommuneReturn.values)
        .where(CommuneReturn.campaign_id == campaign.id, CommuneReturn.commune_id == commune_id)
        .order_by(CommuneReturn.version.desc())
        .limit(1)
        .execution_options(**{ALL_COMMUNES: True})
    ).scalar_one_or_none()
    return flatten(values or {})


def region_currency(communes: Sequence[Commune]) -> str:
    """The region's currency: its communes' (they share their country's)."""
    return communes[0].currency if communes else "MAD"


def campaign_totals(session: Session, registry: Registry, campaign: Campaign) -> dict[str, Decimal]:
    """Each summable indicator summed over the campaign's counted returns."""
    keys = summable_keys(*services.campaign_layout(campaign))
    totals: dict[str, Decimal] = {}
    for row in board.board(session, registry, campaign):
        if not row.counted:
            continue
        values = _latest_values(session, campaign, row.commune.id)
        for code, value in indicator_totals(keys, values).items():
            totals[code] = totals.get(code, Decimal(0)) + value
    return totals


def previous_campaign(session: Session, campaign: Campaign) -> Campaign | None:
    """The region's campaign of the same set for the same period a year before."""
    before = same_period_a_year_before(parse_period(campaign.period))
    return session.execute(
        select(Campaign).where(
            Campaign.region_id == campaign.region_id,
            Campaign.set_id == campaign.set_id,
            Campaign.period == before.code,
        )
    ).scalar_one_or_none()


def comparison(
    session: Session, registry: Registry, campaign: Campaign
) -> tuple[Period, list[ComparisonRow]]:
    """This campaign's totals against the same period a year before, per indicator."""
    definition, period = services.campaign_layout(campaign)
    previous = previous_campaign(session, campaign)
    before = campaign_totals(session, registry, previous) if previous is not None else None
    summable = [i for i in definition.indicators if i.type in SUMMABLE]
    return (
        same_period_a_year_before(period),
        compare(summable, campaign_totals(session, registry, campaign), before),
    )


def campaign_plan(session: Session, registry: Registry, campaign: Campaign, locale: str) -> Plan:
    """The export's layout: the campaign's set and period, and last year's totals."""
    definition, period = services.campaign_layout(campaign)
    region = campaign.region
    previous = previous_campaign(session, campaign)
    return Plan(
        title=campaign.indicator_set.title(locale),
        region=region.name_ar if locale == "ar" else region.name_fr,
        definition=definition,
        period=period,
        currency=region_currency(services.region_communes(session, campaign.region_id)),
        locale=locale,
        previous_period=same_period_a_year_before(period) if previous is not None else None,
        previous=campaign_totals(session, registry, previous) if previous is not None else None,
    )


def campaign_figures(
    session: Session, registry: Registry, campaign: Campaign, locale: str, translate: Translate
) -> Iterator[CommuneFigures]:
    """Each commune of the region in board order, its figures read as it is written."""
    not_available = translate(_("not available yet"))
    for row in board.board(session, registry, campaign):
        commune = row.commune
        yield CommuneFigures(
            code=commune.slug,
            name=commune.name(locale),
            province=commune.province,
            status=translate(board.STATE_LABELS[row.state]),
            counted=row.counted,
            values=_latest_values(session, campaign, commune.id) if row.counted else {},
            empty_text=not_available if row.state == board.PULLED else None,
        )


def export_campaign(
    session: Session,
    registry: Registry,
    campaign: Campaign,
    out: IO[bytes],
    *,
    media_type: str,
    locale: str,
) -> None:
    """Write the campaign's consolidated workbook (or long CSV) to ``out``."""
    translate = localizer_for(locale).translate
    plan = campaign_plan(session, registry, campaign, locale)
    write(
        plan,
        campaign_figures(session, registry, campaign, locale, translate),
        out,
        media_type=media_type,
        translate=translate,
    )


def export_file_name(campaign: Campaign, media_type: str) -> str:
    suffix = next(s for s, t in FORMATS.items() if t == media_type)
    return f"{campaign.indicator_set.code}_{campaign.period}_{campaign.region.slug}{suffix}"
