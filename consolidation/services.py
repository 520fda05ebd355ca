"""Consolidation rules: indicator sets, campaigns, returns and their versions.

Every function takes the session and the acting person (``actor``, the label the audit
chain shows) explicitly and never commits. Region-level objects (sets, campaigns) are
audited on the platform chain; a commune's returns on that commune's chain.

Reading across communes: a campaign's returns belong to many communes, so the functions
that list them use the ``all_communes`` execution option, always bounded to one
campaign of one region. In a session scoped to a commune they still see only the
campaign's returns, never another campaign's.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consolidation import reader, sets
from consolidation.definition import SetDefinition, flatten, nest, problems_in
from consolidation.models import Campaign, CommuneReturn, IndicatorSet, IndicatorSetVersion
from consolidation.periods import Period, parse_period
from consolidation.validate import FileResult, ImportReport, Problem, RawValue, validate_cells
from municipality import audit
from municipality.db import ALL_COMMUNES, utcnow
from municipality.errors import Conflict, Forbidden, NotFound, ValidationFailed
from municipality.i18n import _
from municipality.models import Commune, Region

# How figures come in: an uploaded or command-line file, a pull from a commune's own
# modules, or the demo.
CHANNELS = ("upload", "cli", "pull", "demo")

# --- indicator sets ------------------------------------------------------------------------


def ensure_ready_sets(session: Session, *, actor: str) -> list[IndicatorSet]:
    """Create the ready sets shipped with the product, once; later calls change nothing."""
    made = []
    for ready in sets.READY_SETS:
        # The oldest wins: two first requests racing may both create one (NULL region
        # ids never clash in a unique constraint), and both then agree on which to use.
        existing = (
            session.execute(
                select(IndicatorSet)
                .where(IndicatorSet.region_id.is_(None), IndicatorSet.code == ready.code)
                .order_by(IndicatorSet.id)
                .limit(1)
            )
            .scalars()
            .first()
        )
        if existing is None:
            existing = _new_set(
                session,
                actor=actor,
                region=None,
                code=ready.code,
                title_fr=ready.title_fr,
                title_ar=ready.title_ar,
                frequency=ready.frequency,
                definition=ready.definition.to_json(),
            )
        made.append(existing)
    return made


def visible_sets(session: Session, region: Region) -> list[IndicatorSet]:
    """The ready sets and the region's own sets, by code."""
    return list(
        session.execute(
            select(IndicatorSet)
            .where((IndicatorSet.region_id.is_(None)) | (IndicatorSet.region_id == region.id))
            .order_by(IndicatorSet.code, IndicatorSet.region_id)
        ).scalars()
    )


def set_for_region(session: Session, region: Region, code: str) -> IndicatorSet:
    """The set a region means by ``code``: its own first, else the ready set."""
    ensure_ready_sets(session, actor="system")
    found = [s for s in visible_sets(session, region) if s.code == code]
    if not found:
        raise NotFound(_("There is no indicator set ${code}.", mapping={"code": code}))
    return next((s for s in found if s.region_id is not None), min(found, key=lambda s: s.id))


def set_by_public_id(session: Session, region: Region, public_id: str) -> IndicatorSet:
    """A set the region may see, by the identifier its URLs carry (404 otherwise)."""
    indicator_set = session.execute(
        select(IndicatorSet).where(IndicatorSet.public_id == _uuid(public_id))
    ).scalar_one_or_none()
    if indicator_set is None or indicator_set.region_id not in (None, region.id):
        raise NotFound(_("This indicator set does not exist."))
    return indicator_set


def latest_version(session: Session, indicator_set: IndicatorSet) -> IndicatorSetVersion:
    """The set's newest version: what a new campaign asks for."""
    return session.execute(
        select(IndicatorSetVersion)
        .where(IndicatorSetVersion.set_id == indicator_set.id)
        .order_by(IndicatorSetVersion.number.desc())
        .limit(1)
    ).scalar_one()


def create_set(
    session: Session,
    *,
    actor: str,
    region: Region,
    code: str,
    title_fr: str,
    title_ar: str,
    frequency: str,
    definition: dict[str, Any],
) -> IndicatorSet:
    """A region's own set with its first version; its code must be new in the region."""
    clash = session.execute(
        select(IndicatorSet).where(IndicatorSet.region_id == region.id, IndicatorSet.code == code)
    ).scalar_one_or_none()
    if clash is not None:
        raise Conflict(_("The region already has a set ${code}.", mapping={"code": code}))
    return _new_set(
        session,
        actor=actor,
        region=region,
        code=code,
        title_fr=title_fr,
        title_ar=title_ar,
        frequency=frequency,
        definition=definition,
    )


