"""Monthly vital statistics: counted from signed acts, shown, exported, reported."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import select

from civil_status.models import Act
from civil_status.permissions import Perm
from civil_status.services import acts, statistics
from civil_status.services.statistics import MARRIAGE_AGE_GROUPS, age_group
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.models import AuditEvent, Commune
from sync import contracts
from sync.contracts import examples
from tests import factories

OFFICER = frozenset(Perm)


def _previous_month(day: date) -> date:
    return day.replace(day=1) - timedelta(days=1)


def _death(session, commune, register, *, born: date, on: date, sex: str, place: str) -> Act:
    data = {
        "given_name_ar": "أحمد",
        "family_name_ar": "التازي",
        "given_name_lat": f"Ahmed {born.year}",
        "family_name_lat": "Tazi",
        "sex": sex,
        "event_date": on,
        "declared_on": on,
        "place": place,
        "birth_date": born,
        "declarant_name": "Karim Tazi",
    }
    act = acts.enter(session, actor="agent", commune=commune, register=register, data=data)
    acts.act(session, actor="officer", act=act, action="sign", permissions=OFFICER)
    return act


def _bureau(session) -> Commune:
    """This month: two births (one late, by judgment), one draft; last month a death of
    an old man at home and one of an infant at hospital, when last month is this year."""
    commune = factories.commune(session, slug="sale")
    factories.enable(session, commune, "civil_status")
    births = factories.register(session, commune_=commune)
    deaths = factories.register(session, commune_=commune, kind="death")
    today = utcnow().date()
    factories.signed_act(session, register_=births)
    factories.signed_act(
        session,
        register_=births,
        given_name_lat="Omar",
        given_name_ar="عمر",
        sex="M",
        mother_name="Khadija Alaoui",
        event_date=today - timedelta(days=200),
        judgment_reference="Jugement 4/2026",
    )
    factories.act(session, register_=births, given_name_lat="Hiba", mother_name="Nadia Fassi")
    last = _previous_month(today)
    if last.year == today.year:
        _death(session, commune, deaths, born=date(1940, 3, 1), on=last, sex="M", place="Domicile")
        _death(
            session,
            commune,
            deaths,
            born=last - timedelta(days=90),
            on=last,
            sex="F",
            place="Hôpital",
        )
    return commune


def test_age_groups():
    assert [age_group(a) for a in (None, 0, 3, 14, 15, 44, 64, 65, 101)] == [
        "unknown", "0", "1-4", "5-14", "15-24", "25-44", "45-64", "65+", "65+"
    ]  # fmt: skip
    assert [age_group(a, MARRIAGE_AGE_GROUPS) for a in (14, 15, 17, 18, 29, 44, 45)] == [
        "0-14", "15-17", "15-17", "18-19", "25-29", "35-44", "45+"
    ]  # fmt: skip


def test_months_count_signed_acts_by_kind_sex_age_place_and_timeliness(db):
    with db() as session:
        commune = _bureau(session)
        today = utcnow().date()
        months = statistics.compute(session, commune, statistics.month_range(today, 2))
    previous, current = months
    assert current.month == today.strftime("%Y-%m")
    assert current.counts["kind"] == {"birth": 2}
    assert current.counts["sex"] == {"birth:F": 1, "birth:M": 1}
    assert current.counts["timeliness"] == {"on_time": 1, "by_judgment": 1}
    if _previous_month(today).year == today.year:
        assert previous.counts["kind"] == {"death": 2}
        assert previous.counts["age"] == {"65+": 1, "0": 1}
        assert statistics.totals(months, "place") == [
            ("Hôpital provincial", 2),
            ("Domicile", 1),
            ("Hôpital", 1),
        ]


def test_kind_counts_answer_every_month_asked(db):
    with db() as session:
        commune = _bureau(session)
        today = utcnow().date()
        counts = statistics.kind_counts(session, commune, today.year, [today.month, 1])
    assert counts[today.month]["birth"] == 2
    assert set(counts) == {1, today.month}


def test_only_a_finished_month_is_reported_and_it_is_audited(db):
    with db() as session:
        commune = _bureau(session)
        today = utcnow().date()
        last = _previous_month(today).strftime("%Y-%m")
        for month in (today.strftime("%Y-%m"), "2026-13", "", "1999-01"):
            with pytest.raises(ValidationFailed):
                statistics.report_month(session, actor="o", commune=commune, month=month)
        statistics.report_month(session, actor="o", commune=commune, month=last)
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == statistics.REPORT_ACTION)
        ).scalar_one()
        assert event.object_id == last
        payload = statistics.report_payload(session, commune, today.strftime("%Y-%m"))
    assert payload["by_kind"] == {"birth": 2, "death": 0, "marriage": 0}
    assert payload["by_sex"] == {"birth": {"F": 1, "M": 1, "unknown": 0}}
    assert payload["by_timeliness"] == {"on_time": 1, "by_judgment": 1}


@pytest.fixture
def staff(db):
    with db() as session:
        commune = _bureau(session)
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(
            session,
            role="civil_status_officer",
            commune_=commune,
            email="officer@sale.test",
            totp=True,
        )


def test_the_page_charts_and_tables_the_months(app, staff):
    factories.log_in(app, "agent@sale.test")
    page = app.get("/c/sale/civil-status").click(href="statistics")
    rows = page.html.select("table.statistics tbody tr")
    assert len(rows) == 12
    assert page.html.select(".chart, figure")
    assert not page.html.find("select", id="report-month")
    app.get("/c/sale/civil-status/statistics", {"months": "abc"}, status=422)
    app.get("/c/sale/civil-status/statistics", {"months": "99"}, status=422)


def test_the_workbook_has_a_line_per_month_breakdown_and_member(app, staff):
    factories.log_in(app, "agent@sale.test")
    answer = app.get("/c/sale/civil-status/statistics.xlsx", {"months": "2"})
    assert answer.content_type == statistics.XLSX_TYPE
    sheet = openpyxl.load_workbook(io.BytesIO(answer.body)).active
    lines = list(sheet.iter_rows(min_row=2, values_only=True))
    month = utcnow().date().strftime("%Y-%m")
    assert (month, "Type d'acte", "Naissance", 2) in lines
    assert (month, "Délai de déclaration", "Tardif, sur jugement", 1) in lines


def test_the_officer_reports_a_month_and_bad_months_answer_422(app, staff, db):
    factories.log_in(app, "officer@sale.test", totp=True)
    page = app.get("/c/sale/civil-status/statistics")
    form = next(f for f in page.forms.values() if f.action.endswith("/statistics/report"))
    sent = form.submit().follow()
    assert sent.html.find(class_="flash success")
    token = page.html.find("input", attrs={"name": "csrf_token"})["value"]
    app.post(
        "/c/sale/civil-status/statistics/report",
        {"csrf_token": token, "month": "2026-13"},
        status=422,
    )
    with db() as session:
        reported = session.execute(
            select(AuditEvent.object_id).where(AuditEvent.action == statistics.REPORT_ACTION)
        ).scalars()
        assert list(reported) == [form["month"].value]


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def _marriages(session) -> Commune:
    """A Malian bureau's three marriages of this month: both spouses' births recorded, one
    spouse's only, neither."""
    commune = factories.commune(session, slug="kati", country="ML")
    factories.enable(session, commune, "civil_status")
    register = factories.register(session, commune_=commune, kind="marriage")
    wedding = utcnow().date() - timedelta(days=1)
    base = {
        "family_name_lat": "Keita",
        "sex": "M",
        "event_date": wedding,
        "place": "Mairie",
        "witnesses": "Oumar Keita, Seydou Traoré",
    }
    spouses = [
        ("Moussa", "Aminata Traoré", _years_before(wedding, 30), _years_before(wedding, 20)),
        ("Bakary", "Fanta Diarra", _years_before(wedding, 50), None),
        ("Adama", "Awa Coulibaly", None, None),
    ]
    for given, spouse, born, spouse_born in spouses:
        data = {**base, "given_name_lat": given, "spouse_name": spouse}
        data |= {"birth_date": born, "spouse_birth_date": spouse_born}
        act = acts.enter(session, actor="agent", commune=commune, register=register, data=data)
        acts.act(session, actor="officer", act=act, action="sign", permissions=OFFICER)
    return commune


