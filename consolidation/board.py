"""A campaign's board: where each commune of the region stands, and who to remind.

A commune's state, from what is stored:

- ``returned``: an accepted return came in by the deadline (``returned_late`` after it);
- ``pulled``: its figures were taken from its own Baladiya modules when the campaign
  closed (``automatic`` until then: a commune that runs those modules fills no workbook);
- ``refused``: files came in but every one was refused, so nothing is counted yet;
- ``late``: nothing came in and the deadline has passed in the commune's time zone;
- ``waiting``: nothing yet, the deadline is still ahead.

Refused files leave an audit event on the commune's chain (action
``consolidation:return:refused``, object ``consolidation_refusal``) holding the file's
problems, so the commune can download the report later to fix and resend its file.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pyramid.registry import Registry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consolidation import pull
from consolidation.definition import Cell
from consolidation.models import Campaign, CommuneReturn
from consolidation.services import (
    Change,
    campaign_layout,
    region_communes,
    return_diff,
    return_history,
)
from consolidation.validate import FileResult, ImportReport, Problem
from municipality import audit, tenants
from municipality.db import ALL_COMMUNES, utcnow
from municipality.errors import NotFound
from municipality.i18n import _
from municipality.models import AuditEvent, Commune, OutboxMessage

WAITING, LATE, REFUSED, RETURNED, RETURNED_LATE, AUTOMATIC, PULLED = (
    "waiting",
    "late",
    "refused",
    "returned",
    "returned_late",
    "automatic",
    "pulled",
)
STATES = (WAITING, LATE, REFUSED, RETURNED, RETURNED_LATE, AUTOMATIC, PULLED)
# States whose figures count in the consolidation.
COUNTED = frozenset({RETURNED, RETURNED_LATE, PULLED})
# States a reminder is for: the commune still owes a workbook.
OWING = frozenset({WAITING, LATE, REFUSED})
STATE_LABELS = {
    WAITING: _("Waiting"),
    LATE: _("Late"),
    REFUSED: _("Refused"),
    RETURNED: _("Returned"),
    RETURNED_LATE: _("Returned late"),
    AUTOMATIC: _("Pulled at closing"),
    PULLED: _("Pulled from Baladiya"),
}
REFUSED_ACTION = "consolidation:return:refused"
REFUSAL_OBJECT = "consolidation_refusal"
REMINDER_PREFIX = "consolidation-reminder"
# A refusal report keeps this many problems; a file with more is refused all the same.
MAX_STORED_PROBLEMS = 500


@dataclass(frozen=True)
class Submission:
    """What the board needs of a commune's returns: no figures, just versions and times."""

    version: int
    channel: str
    first_at: datetime
    last_at: datetime


@dataclass(frozen=True)
class Refusal:
    """A refused file, as its audit event keeps it."""

    report_id: str
    commune_id: int
    file_name: str
    occurred_at: datetime
    problems: list[dict[str, Any]]


@dataclass
class BoardRow:
    """One commune on the board."""

    commune: Commune
    state: str
    submission: Submission | None = None
    refusals: list[Refusal] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)

    @property
    def counted(self) -> bool:
        return self.state in COUNTED

    @property
    def last_refusal(self) -> Refusal | None:
        return self.refusals[-1] if self.refusals else None


def local_today(commune: Commune, now: datetime) -> date:
    """The date it is in the commune, which is what its deadline means."""
    return now.astimezone(ZoneInfo(commune.timezone)).date()


def _local_day(commune: Commune, moment: datetime) -> date:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo("UTC"))
    return local_today(commune, aware)


def submissions(
    session: Session, campaign: Campaign, commune: Commune | None = None
) -> dict[int, Submission]:
    """Per commune (or for one): latest version and channel, first and last times."""
    which = [CommuneReturn.campaign_id == campaign.id]
    if commune is not None:
        which.append(CommuneReturn.commune_id == commune.id)
    rows = session.execute(
        select(
            CommuneReturn.commune_id,
            func.max(CommuneReturn.version),
            func.min(CommuneReturn.submitted_at),
            func.max(CommuneReturn.submitted_at),
        )
        .where(*which)
        .group_by(CommuneReturn.commune_id)
        .execution_options(**{ALL_COMMUNES: True})
    ).all()
    latest_channels: dict[int, str] = {}
    for commune_id, channel in session.execute(
        select(CommuneReturn.commune_id, CommuneReturn.channel)
        .where(*which)
        .order_by(CommuneReturn.commune_id, CommuneReturn.version)
        .execution_options(**{ALL_COMMUNES: True})
    ):
        latest_channels[commune_id] = channel
    return {
        commune_id: Submission(version, latest_channels[commune_id], first, last)
        for commune_id, version, first, last in rows
    }