def add_set_version(
    session: Session,
    *,
    actor: str,
    region: Region,
    indicator_set: IndicatorSet,
    definition: dict[str, Any],
) -> IndicatorSetVersion:
    """A new version of a region's set; ready sets are copied with :func:`create_set`.

    Campaigns keep the version they were made with, so editing a set never changes a
    campaign already under way.
    """
    if indicator_set.region_id != region.id:
        raise Forbidden(_("A ready set cannot be edited; create a set of the region from it."))
    number = latest_version(session, indicator_set).number + 1
    return _new_version(
        session, actor=actor, indicator_set=indicator_set, number=number, definition=definition
    )


def _new_set(
    session: Session,
    *,
    actor: str,
    region: Region | None,
    code: str,
    title_fr: str,
    title_ar: str,
    frequency: str,
    definition: dict[str, Any],
) -> IndicatorSet:
    indicator_set = IndicatorSet(
        region_id=region.id if region else None,
        code=code,
        title_fr=title_fr,
        title_ar=title_ar,
        frequency=frequency,
    )
    session.add(indicator_set)
    session.flush()
    _new_version(session, actor=actor, indicator_set=indicator_set, number=1, definition=definition)
    return indicator_set


def _new_version(
    session: Session,
    *,
    actor: str,
    indicator_set: IndicatorSet,
    number: int,
    definition: dict[str, Any],
) -> IndicatorSetVersion:
    parsed = _checked_definition(definition)
    version = IndicatorSetVersion(
        indicator_set=indicator_set, number=number, definition=parsed.to_json(), created_by=actor
    )
    session.add(version)
    audit.write(
        session,
        indicator_set,
        actor=actor,
        action="consolidation:set:versioned",
        object_type="consolidation_set",
        changes={"code": indicator_set.code, "version": number},
    )
    return version


def _checked_definition(definition: dict[str, Any]) -> SetDefinition:
    try:
        parsed = SetDefinition.from_json(definition)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(
            _("The set definition is incomplete: ${error}", mapping={"error": str(exc)})
        ) from exc
    problems = problems_in(parsed)
    if problems:
        raise ValidationFailed(
            _("The set definition has errors: ${errors}", mapping={"errors": "; ".join(problems)}),
            errors={"definition": "; ".join(problems)},
        )
    return parsed


# --- campaigns -----------------------------------------------------------------------------


def create_campaign(
    session: Session,
    *,
    actor: str,
    region: Region,
    set_code: str,
    period: str,
    deadline: date,
) -> Campaign:
    """Ask every commune of ``region`` for the set's latest version for ``period``."""
    indicator_set = set_for_region(session, region, set_code)
    parsed = parse_period(period)
    if parsed.kind != indicator_set.frequency:
        raise ValidationFailed(
            _(
                "Set ${code} is collected by ${frequency}; ${period} is not such a period.",
                mapping={"code": set_code, "frequency": indicator_set.frequency, "period": period},
            )
        )
    clash = session.execute(
        select(Campaign).where(
            Campaign.region_id == region.id,
            Campaign.set_id == indicator_set.id,
            Campaign.period == parsed.code,
        )
    ).scalar_one_or_none()
    if clash is not None:
        raise Conflict(
            _(
                "The region already has a campaign of ${code} for ${period}.",
                mapping={"code": set_code, "period": parsed.code},
            )
        )
    campaign = Campaign(
        region_id=region.id,
        set_id=indicator_set.id,
        set_version_id=latest_version(session, indicator_set).id,
        period=parsed.code,
        deadline=deadline,
        created_by=actor,
    )
    audit.write(
        session,
        campaign,
        actor=actor,
        action="consolidation:campaign:created",
        object_type="consolidation_campaign",
        changes={
            "region": region.slug,
            "set": set_code,
            "period": parsed.code,
            "deadline": deadline,
        },
    )
    return campaign


def campaigns_of(session: Session, region: Region) -> list[Campaign]:
    """The region's campaigns, the most recent period first."""
    return list(
        session.execute(
            select(Campaign)
            .where(Campaign.region_id == region.id)
            .order_by(Campaign.period.desc(), Campaign.id.desc())
        ).scalars()
    )


