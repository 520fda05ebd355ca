"""The job runner: a transaction of its own, and a module's work commune by commune."""

from __future__ import annotations

import logging

import pytest
from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.engine import Engine

from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory
from municipality.jobs import commune_session, for_each_commune, job_session
from municipality.models import ApiToken, Commune
from tests import factories


@pytest.fixture
def registry(engine: Engine) -> Registry:
    registry = Registry()
    registry[SESSION_FACTORY_KEY] = make_session_factory(engine)
    return registry


def _communes(db) -> dict[str, int]:
    """Three communes; sale and rabat enabled complaints, fes did not."""
    with db() as session:
        ids = {}
        for slug in ("sale", "rabat", "fes"):
            commune = factories.commune(session, slug=slug)
            if slug != "fes":
                factories.enable(session, commune, "complaints")
            ids[slug] = commune.id
        return ids


def _token(session, commune: Commune) -> None:
    session.add(
        ApiToken(
            commune_id=commune.id,
            name=commune.slug,
            prefix="p",
            token_hash=commune.slug,
            permissions=[],
        )
    )


def _token_names(db) -> list[str]:
    with db() as session:
        stmt = select(ApiToken.name).order_by(ApiToken.name).execution_options(all_communes=True)
        return list(session.execute(stmt).scalars())


def _fail_after_writing(registry: Registry, commune_id: int) -> None:
    with job_session(registry) as session:
        _token(session, session.get(Commune, commune_id))
        raise RuntimeError("job failed")


def test_a_job_session_commits_at_the_end_and_rolls_back_on_error(db, registry) -> None:
    ids = _communes(db)
    with job_session(registry) as session:
        _token(session, session.get(Commune, ids["sale"]))
    with pytest.raises(RuntimeError, match="job failed"):
        _fail_after_writing(registry, ids["rabat"])
    assert _token_names(db) == ["sale"]


def test_a_commune_session_sees_only_its_communes_rows(db, registry) -> None:
    ids = _communes(db)
    with job_session(registry) as session:
        for commune_id in ids.values():
            _token(session, session.get(Commune, commune_id))
    with commune_session(registry, ids["rabat"]) as session:
        assert list(session.execute(select(ApiToken.name)).scalars()) == ["rabat"]


def test_each_commune_that_enabled_the_module_gets_its_own_scoped_call(db, registry) -> None:
    ids = _communes(db)
    seen: list[tuple[str, list[str]]] = []

    def work(session, commune: Commune) -> None:
        _token(session, commune)
        session.flush()
        seen.append((commune.slug, list(session.execute(select(ApiToken.name)).scalars())))

    assert for_each_commune(registry, "complaints", work) == []
    assert seen == [("sale", ["sale"]), ("rabat", ["rabat"])]
    assert _token_names(db) == ["rabat", "sale"]
    assert ids["fes"] not in for_each_commune(registry, "complaints", lambda s, c: None)


def test_one_communes_failure_is_rolled_back_and_logged_and_the_others_go_on(
    db, registry, caplog: pytest.LogCaptureFixture
) -> None:
    ids = _communes(db)

    def work(session, commune: Commune) -> None:
        _token(session, commune)
        if commune.slug == "sale":
            raise RuntimeError("the platform is down")

    with caplog.at_level(logging.ERROR, logger="municipality.jobs"):
        assert for_each_commune(registry, "complaints", work) == [ids["sale"]]
    assert _token_names(db) == ["rabat"]
    assert f"job of module complaints failed for commune {ids['sale']}" in caplog.text
