"""The demo connects every national platform of a commune to the local simulator."""

from __future__ import annotations

from sqlalchemy import select

from sync import demo, services
from sync.models import PlatformConnection
from sync.simulator import DEFAULT_PORT, DEV_KEY_ID
from tests import factories


def test_the_demo_points_every_platform_at_the_simulator(db):
    with db() as session:
        commune = factories.commune(session)
        demo.load_demo(session, commune, "system:demo", factories.demo_year())
        connections = session.execute(select(PlatformConnection)).scalars().all()
        assert {c.platform for c in connections} == set(services.PLATFORMS)
        assert all(c.base_url.startswith(f"http://127.0.0.1:{DEFAULT_PORT}/") for c in connections)
        assert all(c.key_id == DEV_KEY_ID for c in connections)