def campaign_by_public_id(
    session: Session, public_id: str, region: Region | None = None
) -> Campaign:
    """A campaign by its public id; with ``region``, one of that region's only (else 404)."""
    campaign = session.execute(
        select(Campaign).where(Campaign.public_id == _uuid(public_id))
    ).scalar_one_or_none()
    if campaign is None or (region is not None and campaign.region_id != region.id):
        raise NotFound(_("This campaign does not exist."))
    return campaign


def close_campaign(session: Session, *, actor: str, campaign: Campaign) -> None:
    """Stop accepting returns for the campaign."""
    if campaign.closed_at is not None:
        raise Conflict(_("This campaign is already closed."))
    campaign.closed_at = utcnow()
    audit.write(
        session,
        campaign,
        actor=actor,
        action="consolidation:campaign:closed",
        object_type="consolidation_campaign",
    )


def region_communes(session: Session, region_id: int) -> list[Commune]:
    """The communes a campaign of the region asks, by slug."""
    return list(
        session.execute(
            select(Commune).where(Commune.region_id == region_id).order_by(Commune.slug)
        ).scalars()
    )


def campaign_layout(campaign: Campaign) -> tuple[SetDefinition, Period]:
    """The campaign's indicators and period: what its workbooks and returns hold."""
    return SetDefinition.from_json(campaign.set_version.definition), parse_period(campaign.period)


# --- returns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One cell whose value differs between two versions of a return."""

    key: str
    indicator: str
    member: str | None
    before: Any
    after: Any


def record_return(
    session: Session,
    *,
    actor: str,
    campaign: Campaign,
    commune: Commune,
    values: dict[str, Any],
    computed: Iterable[str] = (),
    channel: str,
    user_id: int | None = None,
    file_name: str | None = None,
    file_sha256: str | None = None,
) -> CommuneReturn:
    """Store already validated values as the commune's next version of its return.

    ``values`` is the nested stored form (see :class:`~consolidation.models.CommuneReturn`).
    Use :func:`submit_values` for figures that still need checking.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel}")
    if campaign.closed_at is not None:
        raise Conflict(_("This campaign is closed: it accepts no more returns."))
    if commune.region_id != campaign.region_id:
        raise NotFound(_("This commune is not asked by this campaign."))
    previous = latest_return(session, campaign, commune)
    entry = CommuneReturn(
        commune_id=commune.id,
        campaign_id=campaign.id,
        version=(previous.version + 1) if previous else 1,
        values=values,
        computed=sorted(computed),
        channel=channel,
        file_name=file_name,
        file_sha256=file_sha256,
        submitted_by=actor,
        submitted_by_id=user_id,
        submitted_at=utcnow(),
    )
    changes = return_diff(previous, entry) if previous else []
    audit.write(
        session,
        entry,
        actor=actor,
        action="consolidation:return:accepted",
        object_type="consolidation_return",
        changes={
            "campaign": str(campaign.public_id),
            "version": entry.version,
            "channel": channel,
            "file_sha256": file_sha256,
            "changed": [c.key for c in changes],
        },
    )
    return entry


def submit_values(
    session: Session,
    *,
    actor: str,
    campaign: Campaign,
    commune: Commune,
    values: dict[str, Any],
    channel: str,
    user_id: int | None = None,
) -> CommuneReturn:
    """Check raw figures (``{cell key: value}``, e.g. pulled from a commune) and store them.

    The same rules as a workbook apply; any problem refuses the whole return with a
    :class:`ValidationFailed` whose ``errors`` map cell keys to messages.
    """
    definition, period = campaign_layout(campaign)
    cells = definition.cells(period)
    raw = {cell.key: RawValue(values.get(cell.key), "", cell.key) for cell in cells}
    clean, problems = validate_cells(definition, cells, raw)
    if problems:
        raise ValidationFailed(
            _("The return was refused: ${count} problems.", mapping={"count": len(problems)}),
            errors={p.key or p.cell: p.describe("en") for p in problems},
        )
    return record_return(
        session,
        actor=actor,
        campaign=campaign,
        commune=commune,
        values=nest(cells, clean),
        channel=channel,
        user_id=user_id,
    )


def latest_return(session: Session, campaign: Campaign, commune: Commune) -> CommuneReturn | None:
    """The commune's current answer to the campaign, or None before its first return."""
    return session.execute(
        select(CommuneReturn)
        .where(CommuneReturn.commune_id == commune.id, CommuneReturn.campaign_id == campaign.id)
        .order_by(CommuneReturn.version.desc())
        .limit(1)
        .execution_options(**{ALL_COMMUNES: True})
    ).scalar_one_or_none()


