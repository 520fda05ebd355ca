"""Board states, stored refusals, and reminders queued once per commune and kind."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from consolidation import board, jobs
from municipality.errors import NotFound
from municipality.models import OutboxMessage
from tests import factories
from tests.consolidation.conftest import REGISTRY, Region, filled_workbook, import_one, load

# The test campaign (2026-10) is due on 2026-11-15, in Morocco's time zone.
BEFORE_REMINDERS = datetime(2026, 11, 1, 12, tzinfo=UTC)
DAY_BEFORE = datetime(2026, 11, 14, 12, tzinfo=UTC)
AFTER = datetime(2026, 11, 20, 12, tzinfo=UTC)


def states(session, region: Region, now: datetime) -> dict[str, str]:
    campaign, _commune = load(session, region, "dune")
    return {row.commune.slug: row.state for row in board.board(session, REGISTRY, campaign, now)}


def admins(db, region: Region) -> None:
    with db() as session:
        for slug in region.communes:
            _campaign, commune = load(session, region, slug)
            factories.user(session, role="commune_admin", commune_=commune, email=f"a@{slug}.test")


def reminder_keys(session) -> list[str]:
    return sorted(
        session.execute(
            select(OutboxMessage.idempotency_key).where(
                OutboxMessage.idempotency_key.startswith(board.REMINDER_PREFIX)
            )
        ).scalars()
    )


def test_nothing_received_is_waiting_then_late(db, region):
    with db() as session:
        assert set(states(session, region, DAY_BEFORE).values()) == {board.WAITING}
        assert set(states(session, region, AFTER).values()) == {board.LATE}


def test_returned_refused_and_counts(db, region):
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        campaign.deadline = date(2099, 1, 1)
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    refused = import_one(
        db, region, "d.xlsx", filled_workbook(db, region, "dune", permits_filed="x")
    )
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        kept = board.record_refusals(session, actor="tests", campaign=campaign, results=[refused])
    with db() as session:
        found = states(session, region, DAY_BEFORE)
        assert found == {"palmeraie": board.RETURNED, "dune": board.REFUSED}
        campaign, commune = load(session, region, "dune")
        rows = board.board(session, REGISTRY, campaign, DAY_BEFORE)
        tally = board.counts(rows)
        assert tally[board.RETURNED] == 1
        assert tally[board.REFUSED] == 1
        assert sum(tally.values()) == 2
        assert [r.commune.slug for r in board.filtered(rows, "owing")] == ["dune"]
        stored = board.refusal(session, campaign, kept["d.xlsx"])
        assert stored.file_name == "d.xlsx"
        assert any(p["found"] == "x" for p in stored.problems)
        again = board.refusal_report(campaign, stored, commune)
        assert again.files[0].problems[0].describe("fr") == refused.problems[0].describe("fr")


def test_a_return_after_the_deadline_is_returned_late(db, region):
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        campaign.deadline = campaign.deadline.replace(year=2020)
    with db() as session:
        assert states(session, region, AFTER)["palmeraie"] == board.RETURNED_LATE


def test_a_refusal_of_another_campaign_is_not_found(db, region):
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        assert board.refusals(session, campaign, []) == []
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        with pytest.raises(NotFound):
            board.refusal(session, campaign, "00000000-0000-0000-0000-000000000000")


def test_reminders_are_queued_once_per_commune_and_kind(db, region):
    admins(db, region)
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        assert jobs.remind(session, REGISTRY, campaign, BEFORE_REMINDERS) == 0
        assert jobs.remind(session, REGISTRY, campaign, DAY_BEFORE) == 2
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        assert jobs.remind(session, REGISTRY, campaign, DAY_BEFORE) == 0
        assert jobs.remind_all(session, REGISTRY, AFTER) == 2
        assert jobs.remind_all(session, REGISTRY, AFTER) == 0
        keys = reminder_keys(session)
    assert keys == sorted(
        f"{board.REMINDER_PREFIX}:{region.campaign}:{slug}:{kind}"
        for slug in region.communes
        for kind in ("before", "after")
    )
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        sent = {
            r.commune.slug: sorted(r.reminders)
            for r in board.board(session, REGISTRY, campaign, AFTER)
        }
    assert sent == {"palmeraie": ["after", "before"], "dune": ["after", "before"]}


def test_reminders_skip_communes_that_returned_and_speak_their_language(db, region):
    admins(db, region)
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        assert jobs.remind(session, REGISTRY, campaign, AFTER) == 1
        message = session.execute(
            select(OutboxMessage).where(
                OutboxMessage.idempotency_key.startswith(board.REMINDER_PREFIX)
            )
        ).scalar_one()
    assert message.payload["to"] == "a@dune.test"
    assert "Relevé en retard" in message.payload["subject"]
    assert "2026-11-15" in message.payload["body"]


def test_no_reminder_without_an_administrator_or_once_closed(db, region):
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        assert jobs.remind(session, REGISTRY, campaign, AFTER) == 0
    admins(db, region)
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        campaign.closed_at = AFTER
        assert jobs.remind(session, REGISTRY, campaign, AFTER) == 0
