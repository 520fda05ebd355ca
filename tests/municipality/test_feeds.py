"""The national-feed contract's shared part: a platform that only listens."""

from __future__ import annotations

import pytest

from budget.execution_feed import FEED as EXECUTION
from budget.feeds import FEED as SPENDING
from documents.feeds import DocumentsFeed
from municipality.feeds import OutboundFeed, Outcome
from permits.feeds import FEED as PERMITS
from tests import factories


@pytest.mark.parametrize("feed", [SPENDING, EXECUTION, PERMITS], ids=lambda f: type(f).__name__)
def test_a_listening_platform_s_status_is_skipped(db, feed):
    with db() as session:
        commune = factories.commune(session)
        outcome = feed.apply_status(
            session, commune, actor="national:x", local_id="42", status="closed", notes=""
        )
    assert outcome is Outcome.SKIPPED


def test_the_outbound_feeds_share_the_core_s_base():
    assert all(
        issubclass(feed, OutboundFeed)
        for feed in (type(SPENDING), type(EXECUTION), type(PERMITS), DocumentsFeed)
    )