def return_history(session: Session, campaign: Campaign, commune: Commune) -> list[CommuneReturn]:
    """Every accepted version of the commune's return, oldest first."""
    return list(
        session.execute(
            select(CommuneReturn)
            .where(CommuneReturn.commune_id == commune.id, CommuneReturn.campaign_id == campaign.id)
            .order_by(CommuneReturn.version)
            .execution_options(**{ALL_COMMUNES: True})
        ).scalars()
    )


def current_returns(session: Session, campaign: Campaign) -> dict[int, CommuneReturn]:
    """Each commune's latest version, by commune id; communes without a return are absent."""
    newest = (
        select(CommuneReturn.commune_id, func.max(CommuneReturn.version).label("version"))
        .where(CommuneReturn.campaign_id == campaign.id)
        .group_by(CommuneReturn.commune_id)
        .subquery()
    )
    rows = session.execute(
        select(CommuneReturn)
        .join(
            newest,
            (newest.c.commune_id == CommuneReturn.commune_id)
            & (newest.c.version == CommuneReturn.version),
        )
        .where(CommuneReturn.campaign_id == campaign.id)
        .execution_options(**{ALL_COMMUNES: True})
    ).scalars()
    return {row.commune_id: row for row in rows}


def return_by_public_id(session: Session, campaign: Campaign, public_id: str) -> CommuneReturn:
    """One version of a return of the campaign (404 for another campaign's)."""
    entry = session.execute(
        select(CommuneReturn)
        .where(
            CommuneReturn.public_id == _uuid(public_id), CommuneReturn.campaign_id == campaign.id
        )
        .execution_options(**{ALL_COMMUNES: True})
    ).scalar_one_or_none()
    if entry is None:
        raise NotFound(_("This return does not exist."))
    return entry


def return_diff(previous: CommuneReturn | None, current: CommuneReturn) -> list[Change]:
    """The cells whose value changed from ``previous`` to ``current`` (all, for a first one)."""
    before = flatten(previous.values) if previous else {}
    after = flatten(current.values)
    changes = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            code, _sep, member = key.partition("|")
            changes.append(Change(key, code, member or None, before.get(key), after.get(key)))
    return changes


def previous_version(session: Session, entry: CommuneReturn) -> CommuneReturn | None:
    """The version a return replaced, to show what it changed."""
    return session.execute(
        select(CommuneReturn)
        .where(
            CommuneReturn.commune_id == entry.commune_id,
            CommuneReturn.campaign_id == entry.campaign_id,
            CommuneReturn.version == entry.version - 1,
        )
        .execution_options(**{ALL_COMMUNES: True})
    ).scalar_one_or_none()


# --- returned workbooks --------------------------------------------------------------------


def import_files(
    session: Session,
    *,
    actor: str,
    campaign: Campaign,
    files: Iterable[tuple[str, bytes]],
    channel: str,
    user_id: int | None = None,
) -> ImportReport:
    """Read returned workbooks (or zips of them) and store each file accepted whole.

    Each file is recognised from its hidden metadata, whatever its name, checked cell
    by cell, and either stored as a new version of its commune's return or refused
    with every problem found; a refused file stores nothing. Files are independent:
    one refusal does not undo another file's acceptance.
    """
    report = ImportReport()
    definition, period = campaign_layout(campaign)
    communes = {c.slug: c for c in region_communes(session, campaign.region_id)}
    for upload in reader.expand(files):
        result = reader.read_return(upload, campaign, definition, period, communes)
        if result.accepted and result.commune is not None:
            result.commune_return = record_return(
                session,
                actor=actor,
                campaign=campaign,
                commune=result.commune,
                values=nest(definition.cells(period), result.values),
                computed=result.computed,
                channel=channel,
                user_id=user_id,
                file_name=upload.name[-255:],
                file_sha256=hashlib.sha256(upload.data).hexdigest(),
            )
        report.files.append(result)
    return report


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


__all__ = [
    "CHANNELS",
    "Change",
    "FileResult",
    "ImportReport",
    "Problem",
    "add_set_version",
    "campaign_by_public_id",
    "campaign_layout",
    "campaigns_of",
    "close_campaign",
    "create_campaign",
    "create_set",
    "current_returns",
    "ensure_ready_sets",
    "import_files",
    "latest_return",
    "latest_version",
    "previous_version",
    "record_return",
    "region_communes",
    "return_by_public_id",
    "return_diff",
    "return_history",
    "set_by_public_id",
    "set_for_region",
    "submit_values",
    "visible_sets",
]
