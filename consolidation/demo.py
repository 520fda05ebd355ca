"""Demo content: each demo region runs a campaign of monthly activity for last month.

Called once per commune (manifest ``demo``); the campaign is made by the first commune
of its region and found by the others. Salé has sent two versions (so the history and
its differences show), Bamako one, Témara none yet (so the board has someone to remind).
"""

from __future__ import annotations

import zlib
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consolidation import services
from consolidation.models import Campaign
from consolidation.periods import Period
from municipality.db import utcnow
from municipality.demo import DemoYear
from municipality.models import Commune, Region

SET_CODE = "activity-monthly"
# How many versions of its return each demo commune has sent.
VERSIONS = {"sale": 2, "bamako-commune-3": 1}


def last_month() -> Period:
    today = utcnow().date()
    return Period("month", today.year, today.month).previous()


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """The region's demo campaign (made once) and this commune's returns (once)."""
    region = session.get(Region, commune.region_id)
    assert region is not None
    campaign = _campaign(session, region, actor)
    versions = VERSIONS.get(commune.slug, 0)
    if services.latest_return(session, campaign, commune) is not None:
        return
    for version in range(1, versions + 1):
        services.submit_values(
            session,
            actor=actor,
            campaign=campaign,
            commune=commune,
            values=demo_values(commune.slug, version),
            channel="demo",
        )


def _campaign(session: Session, region: Region, actor: str) -> Campaign:
    period = last_month()
    services.ensure_ready_sets(session, actor=actor)
    indicator_set = services.set_for_region(session, region, SET_CODE)
    existing = session.execute(
        select(Campaign).where(
            Campaign.region_id == region.id,
            Campaign.set_id == indicator_set.id,
            Campaign.period == period.code,
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    return services.create_campaign(
        session,
        actor=actor,
        region=region,
        set_code=SET_CODE,
        period=period.code,
        deadline=utcnow().date() + timedelta(days=10),
    )


def demo_values(seed: str, version: int = 1) -> dict[str, Any]:
    """Plausible figures for a commune, the same every time for the same seed."""
    base = zlib.crc32(seed.encode()) % 50 + 20
    received = base * 3
    values: dict[str, Any] = {
        "civil_acts|birth": base * 4,
        "civil_acts|death": base,
        "civil_acts|marriage": base // 2,
        "civil_acts|divorce": base // 10,
        "civil_acts|other": 3,
        "complaints_received": received,
        "complaints_resolved": received - 7 - version,
        "complaints_online_share": "35",
        "permits_filed": base + 5,
        "permits_issued": base,
        "revenue|local_taxes": f"{base * 10_500}.50",
        "revenue|fees": f"{base * 2_300}.00",
        "revenue|property": f"{base * 800}.00",
        "revenue|other": "0",
        "data_source": "software",
        "remarks": "" if version == 1 else "Corrected count of resolved complaints.",
    }
    return values
