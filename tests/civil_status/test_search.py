"""Name search in any script: trigram similarity on PostgreSQL, the Python matcher elsewhere."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from civil_status.matching import arabic_key, query_forms, search_words, written_forms
from civil_status.models import Act
from civil_status.services import acts
from civil_status.services import search as trigrams
from municipality.db import utcnow
from tests import factories

LATIN_ONLY = {"given_name_ar": None, "family_name_ar": None}


def _acts(session):
    """Three acts of a Malian bureau (Arabic names optional): one written in Latin only,
    one whose Arabic family name is not its Latin one, one in both alike."""
    commune = factories.commune(session, country="ML")
    factories.enable(session, commune, "civil_status")
    register = factories.register(session, commune_=commune)
    today = utcnow().date()
    mohamed = factories.signed_act(
        session,
        register_=register,
        **LATIN_ONLY,
        given_name_lat="Mohamed",
        family_name_lat="Alaoui",
        father_name="Ahmed Alaoui",
        mother_name="Fatima Zahra Idrissi",
        event_date=today - timedelta(days=40),
        judgment_reference="Jugement 12/2026",
    )
    fatima = factories.signed_act(
        session,
        register_=register,
        given_name_ar="فاطمة",
        family_name_ar="الإدريسي",
        given_name_lat="Fatoumata",
        family_name_lat="Keita",
        father_name="Hassan Idrissi",
        mother_name="Khadija Tazi",
        sex="F",
        event_date=today - timedelta(days=20),
        judgment_reference="Jugement 13/2026",
    )
    yasmine = factories.signed_act(session, register_=register)
    return mohamed, fatima, yasmine


def test_arabic_spelling_variants_fold_to_one_key():
    assert arabic_key("إِدْرِيسِيّ") == arabic_key("ادريسي")
    assert arabic_key("فاطمة") == arabic_key("فاطمه")
    assert arabic_key("العلوي") == "علوي"
    assert search_words("Mohamed Alaoui") == "mohamed alaoui mhmd"


def test_a_one_letter_skeleton_is_not_searched():
    assert query_forms("Ali") == ("ali",)


def test_arabic_query_finds_latin_name_and_back(db):
    with db() as session:
        mohamed, fatima, yasmine = _acts(session)
        assert acts.find(session, acts.Search(name="محمد العلوي")) == [mohamed]
        assert acts.find(session, acts.Search(name="Idrissi")) == [fatima]
        assert acts.find(session, acts.Search(name="Mohammed")) == [mohamed]
        assert acts.find(session, acts.Search(name="ياسمين العمراني")) == [yasmine]
        assert acts.find(session, acts.Search(name="Karima")) == []


def test_name_combines_with_number_dates_kind_and_parent(db):
    with db() as session:
        mohamed, fatima, _yasmine = _acts(session)
        today = utcnow().date()
        found = acts.find(session, acts.Search(name="Idrissi", parent="Hassan"))
        assert found == [fatima]
        assert acts.find(session, acts.Search(name="Fatoumata", number=fatima.number)) == [fatima]
        assert acts.find(session, acts.Search(name="Fatoumata", number=mohamed.number)) == []
        window = acts.Search(
            name="Alaoui", date_from=today - timedelta(days=45), date_to=today - timedelta(days=30)
        )
        assert acts.find(session, window) == [mohamed]
        assert (
            acts.find(session, acts.Search(name="Alaoui", date_to=today - timedelta(days=50))) == []
        )
        assert acts.find(session, acts.Search(name="Alaoui", kind="death")) == []


def test_postgresql_searches_arabic_by_trigrams_under_the_databases_locale(db, backend):
    with db() as session:
        mohamed, fatima, _yasmine = _acts(session)
        if backend != "postgresql":
            assert not trigrams.indexed(session)
            return
        assert trigrams.indexed(session)
        trigrams_of_arabic = session.execute(text("SELECT show_trgm(:w)"), {"w": "فاطمه"}).scalar()
        assert len(trigrams_of_arabic) >= 4
        index = session.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_civil_acts_search_trgm'")
        ).scalar_one()
        assert "gin" in index
        assert "gin_trgm_ops" in index
        stmt = trigrams.matches(select(Act), written_forms("فاطمة"))
        session.execute(text("SET LOCAL enable_seqscan = off"))
        compiled = stmt.compile(session.get_bind())
        plan = session.connection().exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
        assert any("ix_civil_acts_search_trgm" in line for (line,) in plan)
        assert acts.find(session, acts.Search(name="فاطمة")) == [fatima]
        # Spelling variants are folded in the index: ta marbuta written as ha.
        assert acts.find(session, acts.Search(name="فاطمه الادريسي")) == [fatima]
        assert mohamed not in acts.find(session, acts.Search(name="فاطمة"))


def test_postgresql_searches_the_skeleton_only_when_the_name_as_written_finds_nothing(db, backend):
    with db() as session:
        mohamed, fatima, _yasmine = _acts(session)
        mahmoud = factories.signed_act(
            session,
            register_=mohamed.register,
            **LATIN_ONLY,
            given_name_lat="Mahmoud",
            family_name_lat="Tazi",
        )
        if backend != "postgresql":
            assert mahmoud in acts.find(session, acts.Search(name="Mohamed"))
            return
        # "Mahmoud" shares only the skeleton "mhmd": a near-miss once "Mohamed" is found.
        assert acts.find(session, acts.Search(name="Mohamed")) == [mohamed]
        # Spelt like no act, "Mahmud" is searched by its skeleton: it meets both.
        assert set(acts.find(session, acts.Search(name="Mahmud"))) == {mohamed, mahmoud}
        # Nothing is written "Idrissi" in Latin letters: the skeleton meets the Arabic name.
        trigrams.set_threshold(session)
        assert trigrams.closest_ids(session, select(Act), "Idrissi") == [fatima.id]
