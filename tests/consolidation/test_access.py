"""Region pages: a region's supervisors reach them, everyone else gets 404.

The walk takes every route under ``/r/{region}/consolidation/`` the application
registers, so pages added later are covered without being listed here.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import webtest

from consolidation import services, sets
from tests import factories
from tests.consolidation.conftest import UnitOfWork
from tests.municipality.test_tenancy import changed_tables, registered_routes, snapshot

PREFIX = "/r/{region}/consolidation"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Placeholders that name a commune (by its slug) rather than an object of the region.
COMMUNE_HOLES = frozenset({"commune", "slug"})


@pytest.fixture
def regions(db: UnitOfWork) -> dict[str, Any]:
    """Regions A and B, each with a commune, a supervisor, a set and a campaign."""
    made: dict[str, Any] = {}
    with db() as session:
        for name in ("a", "b"):
            region = factories.region(session, f"region-{name}")
            commune = factories.commune(session, f"commune-{name}", region)
            factories.user(
                session, role="supervisor", region_=region, email=f"supervisor@{name}.test"
            )
            factories.user(session, role="agent", commune_=commune, email=f"agent@{name}.test")
            own = services.create_set(
                session,
                actor="tests",
                region=region,
                code=f"set-{name}",
                title_fr=f"Ensemble {name}",
                title_ar=f"مجموعة {name}",
                frequency="month",
                definition=sets.ACTIVITY_MONTHLY.to_json(),
            )
            campaign = services.create_campaign(
                session,
                actor="tests",
                region=region,
                set_code=f"set-{name}",
                period="2026-10",
                deadline=services.utcnow().date(),
            )
            made[name] = {
                "region": region.slug,
                "commune": commune.slug,
                "ids": [str(own.public_id), str(campaign.public_id)],
            }
    return made


def _logged_in(wsgi_app: Any, email: str) -> webtest.TestApp:
    app = webtest.TestApp(wsgi_app, extra_environ={"HTTP_HOST": "localhost"})
    assert factories.log_in(app, email).status_int == 302
    return app


def _paths(wsgi_app: Any, target: dict[str, Any]) -> list[str]:
    """Every region route, filled with ``target``'s region and each of its objects."""
    paths = []
    for name, pattern in sorted(registered_routes(wsgi_app).patterns.items()):
        if not pattern.startswith(PREFIX):
            continue
        holes = set(_PLACEHOLDER.findall(pattern)) - {"region"}
        for identifier in target["ids"] if holes else [""]:
            parts = {
                hole: target["commune"] if hole in COMMUNE_HOLES else identifier for hole in holes
            }
            paths.append(
                wsgi_app.routes_mapper.get_route(name).generate(
                    {"region": target["region"], **parts}
                )
            )
    return paths


def test_a_supervisor_of_a_gets_404_everywhere_in_b(
    wsgi_app: Any, engine: Any, regions: dict[str, Any]
) -> None:
    app = _logged_in(wsgi_app, "supervisor@a.test")
    csrf = factories.csrf_token(app, f"/r/{regions['a']['region']}/consolidation/sets/new")
    paths = _paths(wsgi_app, regions["b"])
    assert len(paths) >= 4
    before = snapshot(engine)
    for path in paths:
        app.get(path, status=404)
        app.post(path, {"csrf_token": csrf}, status=404)
    assert changed_tables(before, snapshot(engine)) == []


def test_commune_staff_get_404_and_anonymous_visitors_log_in(
    wsgi_app: Any, regions: dict[str, Any]
) -> None:
    staff = _logged_in(wsgi_app, "agent@b.test")
    anonymous = webtest.TestApp(wsgi_app, extra_environ={"HTTP_HOST": "localhost"})
    for path in _paths(wsgi_app, regions["b"]):
        staff.get(path, status=404)
        assert "/login?next=" in anonymous.get(path, status=302).location


def test_a_supervisor_sees_the_region_sets_and_not_another_region_set(
    wsgi_app: Any, regions: dict[str, Any]
) -> None:
    app = _logged_in(wsgi_app, "supervisor@a.test")
    page = app.get(f"/r/{regions['a']['region']}/consolidation/sets")
    assert "Ensemble a" in page.text
    assert "Activité mensuelle" in page.text
    assert "Ensemble b" not in page.text
    set_a = regions["a"]["ids"][0]
    assert (
        "complaints_resolved"
        in app.get(f"/r/{regions['a']['region']}/consolidation/sets/{set_a}").text
    )
    set_b = regions["b"]["ids"][0]
    app.get(f"/r/{regions['a']['region']}/consolidation/sets/{set_b}", status=404)


def test_a_supervisor_creates_a_set_and_a_new_version(
    wsgi_app: Any, regions: dict[str, Any]
) -> None:
    app = _logged_in(wsgi_app, "supervisor@a.test")
    base = f"/r/{regions['a']['region']}/consolidation/sets"
    form = app.get(f"{base}/new").forms["deform"]
    form["code"] = "roads"
    form["title_fr"] = "Routes"
    form["title_ar"] = "الطرق"
    form["definition"] = "{not json"
    refused = form.submit("create", status=400)
    assert "Ce n'est pas une définition d'ensemble valide" in refused.text
    form = refused.forms["deform"]
    form["definition"] = app.get(f"{base}/new").forms["deform"]["definition"].value
    created = form.submit("create", status=302).follow()
    assert "Routes" in created.text
    version_form = created.click(description="Nouvelle version").forms["deform"]
    version_form["definition"] = version_form["definition"].value.replace(
        '"maximum": "500"', '"maximum": "800"'
    )
    saved = version_form.submit("save", status=302).follow()
    assert "Version 2" in saved.text
