"""Demo documents: certificates of residence issued over the year, through the issuance.

Each commune gets its document-signer (the seal's demo key), then certificates issued on
working days spread over the year: most still valid, the oldest expired by now, and one
revoked because it was issued with a wrong address.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pyramid.registry import Registry
from sqlalchemy.orm import Session

from documents import issuance
from documents.models import IssuedDocument, SignerKey
from documents.permissions import Perm
from documents.residence import RESIDENCE
from documents.services import demo_signer
from municipality.db import clock_at
from municipality.demo import DemoYear
from municipality.files import upload_dir
from municipality.models import Commune

PERMISSIONS = frozenset({Perm.ISSUE, Perm.REVOKE})
# Full name, the same in Arabic script (or None), place of birth, its Arabic.
MOROCCAN_RESIDENTS = (
    ("Amina Benali", "أمينة بنعلي", "Salé", "سلا"),
    ("Youssef El Amrani", "يوسف العمراني", "Rabat", "الرباط"),
    ("Fatima Zahra Idrissi", "فاطمة الزهراء الإدريسي", "Fès", "فاس"),
    ("Mohamed Tazi", "محمد التازي", "Kénitra", "القنيطرة"),
    ("Khadija Ouazzani", "خديجة الوزاني", "Témara", "تمارة"),
    ("Omar Berrada", "عمر برادة", "Casablanca", "الدار البيضاء"),
)
MOROCCAN_STREETS = (
    ("Rue Ibn Khaldoun, Hay Salam", "زنقة ابن خلدون، حي السلام"),
    ("Avenue Mohammed V, Bettana", "شارع محمد الخامس، بطانة"),
    ("Rue Al Massira, Hay Karima", "زنقة المسيرة، حي كريمة"),
)
MALIAN_RESIDENTS = (
    ("Moussa Traoré", None, "Bamako", None),
    ("Aminata Diallo", None, "Ségou", None),
    ("Bakary Coulibaly", None, "Sikasso", None),
    ("Fatoumata Keïta", None, "Kayes", None),
    ("Oumar Sangaré", None, "Mopti", None),
    ("Mariam Touré", None, "Bamako", None),
)
MALIAN_STREETS = (
    ("Rue 311, Badalabougou", None),
    ("Avenue de l'Yser, Quartier du Fleuve", None),
    ("Rue 224, Bozola", None),
)
WRONG_ADDRESS = "Adresse erronée : le certificat a été refait avec la bonne adresse."


def _day(rng: random.Random, first_year: int, last_year: int) -> str:
    return f"{rng.randint(first_year, last_year)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _data(rng: random.Random, commune: Commune, index: int) -> dict[str, str]:
    """A resident's data as the form would send it (text), in the country's names."""
    moroccan = commune.country_profile == "MA"
    residents = MOROCCAN_RESIDENTS if moroccan else MALIAN_RESIDENTS
    name, name_ar, born_in, born_in_ar = residents[index % len(residents)]
    street, street_ar = rng.choice(MOROCCAN_STREETS if moroccan else MALIAN_STREETS)
    number = rng.randint(1, 120)
    data = {
        "full_name": name,
        "date_of_birth": _day(rng, 1950, 2004),
        "place_of_birth": born_in,
        "national_id": f"{'AB' if moroccan else 'ML'}{rng.randint(100000, 999999)}",
        "address": f"{number}, {street}",
        "resident_since": _day(rng, 2000, 2022),
    }
    if name_ar and street_ar:
        data |= {"full_name_ar": name_ar, "address_ar": f"{number}، {street_ar}"}
    if born_in_ar:
        data["place_of_birth_ar"] = born_in_ar
    return data


def signer(session: Session, registry: Registry, commune: Commune, actor: str) -> SignerKey:
    """The commune's signer certified by the demo root, kept beside the application's files."""
    return demo_signer(
        session,
        actor=actor,
        commune=commune,
        var_dir=upload_dir(registry.settings).parent,
        app_secret=issuance.app_secret(registry),
    )


def _working_day(moment: datetime) -> datetime:
    """10:15 on the first working day at or after ``moment`` (never before it)."""
    day = moment.replace(hour=10, minute=15, second=0, microsecond=0)
    if day < moment:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def load_demo(
    session: Session, commune: Commune, actor: str, year: DemoYear
) -> list[IssuedDocument]:
    """Six certificates over the year in the commune's first language; the first one
    expired by now, the last but one revoked."""
    rng = year.random(commune, "documents")
    with clock_at(year.start):
        signer(session, year.registry, commune, actor)
    days = (year.end - year.start).days
    offsets = (5, days // 3, days // 2, days - 40, days - 12, days - 3)
    issued = []
    for index, offset in enumerate(offsets):
        with clock_at(_working_day(year.start + timedelta(days=max(offset, 0)))):
            issued.append(
                issuance.issue_document(
                    session,
                    year.registry,
                    actor=actor,
                    commune=commune,
                    type_code=RESIDENCE.code,
                    data=_data(rng, commune, index),
                    lang=commune.default_locale,
                    permissions=PERMISSIONS,
                )
            )
    with clock_at(_working_day(year.end - timedelta(days=10))):
        issuance.revoke(
            session,
            actor=actor,
            document=issued[3],
            reason=WRONG_ADDRESS,
            permissions=PERMISSIONS,
        )
    return issued
