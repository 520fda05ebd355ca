"""Communes that run Baladiya: their figures come from their modules when a campaign closes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
from pyramid.registry import Registry

from complaints.services import filing, statistics
from complaints.services.statistics import MonthCounts
from consolidation import board, export, pull, services
from consolidation.definition import flatten
from municipality import providers
from municipality.models import CommuneModule
from municipality.providers import Kind
from tests import factories
from tests.consolidation.conftest import REGISTRY, Region, filled_workbook, import_one, load

# In Morocco's time zone (UTC+1) both moments fall in October 2026.
IN_OCTOBER = (datetime(2026, 10, 1, 0, 30, tzinfo=UTC), datetime(2026, 10, 31, 22, tzinfo=UTC))
IN_SEPTEMBER = datetime(2026, 9, 30, 22, 30, tzinfo=UTC)


def complaint(
    session, commune, category, when: datetime, *, resolved: bool = False, channel: str = "web"
) -> None:
    filed = filing.file_complaint(
        session,
        actor="tests",
        commune=commune,
        data={"category": category, "description": "Lampadaire éteint", "address": "Rue 1"},
    )
    filed.created_at = when
    filed.channel = channel
    if resolved:
        filed.state = "resolved"
        filed.resolved_at = when


def baladiya_commune(db, region: Region) -> None:
    """Palmeraie runs complaints: three in October (one at the counter), one in September."""
    with db() as session:
        _campaign, commune = load(session, region, "palmeraie")
        factories.enable(session, commune, "complaints")
        category = factories.category(session, commune)
        complaint(session, commune, category, IN_OCTOBER[0], resolved=True, channel="counter")
        complaint(session, commune, category, IN_OCTOBER[1])
        complaint(session, commune, category, IN_OCTOBER[1])
        complaint(session, commune, category, IN_SEPTEMBER)


def test_monthly_counts_follow_the_communes_time_zone(db, region):
    baladiya_commune(db, region)
    with db() as session:
        _campaign, commune = load(session, region, "palmeraie")
        counts = statistics.monthly_counts(session, commune, 2026, [9, 10])
    assert counts == {9: MonthCounts(1, 0, 1), 10: MonthCounts(3, 1, 2)}


def test_a_baladiya_commune_is_pulled_at_closing_not_reminded(db, region):
    baladiya_commune(db, region)
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        found = {r.commune.slug: r.state for r in board.board(session, REGISTRY, campaign)}
        assert found["palmeraie"] == board.AUTOMATIC
        assert found["dune"] == board.LATE
    import_one(db, region, "d.xlsx", filled_workbook(db, region, "dune"))
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        made = pull.close_and_pull(session, REGISTRY, actor="tests", campaign=campaign)
        assert [c.slug for c in made] == ["palmeraie"]
    with db() as session:
        campaign, commune = load(session, region, "palmeraie")
        assert campaign.closed_at is not None
        entry = services.latest_return(session, campaign, commune)
        assert entry is not None
        assert entry.channel == pull.CHANNEL
        values = flatten(entry.values)
        assert values["complaints_received"] == 3
        assert values["complaints_resolved"] == 1
        assert values["complaints_online_share"] == "66.67"
        assert values["permits_filed"] is None
        found = {r.commune.slug: r.state for r in board.board(session, REGISTRY, campaign)}
        assert found == {"palmeraie": board.PULLED, "dune": board.RETURNED_LATE}
        out = io.BytesIO()
        export.export_campaign(
            session, REGISTRY, campaign, out, media_type=export.XLSX_TYPE, locale="fr"
        )
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    rows = {r[0]: r for r in book["palmeraie"].iter_rows(min_row=4, values_only=True)}
    assert rows["Réclamations reçues"][1] == 3
    assert rows["Demandes d'autorisation déposées"][1] == "pas encore disponible"


def test_a_commune_that_sent_its_workbook_is_not_pulled(db, region):
    baladiya_commune(db, region)
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    with db() as session:
        campaign, _commune = load(session, region, "palmeraie")
        assert pull.pull_campaign(session, REGISTRY, actor="tests", campaign=campaign) == []


def test_a_set_without_sources_pulls_no_one(db, region):
    baladiya_commune(db, region)
    with db() as session:
        campaign, _commune = load(session, region, "palmeraie")
        budget = services.create_campaign(
            session,
            actor="tests",
            region=campaign.region,
            set_code="budget-execution",
            period="2026",
            deadline=campaign.deadline,
        )
        assert pull.pulled_communes(session, REGISTRY, budget, campaign.region.communes) == set()
        assert pull.pull_campaign(session, REGISTRY, actor="tests", campaign=budget) == []


class PermitCounts:
    """An indicator source a module that does not exist yet could offer: 7 permits a month."""

    set_code = "activity-monthly"
    indicators = frozenset({"permits_filed", "not_in_the_set"})

    def values(self, session, commune, indicator, year, months):
        return dict.fromkeys(months, 7)


def test_any_module_offering_indicators_is_pulled_for_the_communes_that_enabled_it(db, region):
    registry = Registry()
    providers.offer(
        registry, Kind.INDICATOR_SOURCE, "permits.activity", PermitCounts(), module="permits"
    )
    with db() as session:
        _campaign, commune = load(session, region, "palmeraie")
        session.add(CommuneModule(commune_id=commune.id, module="permits"))
    with db() as session:
        campaign, _commune = load(session, region, "palmeraie")
        made = pull.pull_campaign(session, registry, actor="tests", campaign=campaign)
        assert [c.slug for c in made] == ["palmeraie"]
    with db() as session:
        campaign, commune = load(session, region, "palmeraie")
        values = flatten(services.latest_return(session, campaign, commune).values)
        assert values["permits_filed"] == 7
        assert values["complaints_received"] is None
        found = {r.commune.slug: r.state for r in board.board(session, registry, campaign)}
        assert found["palmeraie"] == board.PULLED
        assert found["dune"] != board.AUTOMATIC
