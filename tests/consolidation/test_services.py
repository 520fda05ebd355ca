"""Sets and their versions, campaigns, returns kept as versions with their differences."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from consolidation import demo, services, sets
from consolidation.models import Campaign, CommuneReturn, IndicatorSet
from municipality.errors import Conflict, Forbidden, NotFound, ValidationFailed
from municipality.models import AuditEvent, Commune
from tests import factories
from tests.consolidation import files
from tests.consolidation.conftest import (
    Region,
    UnitOfWork,
    filled_workbook,
    good_values,
    import_one,
    load,
)


def test_ready_sets_are_made_once(db: UnitOfWork) -> None:
    with db() as session:
        services.ensure_ready_sets(session, actor="tests")
        services.ensure_ready_sets(session, actor="tests")
        codes = session.execute(select(IndicatorSet.code).order_by(IndicatorSet.code)).all()
    assert [c for (c,) in codes] == ["activity-monthly", "budget-execution"]


def test_a_region_set_gets_new_versions_a_ready_set_does_not(db: UnitOfWork) -> None:
    definition = sets.BUDGET_EXECUTION.to_json()
    with db() as session:
        region = factories.region(session)
        own = services.create_set(
            session,
            actor="tests",
            region=region,
            code="budget-lite",
            title_fr="Budget",
            title_ar="ميزانية",
            frequency="year",
            definition=definition,
        )
        definition["indicators"] = definition["indicators"][:3]
        second = services.add_set_version(
            session, actor="tests", region=region, indicator_set=own, definition=definition
        )
        assert second.number == 2
        assert services.latest_version(session, own).id == second.id
        ready = services.set_for_region(session, region, "activity-monthly")
        with pytest.raises(Forbidden):
            services.add_set_version(
                session, actor="tests", region=region, indicator_set=ready, definition=definition
            )
        with pytest.raises(Conflict):
            services.create_set(
                session,
                actor="tests",
                region=region,
                code="budget-lite",
                title_fr="B",
                title_ar="ب",
                frequency="year",
                definition=definition,
            )
        definition["indicators"][0]["type"] = "money"
        with pytest.raises(ValidationFailed) as failed:
            services.add_set_version(
                session, actor="tests", region=region, indicator_set=own, definition=definition
            )
        assert "unknown type money" in str(failed.value)


def test_another_region_cannot_see_a_region_set(db: UnitOfWork) -> None:
    with db() as session:
        mine, theirs = factories.region(session), factories.region(session)
        own = services.create_set(
            session,
            actor="tests",
            region=theirs,
            code="secret",
            title_fr="S",
            title_ar="س",
            frequency="month",
            definition=sets.ACTIVITY_MONTHLY.to_json(),
        )
        with pytest.raises(NotFound):
            services.set_by_public_id(session, mine, str(own.public_id))
        with pytest.raises(NotFound):
            services.set_for_region(session, mine, "secret")


def test_campaign_periods_must_match_the_set(db: UnitOfWork) -> None:
    with db() as session:
        region = factories.region(session)

        def create(set_code: str, period: str) -> Campaign:
            return services.create_campaign(
                session,
                actor="tests",
                region=region,
                set_code=set_code,
                period=period,
                deadline=date(2027, 1, 31),
            )

        assert create("budget-execution", "2026").period == "2026"
        assert create("activity-monthly", "2026-12").period == "2026-12"
        for set_code, period in (("activity-monthly", "2026-Q4"), ("activity-monthly", "26-1")):
            with pytest.raises(ValidationFailed):
                create(set_code, period)
        with pytest.raises(Conflict):
            create("activity-monthly", "2026-12")
        with pytest.raises(NotFound):
            create("no-such-set", "2026-12")


def test_each_accepted_return_is_a_version_with_its_differences(
    db: UnitOfWork, region: Region
) -> None:
    first = import_one(db, region, "v1.xlsx", filled_workbook(db, region, "dune"))
    changed = filled_workbook(db, region, "dune", complaints_resolved=100, remarks="Corrigé")
    second = import_one(db, region, "v2.xlsx", changed)
    assert first.commune_return is not None
    assert second.commune_return is not None
    assert second.commune_return.version == 2
    with db() as session:
        campaign, commune = load(session, region, "dune")
        history = services.return_history(session, campaign, commune)
        assert [(r.version, r.file_name, r.submitted_by) for r in history] == [
            (1, "v1.xlsx", "tests"),
            (2, "v2.xlsx", "tests"),
        ]
        previous = services.previous_version(session, history[1])
        diff = services.return_diff(previous, history[1])
        before = good_values("dune")["complaints_resolved"]
        assert [(c.key, c.before, c.after) for c in diff] == [
            ("complaints_resolved", before, 100),
            ("remarks", None, "Corrigé"),
        ]
        assert services.current_returns(session, campaign) == {commune.id: history[1]}
        events = session.execute(
            select(AuditEvent.action, AuditEvent.changes)
            .where(AuditEvent.commune_id == commune.id)
            .where(AuditEvent.action == "consolidation:return:accepted")
            .order_by(AuditEvent.seq)
        ).all()
        assert events[-1][1]["changed"] == ["complaints_resolved", "remarks"]


def test_a_diff_inside_a_breakdown_names_the_member(db: UnitOfWork, region: Region) -> None:
    import_one(db, region, "v1.xlsx", filled_workbook(db, region, "dune"))
    changed = filled_workbook(db, region, "dune", **{"civil_acts|death": 999})
    import_one(db, region, "v2.xlsx", changed)
    with db() as session:
        campaign, commune = load(session, region, "dune")
        old, new = services.return_history(session, campaign, commune)
        [change] = services.return_diff(old, new)
    assert (change.indicator, change.member, change.after) == ("civil_acts", "death", 999)


def test_a_zip_of_returns_is_read_file_by_file(db: UnitOfWork, region: Region) -> None:
    archive = files.zip_of(
        {
            "a/first.xlsx": filled_workbook(db, region, "dune"),
            "b/second.xlsx": filled_workbook(db, region, "palmeraie", permits_filed=-1),
            "notes.txt": b"see attached",
        }
    )
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        report = services.import_files(
            session, actor="tests", campaign=campaign, files=[("all.zip", archive)], channel="cli"
        )
    assert [(f.name, f.accepted) for f in report.files] == [
        ("all.zip/a/first.xlsx", True),
        ("all.zip/b/second.xlsx", False),
        ("all.zip/notes.txt", False),
    ]
    assert not report.all_accepted


def test_a_closed_campaign_accepts_nothing(db: UnitOfWork, region: Region) -> None:
    data = filled_workbook(db, region, "dune")
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        services.close_campaign(session, actor="tests", campaign=campaign)
        with pytest.raises(Conflict):
            services.import_files(
                session, actor="tests", campaign=campaign, files=[("r.xlsx", data)], channel="cli"
            )


def test_submitted_values_go_through_the_same_rules(db: UnitOfWork, region: Region) -> None:
    with db() as session:
        campaign, commune = load(session, region, "dune")
        values = demo.demo_values("dune")
        values["complaints_resolved"] = values["complaints_received"] + 1
        with pytest.raises(ValidationFailed) as failed:
            services.submit_values(
                session,
                actor="tests",
                campaign=campaign,
                commune=commune,
                values=values,
                channel="pull",
            )
        assert list(failed.value.errors) == ["complaints_resolved"]
        values["complaints_resolved"] = 1
        stored = services.submit_values(
            session,
            actor="tests",
            campaign=campaign,
            commune=commune,
            values=values,
            channel="pull",
        )
        assert stored.values["complaints_resolved"] == 1


def test_demo_is_idempotent_per_region(db: UnitOfWork) -> None:
    with db() as session:
        region = factories.region(session, "demo-region")
        sale = factories.commune(session, "sale", region)
        other = factories.commune(session, "temara", region)
        for commune in (sale, other, sale, other):
            demo.load_demo(session, commune, "system:demo", factories.demo_year())
        campaigns = session.execute(select(func.count(Campaign.id))).scalar_one()
        versions = session.execute(
            select(Commune.slug, CommuneReturn.version).join(
                Commune, Commune.id == CommuneReturn.commune_id
            )
        ).all()
    assert campaigns == 1
    assert sorted(versions) == [("sale", 1), ("sale", 2)]
