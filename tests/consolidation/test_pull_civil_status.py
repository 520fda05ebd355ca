"""A commune running civil status: its signed acts fill the return's acts by kind."""

from __future__ import annotations

from datetime import date

from pyramid.registry import Registry

from civil_status.indicators import MONTHLY_ACTIVITY
from civil_status.permissions import Perm
from civil_status.services import acts
from consolidation import pull, services
from consolidation.definition import flatten
from municipality import providers
from municipality.providers import Kind
from tests import factories
from tests.consolidation.conftest import load

OFFICER = frozenset(Perm)
DEATH = {
    "given_name_ar": "أحمد",
    "family_name_ar": "التازي",
    "given_name_lat": "Ahmed",
    "family_name_lat": "Tazi",
    "sex": "M",
    "place": "Domicile",
    "birth_date": date(1950, 1, 1),
    "declarant_name": "Karim Tazi",
}


def test_civil_acts_are_pulled_by_kind_from_the_signed_acts_of_the_month(db, region):
    registry = Registry()
    providers.offer(
        registry,
        Kind.INDICATOR_SOURCE,
        "civil_status.activity-monthly",
        MONTHLY_ACTIVITY,
        module="civil_status",
    )
    with db() as session:
        _campaign, commune = load(session, region, "palmeraie")
        factories.enable(session, commune, "civil_status")
        births = factories.register(session, commune_=commune, year=2026)
        deaths = factories.register(session, commune_=commune, kind="death", year=2026)
        october = {"declared_on": date(2026, 10, 9), "event_date": date(2026, 10, 2)}
        people = [
            ("آدم", "Adam", "بناني", "Bennani", "Nadia Fassi"),
            ("سلمى", "Salma", "العلوي", "Alaoui", "Houda Berrada"),
            ("هبة", "Hiba", "التازي", "Tazi", "Sanae Kettani"),
        ]
        for given_ar, given, family_ar, family, mother in people:
            names = {
                "given_name_ar": given_ar,
                "given_name_lat": given,
                "family_name_ar": family_ar,
                "family_name_lat": family,
                "mother_name": mother,
            }
            # Hiba's act stays a draft: drafts are not counted.
            enter = factories.act if given == "Hiba" else factories.signed_act
            enter(session, register_=births, **names, **october)
        factories.signed_act(
            session,
            register_=births,
            given_name_lat="Omar",
            given_name_ar="عمر",
            mother_name="Aicha Chraibi",
            declared_on=date(2026, 9, 20),
            event_date=date(2026, 9, 18),
        )
        death = acts.enter(
            session, actor="agent", commune=commune, register=deaths, data={**DEATH, **october}
        )
        acts.act(session, actor="officer", act=death, action="sign", permissions=OFFICER)
    with db() as session:
        campaign, _commune = load(session, region, "palmeraie")
        assert [
            c.slug for c in pull.pull_campaign(session, registry, actor="t", campaign=campaign)
        ] == ["palmeraie"]
    with db() as session:
        campaign, commune = load(session, region, "palmeraie")
        values = flatten(services.latest_return(session, campaign, commune).values)
    assert values["civil_acts|birth"] == 2
    assert values["civil_acts|death"] == 1
    assert values["civil_acts|marriage"] == 0
    assert values["civil_acts|other"] == 0
