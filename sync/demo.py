"""Demo connections: every national platform of the demo commune answered by the simulator."""

from __future__ import annotations

from sqlalchemy.orm import Session

from municipality.demo import DemoYear
from municipality.models import Commune
from sync import services, simulator

DEMO_SIMULATOR = f"http://127.0.0.1:{simulator.DEFAULT_PORT}"


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """Every platform of the demo commune points at the local simulator (``make run``)."""
    app_secret = (year.registry.settings or {}).get("baladiya.core.secret", "")
    for platform in services.PLATFORMS:
        services.configure(
            session,
            actor=actor,
            commune=commune,
            platform=platform,
            data={
                "base_url": f"{DEMO_SIMULATOR}/{platform}",
                "client_id": f"MA/COMMUNE/{commune.slug}",
                "key_id": simulator.DEV_KEY_ID,
                "secret": simulator.DEV_SECRET,
            },
            app_secret=app_secret,
        )
