"""A campaign's export, read from the database one commune at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from consolidation import board, layout, services
from consolidation.aggregate import Consolidation
from consolidation.definition import flatten
from consolidation.export.plan import (
    DEFAULT_WORKBOOK_LOCALE,
    FORMATS,
    WORKBOOK_LOCALES,
    CommuneFigures,
    ComparisonRow,
    Plan,
    compare,
    same_period_a_year_before,
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


def region_locale(communes: Sequence[Commune]) -> str:
    """The region's first language: the one its communes most often speak first.

    Regions declare no language of their own; their communes do. French when none of
    them puts first a language the indicator sets are written in.
    """
    firsts = Counter(layout.languages(commune)[0] for commune in communes)
    spoken = [locale for locale, _count in firsts.most_common() if locale in WORKBOOK_LOCALES]
    return spoken[0] if spoken else DEFAULT_WORKBOOK_LOCALE


def workbook_locale(session: Session, campaign: Campaign, wanted: str | None) -> str:
    """The one language of the campaign's workbook: ``wanted`` if a set can speak it.

    Indicator sets carry French and Arabic labels only, so any other language (English)
    would mix with them: the workbook then speaks the region's language.
    """
    if wanted in WORKBOOK_LOCALES:
        return str(wanted)
    return region_locale(services.region_communes(session, campaign.region_id))


def region_currency(communes: Sequence[Commune]) -> str:
    """The region's currency: its communes' (they share their country's)."""
    return communes[0].currency if communes else "MAD"


def campaign_totals(session: Session, registry: Registry, campaign: Campaign) -> dict[str, Decimal]:
    """Each indicator over the campaign's counted returns, combined by its rule."""
    region = Consolidation(*services.campaign_layout(campaign))
    for row in board.board(session, registry, campaign):
        if row.counted:
            region.add(_latest_values(session, campaign, row.commune.id))
    return region.figures().totals()


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
    adding = [i for i in definition.indicators if i.adds_up]
    return (
        same_period_a_year_before(period),
        compare(adding, campaign_totals(session, registry, campaign), before),
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
    locale: str | None,
) -> None:
    """Write the campaign's consolidated workbook (or long CSV) to ``out``.

    Everything in it speaks one language: ``locale`` when the indicator sets are written
    in it, else the region's (see :func:`workbook_locale`).
    """
    locale = workbook_locale(session, campaign, locale)
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