def test_marriages_count_each_spouse_by_age_group_unknown_where_not_given(db):
    with db() as session:
        commune = _marriages(session)
        month = utcnow().date().strftime("%Y-%m")
        (counted,) = statistics.compute(session, commune, [month])
        payload = statistics.report_payload(session, commune, month)
    assert counted.counts["kind"] == {"marriage": 3}
    assert counted.counts["marriage_age"] == {
        "subject:30-34": 1,
        "subject:45+": 1,
        "subject:unknown": 1,
        "spouse:20-24": 1,
        "spouse:unknown": 2,
    }
    assert payload["marriages_by_age"] == {
        "subject": {"30-34": 1, "45+": 1, "unknown": 1},
        "spouse": {"20-24": 1, "unknown": 2},
    }
    envelope = examples.document("civil_status_statistics.reported")
    envelope["payload"] = {**payload, "reported_at": envelope["payload"]["reported_at"]}
    contracts.validate("civil_status.civil_status_statistics.reported", envelope)


def test_a_spouse_born_after_the_wedding_is_refused(db):
    with db() as session:
        commune = factories.commune(session, slug="kati", country="ML")
        factories.enable(session, commune, "civil_status")
        register = factories.register(session, commune_=commune, kind="marriage")
        wedding = utcnow().date() - timedelta(days=1)
        data = {
            "given_name_lat": "Moussa",
            "family_name_lat": "Keita",
            "sex": "M",
            "spouse_name": "Aminata Traoré",
            "spouse_birth_date": wedding + timedelta(days=1),
            "event_date": wedding,
            "place": "Mairie",
            "witnesses": "Oumar Keita",
        }
        with pytest.raises(ValidationFailed) as refused:
            acts.enter(session, actor="agent", commune=commune, register=register, data=data)
        assert "spouse_birth_date" in refused.value.errors
        assert session.execute(select(Act)).first() is None


