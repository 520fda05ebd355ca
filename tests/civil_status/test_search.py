"""Name search in any script: trigram similarity on PostgreSQL, the Python matcher elsewhere."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from civil_status.matching import SearchColumns, arabic_key, query_skeleton, search_columns
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


def test_each_form_of_the_names_has_its_column():
    assert search_columns("محمد العلوي", "Mohamed Alaoui", None) == SearchColumns(
        search_ar="محمد علوي", search_lat="mohamed alaoui", search_bare="mhmd l mhmd"
    )
    assert search_columns("", "Mahmoud Tazi") == SearchColumns("", "mahmoud tazi", "mhmd tz")
    assert search_columns("فاطمة الإدريسي", "Fatoumata Keita") == SearchColumns(
        search_ar="فاطمه ادريسي", search_lat="fatoumata keita", search_bare="ftmt drs ftmt kt"
    )


def test_a_one_letter_skeleton_is_not_searched():
    assert query_skeleton("Ali") == ""
    assert query_skeleton("Mohamed El Idrissi") == "mhmd drs"


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


def _plan(session, arms) -> str:
    """The plan PostgreSQL makes for the ranked ids of ``arms``, scans of the table off."""
    session.execute(text("SET LOCAL enable_seqscan = off"))
    compiled = trigrams.matches(select(Act), arms).compile(session.get_bind())
    plan = session.connection().exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
    return "\n".join(line for (line,) in plan)


def test_postgresql_searches_arabic_by_trigrams_under_the_databases_locale(db, backend):
    with db() as session:
        mohamed, fatima, _yasmine = _acts(session)
        if backend != "postgresql":
            assert not trigrams.indexed(session)
            return
        assert trigrams.indexed(session)
        trigrams_of_arabic = session.execute(text("SELECT show_trgm(:w)"), {"w": "فاطمه"}).scalar()
        assert len(trigrams_of_arabic) >= 4
        assert acts.find(session, acts.Search(name="فاطمة")) == [fatima]
        # Spelling variants are folded in the index: ta marbuta written as ha.
        assert acts.find(session, acts.Search(name="فاطمه الادريسي")) == [fatima]
        assert mohamed not in acts.find(session, acts.Search(name="فاطمة"))


def test_postgresql_answers_each_form_from_its_own_trigram_index(db, backend):
    with db() as session:
        _acts(session)
        if backend != "postgresql":
            return
        indexes = dict(
            session.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'civil_acts'")
            ).all()
        )
        for column in SearchColumns._fields:
            assert f"gin ({column} gin_trgm_ops)" in indexes[f"ix_civil_acts_{column}_trgm"]
        one_script = indexes["ix_civil_acts_search_bare_one_script_trgm"]
        assert "WHERE" in one_script
        arabic = _plan(session, trigrams.first_arms("فاطمة الإدريسي"))
        assert "ix_civil_acts_search_ar_trgm" in arabic
        assert "ix_civil_acts_search_bare_one_script_trgm" in arabic
        # The index's recheck is the whole condition: no candidate is scored twice.
        assert not [line for line in arabic.splitlines() if "Filter" in line and "%>" in line]
        latin = _plan(session, trigrams.first_arms("Fatoumata Keita"))
        assert "ix_civil_acts_search_lat_trgm" in latin
        assert "ix_civil_acts_search_bare_one_script_trgm" in latin
        assert "ix_civil_acts_search_bare_trgm" in _plan(
            session, trigrams.fallback_arms("Fatoumata Keita")
        )


def test_the_skeleton_meets_the_acts_written_in_one_script_beside_those_found_as_written(
    db, backend
):
    """Mali requires the Latin name and not the Arabic one: a query that finds acts under
    its name as written also lists the acts written only in Latin letters whose skeleton
    it meets, in either script: "Mahmoud" beside "Mohamed" and "محمد"."""
    with db() as session:
        mohamed, _fatima, _yasmine = _acts(session)
        both = factories.signed_act(
            session,
            register_=mohamed.register,
            given_name_ar="محمد",
            family_name_ar="التازي",
            given_name_lat="Mohammed",
            family_name_lat="Tazi",
            mother_name="Aminata Diallo",
        )
        latin = [
            factories.signed_act(
                session,
                register_=mohamed.register,
                **LATIN_ONLY,
                given_name_lat=given,
                family_name_lat="Tazi",
                mother_name=f"Mère {n}",
                event_date=utcnow().date() - timedelta(days=100 * n),
                judgment_reference=f"Jugement {n}/2026",
            )
            for n, given in enumerate(("Mohamed", "Mahmoud", "Hamid"), start=1)
        ]
        expected = {both, *latin[:2]}
        arabic_query = set(acts.find(session, acts.Search(name="محمد التازي")))
        latin_query = set(acts.find(session, acts.Search(name="Mohamed Tazi")))
        assert expected <= arabic_query
        assert expected <= latin_query
        if backend == "postgresql":
            assert arabic_query == expected
            assert latin_query == expected


def test_postgresql_searches_every_skeleton_only_when_the_name_as_written_finds_nothing(
    db, backend
):
    """An act written in both scripts is met by its skeleton only when the query, as
    written, finds no act: "Mohamed" does not list "Mahmoud" then."""
    with db() as session:
        mohamed, fatima, _yasmine = _acts(session)
        mahmoud = factories.signed_act(
            session,
            register_=mohamed.register,
            given_name_ar="محمود",
            family_name_ar="التازي",
            given_name_lat="Mahmoud",
            family_name_lat="Tazi",
        )
        if backend != "postgresql":
            assert mahmoud in acts.find(session, acts.Search(name="Mohamed"))
            return
        assert acts.find(session, acts.Search(name="Mohamed")) == [mohamed]
        # Spelt like no act, and no act written in one script has its skeleton: every
        # act's skeleton is searched.
        assert acts.find(session, acts.Search(name="Mahmud Tazy")) == [mahmoud]
        # Nothing is written "Idrissi" in Latin letters: the skeleton meets the Arabic name.
        trigrams.set_threshold(session)
        assert trigrams.closest_ids(session, select(Act), "Idrissi") == [fatima.id]
