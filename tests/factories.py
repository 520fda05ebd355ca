"""Test data, made through the same services the application uses."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pyotp
import webtest
from sqlalchemy.orm import Session

from complaints.models import Category
from complaints.services.categories import create_category
from modules import load_registry
from municipality import accounts, activation, tenants
from municipality.metadata import load_metadata  # noqa: F401 - module tables must be known
from municipality.models import Commune, Region, User
from municipality.roles import second_factor_roles

PASSWORD = "correct-horse-battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
ACTOR = "tests"
_counter = itertools.count(1)


def region(session: Session, slug: str | None = None, country: str = "MA") -> Region:
    slug = slug or f"region-{next(_counter)}"
    return tenants.create_region(
        session,
        actor=ACTOR,
        slug=slug,
        name_fr=f"Région {slug}",
        name_ar=f"جهة {slug}",
        country=country,
    )


def commune(
    session: Session,
    slug: str | None = None,
    region_: Region | None = None,
    country: str = "MA",
    languages: str = "fr ar",
) -> Commune:
    slug = slug or f"commune-{next(_counter)}"
    profile = {
        "MA": ("Africa/Casablanca", "MAD", "EPSG:26191"),
        "ML": ("Africa/Bamako", "XOF", "EPSG:32629"),
    }[country]
    return tenants.create_commune(
        session,
        actor=ACTOR,
        slug=slug,
        region=region_ or region(session, country=country),
        name_fr=f"Commune {slug}",
        name_ar=f"جماعة {slug}",
        country_profile=country,
        timezone=profile[0],
        currency=profile[1],
        projected_crs=profile[2],
        languages=languages,
    )


def user(
    session: Session,
    *,
    role: str | None = None,
    commune_: Commune | None = None,
    region_: Region | None = None,
    email: str | None = None,
    totp: bool | None = None,
    platform_admin: bool = False,
    locale: str | None = None,
) -> User:
    """A user with an optional role; roles that sign or pay get TOTP unless told otherwise."""
    email = email or f"user{next(_counter)}@example.org"
    created = accounts.create_user(
        session,
        actor=ACTOR,
        email=email,
        full_name=email,
        password=PASSWORD,
        platform_admin=platform_admin,
        locale=locale,
    )
    if role:
        accounts.grant_role(
            session, actor=ACTOR, user=created, role=role, commune=commune_, region=region_
        )
    if totp if totp is not None else role in second_factor_roles(None):
        created.totp_secret = TOTP_SECRET
    return created


def enable(session: Session, commune_: Commune, *names: str) -> None:
    registry = load_registry(["notices", "complaints"])
    for name in names:
        activation.enable(
            session, registry, actor=ACTOR, commune=commune_, name=name, with_dependencies=True
        )


@dataclass(frozen=True)
class Credentials:
    email: str
    totp: bool = False


def log_in(
    app: webtest.TestApp, email: str, *, totp: bool = False, password: str = PASSWORD
) -> webtest.TestResponse:
    """Log in through the real form (and the second step when the role needs it)."""
    page = app.get("/login")
    form = page.forms["deform"]
    form["email"] = email
    form["password"] = password
    response = form.submit("login", status="*")
    if totp:
        assert response.status_int == 302, response.text[:500]
        code_page = response.follow()
        code_form = code_page.forms["deform"]
        code_form["code"] = pyotp.TOTP(TOTP_SECRET).now()
        response = code_form.submit("verify")
    return response


def csrf_token(app: webtest.TestApp, path: str = "/login") -> str:
    """The session's CSRF token, read from a page as a browser would."""
    page = app.get(path)
    return page.html.find("input", {"name": "csrf_token"})["value"]


def enable_gis(session: Session, commune_: Commune) -> None:
    """Switch the GIS module on for a commune (maps, zoning, parcels)."""
    activation.enable(session, load_registry(["gis"]), actor=ACTOR, commune=commune_, name="gis")


# --- Complaints ---------------------------------------------------------------------------


def category_payload(**overrides: Any) -> dict[str, Any]:
    """What the category form and service take: road works, unless ``overrides`` say else."""
    return {
        "code": "voirie",
        "name_fr": "Voirie",
        "name_ar": "الطرق",
        "department": "Service de la voirie",
        "hours_to_acknowledge": 48,
        "days_to_resolve": 30,
        **overrides,
    }


def category(session: Session, commune_: Commune, **overrides: Any) -> Category:
    """A complaints category of ``commune_``, made through the complaints service."""
    return create_category(
        session, actor=ACTOR, commune=commune_, data=category_payload(**overrides)
    )