def test_the_page_and_workbook_show_the_spouses_ages(app, db):
    with db() as session:
        commune = _marriages(session)
        factories.user(session, role="agent", commune_=commune, email="agent@kati.test")
    factories.log_in(app, "agent@kati.test")
    page = app.get("/c/kati/civil-status/statistics")
    rows = {
        r.find("th").text.strip(): [td.text.strip() for td in r.select("td")]
        for r in page.html.select("#marriage-ages tbody tr")
    }
    assert rows["30-34 ans"] == ["1", "0"]
    assert rows["20-24 ans"] == ["0", "1"]
    assert rows["0-14 ans"] == rows["15-17 ans"] == ["0", "0"]
    assert rows["Non renseigné"] == ["1", "2"]
    answer = app.get("/c/kati/civil-status/statistics.xlsx", {"months": "1"})
    lines = list(openpyxl.load_workbook(io.BytesIO(answer.body)).active.iter_rows(values_only=True))
    month = utcnow().date().strftime("%Y-%m")
    assert (month, "Âge des époux au mariage", "Autre époux: Non renseigné", 2) in lines


def test_the_marriage_form_takes_both_spouses_dates_of_birth(app, db):
    with db() as session:
        commune = factories.commune(session, slug="kati", country="ML")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="agent", commune_=commune, email="agent@kati.test")
        register = factories.register(session, commune_=commune, kind="marriage").public_id
    factories.log_in(app, "agent@kati.test")
    page = app.get(f"/c/kati/civil-status/registers/{register}/acts/new")
    assert "Date de naissance du conjoint" in page.text
    form = page.forms["deform"]
    wedding = utcnow().date() - timedelta(days=1)
    values = {
        "given_name_lat": "Moussa",
        "family_name_lat": "Keita",
        "sex": "M",
        "spouse_name": "Aminata Traoré",
        "place": "Mairie",
        "witnesses": "Oumar Keita",
    }
    for name, value in values.items():
        form[name] = value
    born = (_years_before(wedding, 30), _years_before(wedding, 20), wedding)
    for index, day in enumerate(born):  # the subject's, the spouse's, the wedding's
        form.set("date", day.isoformat(), index=index)
    form.submit("enter", status=302)
    with db() as session:
        act = session.execute(select(Act)).scalar_one()
    assert act.details["birth_date"] == born[0].isoformat()
    assert act.details["spouse_birth_date"] == born[1].isoformat()
