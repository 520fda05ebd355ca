"""Possible duplicates of an act being entered: the same child declared twice.

The country profile says how close is close: a name score (across scripts, see
:mod:`civil_status.matching`), a window of days around the birth, and whether the
mother must match too. The agent sees the candidates and decides for each one; the
officer cannot sign while a candidate waits for that decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from civil_status.matching import similarity
from civil_status.models import Act, DuplicateDecision
from civil_status.profiles import DuplicateRule
from municipality import audit
from municipality.errors import ValidationFailed
from municipality.i18n import _

DECISIONS = ("distinct", "same")


@dataclass(frozen=True)
class Candidate:
    act: Act
    score: int
    decision: str | None


def is_close(rule: DuplicateRule, act: Act, other: Act) -> int | None:
    """The name score when ``other`` may be the same person as ``act``, else ``None``."""
    if abs((act.event_date - other.event_date).days) > rule.birth_days:
        return None
    score = similarity(act.name_key, other.name_key)
    if score < rule.name_score:
        return None
    if rule.same_mother and similarity(act.mother_key, other.mother_key) < rule.name_score:
        return None
    return score


def candidates(session: Session, act: Act, rule: DuplicateRule) -> list[Candidate]:
    """Acts of the same kind near the event date whose names match, closest first."""
    window = timedelta(days=rule.birth_days)
    nearby = session.execute(
        select(Act).where(
            Act.commune_id == act.commune_id,
            Act.kind == act.kind,
            Act.id != act.id,
            Act.state != "discarded",
            Act.event_date.between(act.event_date - window, act.event_date + window),
        )
    ).scalars()
    decided = _decisions(session, act)
    found = [
        Candidate(other, score, decided.get(other.id))
        for other in nearby
        if (score := is_close(rule, act, other)) is not None
    ]
    return sorted(found, key=lambda c: -c.score)


def _decisions(session: Session, act: Act) -> dict[int, str]:
    rows = session.execute(
        select(DuplicateDecision.candidate_id, DuplicateDecision.decision).where(
            DuplicateDecision.act_id == act.id
        )
    )
    return dict(rows.tuples().all())


def undecided(session: Session, act: Act) -> list[Act]:
    """Candidates recorded at entry that the agent has not decided on yet."""
    return list(
        session.execute(
            select(Act)
            .join(DuplicateDecision, DuplicateDecision.candidate_id == Act.id)
            .where(DuplicateDecision.act_id == act.id, DuplicateDecision.decision == "pending")
        ).scalars()
    )


def record_candidates(session: Session, *, actor: str, act: Act, rule: DuplicateRule) -> int:
    """Keep the candidates found at entry as pending decisions; how many there were."""
    found = candidates(session, act, rule)
    for candidate in found:
        audit.write(
            session,
            DuplicateDecision(
                commune_id=act.commune_id,
                act_id=act.id,
                candidate_id=candidate.act.id,
                score=candidate.score,
                decision="pending",
                decided_by=actor,
            ),
            actor=actor,
            action="civil_status:duplicate:found",
            object_type="civil_status_duplicate",
            changes={"act": str(act.public_id), "candidate": str(candidate.act.public_id)},
        )
    return len(found)


def decide(session: Session, *, actor: str, act: Act, candidate: Act, decision: str) -> None:
    """The agent's word on one candidate: the same person (the entry is then discarded by
    hand) or a distinct one. Audited with who decided."""
    if decision not in DECISIONS:
        raise ValidationFailed(_("Choose whether it is the same person or not."))
    row = session.execute(
        select(DuplicateDecision).where(
            DuplicateDecision.act_id == act.id, DuplicateDecision.candidate_id == candidate.id
        )
    ).scalar_one_or_none()
    if row is None:
        raise ValidationFailed(_("This act was not found close to the one entered."))
    with audit.tracked(
        session,
        row,
        actor=actor,
        action="civil_status:duplicate:decided",
        object_type="civil_status_duplicate",
        values=lambda r: {"decision": r.decision, "decided_by": r.decided_by},
    ):
        row.decision = decision
        row.decided_by = actor