def refusals(session: Session, campaign: Campaign, commune_ids: Iterable[int]) -> list[Refusal]:
    """The campaign's refused files, oldest first (their events name the campaign)."""
    ids = list(commune_ids)
    if not ids:
        return []
    events = session.execute(
        select(AuditEvent)
        .where(
            AuditEvent.commune_id.in_(ids),
            AuditEvent.object_type == REFUSAL_OBJECT,
            AuditEvent.occurred_at >= campaign.created_at,
        )
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    ).scalars()
    campaign_id = str(campaign.public_id)
    return [_refusal(event) for event in events if event.changes.get("campaign") == campaign_id]


def _refusal(event: AuditEvent) -> Refusal:
    assert event.commune_id is not None
    return Refusal(
        report_id=event.object_id,
        commune_id=event.commune_id,
        file_name=str(event.changes.get("file", "")),
        occurred_at=event.occurred_at,
        problems=list(event.changes.get("problems", [])),
    )


def reminders_sent(session: Session, campaign: Campaign) -> dict[str, list[str]]:
    """Per commune slug, the reminder kinds already queued for this campaign."""
    prefix = f"{REMINDER_PREFIX}:{campaign.public_id}:"
    keys = session.execute(
        select(OutboxMessage.idempotency_key).where(
            OutboxMessage.idempotency_key.startswith(prefix, autoescape=True)
        )
    ).scalars()
    sent: dict[str, list[str]] = {}
    for key in keys:
        slug, _sep, kind = key.removeprefix(prefix).rpartition(":")
        sent.setdefault(slug, []).append(kind)
    return sent


def state_of(
    commune: Commune,
    campaign: Campaign,
    submission: Submission | None,
    *,
    refused: bool,
    automatic: bool,
    now: datetime,
) -> str:
    """The commune's state (see the module's docstring)."""
    if submission is not None:
        if submission.channel == pull.CHANNEL:
            return PULLED
        on_time = _local_day(commune, submission.first_at) <= campaign.deadline
        return RETURNED if on_time else RETURNED_LATE
    if automatic:
        return AUTOMATIC
    if refused:
        return REFUSED
    return LATE if local_today(commune, now) > campaign.deadline else WAITING


def board(
    session: Session, registry: Registry, campaign: Campaign, now: datetime | None = None
) -> list[BoardRow]:
    """Every commune of the campaign's region with its state, by name."""
    now = now or utcnow()
    communes = region_communes(session, campaign.region_id)
    found = submissions(session, campaign)
    refused: dict[int, list[Refusal]] = {}
    for refusal in refusals(session, campaign, (c.id for c in communes)):
        refused.setdefault(refusal.commune_id, []).append(refusal)
    automatic = pull.pulled_communes(session, registry, campaign, communes)
    sent = reminders_sent(session, campaign)
    rows = []
    for commune in communes:
        state = state_of(
            commune,
            campaign,
            found.get(commune.id),
            refused=bool(refused.get(commune.id)),
            automatic=commune.id in automatic,
            now=now,
        )
        rows.append(
            BoardRow(
                commune,
                state,
                found.get(commune.id),
                refused.get(commune.id, []),
                sent.get(commune.slug, []),
            )
        )
    return sorted(rows, key=lambda r: r.commune.name_fr)


def commune_row(
    session: Session,
    registry: Registry,
    campaign: Campaign,
    commune: Commune,
    now: datetime | None = None,
) -> BoardRow:
    """One commune's line of the board, for the commune's own page."""
    submission = submissions(session, campaign, commune).get(commune.id)
    refused = refusals(session, campaign, [commune.id])
    state = state_of(
        commune,
        campaign,
        submission,
        refused=bool(refused),
        automatic=commune.id in pull.pulled_communes(session, registry, campaign, [commune]),
        now=now or utcnow(),
    )
    sent = reminders_sent(session, campaign).get(commune.slug, [])
    return BoardRow(commune, state, submission, refused, sent)


def counts(rows: Sequence[BoardRow]) -> dict[str, int]:
    """How many communes are in each state (every state listed, zeros included)."""
    tally = dict.fromkeys(STATES, 0)
    for row in rows:
        tally[row.state] += 1
    return tally


def filtered(rows: Sequence[BoardRow], state: str | None) -> list[BoardRow]:
    """The rows in ``state`` (``owing``: every state that still owes a workbook)."""
    if not state:
        return list(rows)
    if state == "owing":
        return [r for r in rows if r.state in OWING]
    return [r for r in rows if r.state == state]


def searched(
    session: Session, rows: Sequence[BoardRow], region_id: int, text: str
) -> list[BoardRow]:
    """The rows of the communes whose name has ``text`` (every row when it is empty), by
    province then name: the search and the order of every list of communes
    (:func:`municipality.tenants.commune_directory`)."""
    directory = tenants.commune_directory(session, {region_id}, text=text, limit=max(1, len(rows)))
    by_commune = {row.commune.id: row for row in rows}
    return [
        by_commune[commune.id]
        for commune in tenants.listed_communes(directory)
        if commune.id in by_commune
    ]


