"""Tenant slugs: the first segment of public URLs, so never one the application serves."""

from __future__ import annotations

import pytest

from municipality import tenants
from municipality.errors import ValidationFailed
from tests import factories


def test_the_core_keeps_its_own_segments_and_modules_reserve_theirs(wsgi_app):
    reserved = tenants.reserved_slugs(wsgi_app.registry)
    assert {"c", "api", "login", "static"} <= reserved
    # Open311 is the complaints module's: the core no longer knows it by itself.
    assert "open311" in reserved
    assert "open311" not in tenants.RESERVED_SLUGS


@pytest.mark.parametrize("slug", ["api", "open311"])
def test_a_reserved_slug_is_refused_for_regions_and_communes(wsgi_app, db, slug):
    reserved = tenants.reserved_slugs(wsgi_app.registry)
    with db() as session:
        region = factories.region(session)
        with pytest.raises(ValidationFailed, match=f"invalid slug '{slug}'"):
            tenants.create_region(
                session,
                actor="t",
                slug=slug,
                name_fr="x",
                name_ar="x",
                country="MA",
                reserved=reserved,
            )
        with pytest.raises(ValidationFailed, match=f"invalid slug '{slug}'"):
            tenants.create_commune(
                session,
                actor="t",
                slug=slug,
                region=region,
                name_fr="x",
                name_ar="x",
                country_profile="MA",
                timezone="Africa/Casablanca",
                currency="MAD",
                projected_crs="EPSG:26191",
                languages="fr",
                reserved=reserved,
            )
