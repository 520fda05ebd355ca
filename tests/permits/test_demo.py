"""The demo permits: a file in every state, on the commune's demo parcels, through the
services at their own dates."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from documents.models import IssuedDocument
from gis import demo as gis_demo
from gis import sitemap
from municipality import audit
from municipality.db import clock_at, set_commune_scope
from municipality.files import file_store
from permits import demo
from permits.models import InspectionPhoto, PermitFile, PermitSite, Vote
from permits.services import commission
from permits.workflow import FILE_WORKFLOW
from tests import factories
from tests.documents.support import issuing_commune

EVERY_STATE = FILE_WORKFLOW.states - {"occupancy_refused"}


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_the_demo_shows_every_state(db, wsgi_app, country):
    with db() as session:
        year = factories.demo_year(wsgi_app.registry)
        with clock_at(year.start):
            commune = issuing_commune(session, wsgi_app.registry, country=country)
            factories.enable(session, commune, "permits")
        set_commune_scope(session, commune.id)
        gis_demo.load_demo(session, commune, "system:demo", year)
        made = demo.load_demo(session, commune, "system:demo", year)
        states = Counter(session.execute(select(PermitFile.state)).scalars())
        assert len(made) == len(demo.SCENARIOS[country])
        if country == "MA":
            assert set(states) == EVERY_STATE
            assert (
                session.execute(
                    select(PermitFile.decision).where(PermitFile.decision == "tacit")
                ).scalar_one()
                == "tacit"
            )
            assert (
                session.execute(select(PermitFile).where(PermitFile.tacit_warned_on.is_not(None)))
                .scalars()
                .first()
                is not None
            )
        else:
            assert {"draft", "refused", "issued", "occupancy_granted"} <= set(states)
        issued = [f for f in made if f.number]
        sites = session.execute(select(PermitSite)).scalars().all()
        assert len(sites) == len(issued) > 0
        assert all(f.findings for f in made if f.state != "draft" and f.kind == "building")
        # Every issued permit prints the map of a site of the commune's cadastre.
        permits = (
            session.execute(select(IssuedDocument).where(IssuedDocument.type_code == "PRM"))
            .scalars()
            .all()
        )
        assert len(permits) == len(issued)
        for document in permits:
            kept = sitemap.parse_site_map(document.data["site_map"])
            assert kept.site
            assert kept.around
        drawn = [f for f in made if f.site]
        assert len(drawn) == (1 if country == "MA" else 0)
        for file in drawn:
            assert file.parcels == []
            assert file.number
        waiting = [f for f in made if f.state == "commission"]
        assert {v.choice for v in session.execute(select(Vote)).scalars()} >= {
            "approve",
            "approve_with_conditions",
        }
        assert all(commission.tally(session, f).total == 2 for f in waiting)
        photos = session.execute(select(InspectionPhoto)).scalars().all()
        assert photos
        assert file_store(wsgi_app.registry).read(session, photos[0].thumbnail_sha256)
        occupied = [f for f in made if f.state == "occupancy_granted"]
        assert occupied
        assert all(f.occupancy_number and f.occupancy_number.startswith("OCC-") for f in occupied)
        assert audit.verify_chain(session, commune.id).intact