# --- refusals ------------------------------------------------------------------------------


def _stored_problem(problem: Problem) -> dict[str, Any]:
    """A problem in a language-neutral form: the message id and its mapping, not a text."""
    expected = problem.expected
    return {
        "sheet": problem.sheet,
        "cell": problem.cell,
        "key": problem.key,
        "indicator": problem.indicator.code if problem.indicator else "",
        "found": problem.found,
        "expected": str(expected),
        "mapping": {k: str(v) for k, v in (expected.mapping or {}).items()},
        "check": problem.check.code if problem.check else "",
    }


def record_refusals(
    session: Session, *, actor: str, campaign: Campaign, results: Iterable[FileResult]
) -> dict[str, str]:
    """Keep each refused file of a known commune on its chain; file name -> report id.

    A file that could not even be tied to a commune has no one to tell; it stays in the
    uploader's report only.
    """
    kept: dict[str, str] = {}
    for result in results:
        if result.accepted or result.commune is None:
            continue
        report_id = str(uuid.uuid4())
        audit.record(
            session,
            commune_id=result.commune.id,
            actor=actor,
            action=REFUSED_ACTION,
            object_type=REFUSAL_OBJECT,
            object_id=report_id,
            changes={
                "campaign": str(campaign.public_id),
                "file": result.name[-255:],
                "problems": [_stored_problem(p) for p in result.problems[:MAX_STORED_PROBLEMS]],
                "count": len(result.problems),
            },
        )
        kept[result.name] = report_id
    return kept


def refusal_report(campaign: Campaign, refused: Refusal, commune: Commune) -> ImportReport:
    """A stored refusal as an import report again, to render it in any language."""
    definition, _period = campaign_layout(campaign)
    checks = {c.code: c for c in definition.checks}
    codes = {i.code for i in definition.indicators}
    problems = [
        Problem(
            expected=_(p.get("expected", ""), mapping=p.get("mapping") or None),
            sheet=p.get("sheet", ""),
            cell=p.get("cell", ""),
            key=p.get("key", ""),
            indicator=definition.indicator(p["indicator"]) if p.get("indicator") in codes else None,
            found=p.get("found", ""),
            check=checks.get(p.get("check", "")),
        )
        for p in refused.problems
    ]
    return ImportReport([FileResult(refused.file_name, problems=problems, commune=commune)])


def refusal(session: Session, campaign: Campaign, report_id: str) -> Refusal:
    """One stored refusal of the campaign (404 for another campaign's, or an unknown id)."""
    event = session.execute(
        select(AuditEvent).where(
            AuditEvent.object_type == REFUSAL_OBJECT, AuditEvent.object_id == report_id
        )
    ).scalar_one_or_none()
    if (
        event is None
        or event.commune_id is None
        or event.changes.get("campaign") != str(campaign.public_id)
    ):
        raise NotFound(_("This report does not exist."))
    return _refusal(event)


# --- versions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    """A changed cell as a reader sees it: labels instead of codes."""

    indicator: str
    member: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Version:
    """One accepted version of a commune's return and what it changed from the one before."""

    entry: CommuneReturn
    changes: list[CellChange]

    @property
    def first(self) -> bool:
        return self.entry.version == 1


def _readable(cell: Cell | None, value: Any, locale: str) -> Any:
    """A choice's label rather than its code; other values as stored."""
    if cell is None or value is None:
        return value
    for choice in cell.indicator.choices:
        if choice.code == value:
            return choice.label(locale)
    return value


def _cell_change(change: Change, cells: dict[str, Cell], locale: str) -> CellChange:
    cell = cells.get(change.key)
    if cell is None:
        return CellChange(change.indicator, change.member or "", change.before, change.after)
    return CellChange(
        cell.indicator.label(locale),
        cell.member.label(locale) if cell.member else "",
        _readable(cell, change.before, locale),
        _readable(cell, change.after, locale),
    )


def versions(session: Session, campaign: Campaign, commune: Commune, locale: str) -> list[Version]:
    """The commune's versions, newest first, each with the cells it changed.

    A first version changes nothing: it is the commune's first answer, shown as such
    rather than as every cell going from nothing to a value.
    """
    definition, period = campaign_layout(campaign)
    cells = {cell.key: cell for cell in definition.cells(period)}
    history = return_history(session, campaign, commune)
    made = []
    for previous, entry in zip([None, *history], history, strict=False):
        changes = [] if previous is None else return_diff(previous, entry)
        made.append(Version(entry, [_cell_change(c, cells, locale) for c in changes]))
    return made[::-1]
