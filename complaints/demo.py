"""Demo data: the four usual categories, a few complaints at different stages, drawn photos."""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw
from pyramid.threadlocal import get_current_registry
from sqlalchemy.orm import Session

from complaints.models import Complaint
from complaints.permissions import Perm
from complaints.services.categories import create_category, legal_ceiling
from complaints.services.filing import file_complaint
from complaints.services.handling import act
from complaints.services.photos import attach
from complaints.services.residents import can_rate, rate
from municipality.files import STORE_KEY
from municipality.images import accept_image
from municipality.models import Commune

DEMO_CATEGORIES = (
    ("voirie", "Voirie", "الطرق", "Service de la voirie", 48, 30),
    ("eclairage", "Éclairage public", "الإنارة العمومية", "Service technique", 24, 15),
    ("dechets", "Déchets", "النفايات", "Service de la propreté", 24, 7),
    ("eau", "Eau", "الماء", "Service de l'eau et de l'assainissement", 12, 10),
)
DEMO_COMPLAINTS = (
    (
        "voirie",
        "Nid-de-poule profond devant l'école primaire, dangereux pour les vélos.",
        "Avenue Hassan II, devant l'école",
        None,
        (),
    ),
    (
        "eclairage",
        "Trois lampadaires éteints depuis une semaine dans la ruelle.",
        "Derb Sidi Ahmed",
        "resident@example.org",
        ("acknowledge",),
    ),
    (
        "dechets",
        "Le conteneur n'a pas été vidé depuis cinq jours.",
        "Place du marché",
        None,
        ("acknowledge", "assign", "start"),
    ),
    (
        "eau",
        "Fuite d'eau sur la conduite principale, la rue est inondée.",
        "Rue 12, quartier industriel",
        None,
        ("acknowledge", "assign", "start", "resolve"),
    ),
)


def load_demo(session: Session, commune: Commune, actor: str) -> None:
    """The four usual categories and a few complaints at different stages."""
    ceiling = legal_ceiling(commune)
    made = {}
    for code, name_fr, name_ar, department, hours, days in DEMO_CATEGORIES:
        made[code] = create_category(
            session,
            actor=actor,
            commune=commune,
            data={
                "code": code,
                "name_fr": name_fr,
                "name_ar": name_ar,
                "department": department,
                "hours_to_acknowledge": hours,
                "days_to_resolve": min(days, ceiling) if ceiling else days,
            },
        )
    everything = frozenset(Perm)
    for code, description, address, email, actions in DEMO_COMPLAINTS:
        complaint = file_complaint(
            session,
            actor="public",
            commune=commune,
            data={
                "category": made[code],
                "description": description,
                "address": address,
                "reporter_email": email,
            },
        )
        attach_demo(session, actor=actor, complaint=complaint, code=code)
        for action in actions:
            act(session, actor=actor, complaint=complaint, action=action, permissions=everything)
        if can_rate(complaint):
            rate(
                session,
                actor="reporter",
                complaint=complaint,
                rating=4,
                comment="Intervention rapide, merci.",
            )


DEMO_PHOTOS = {"voirie": ("road",), "eclairage": ("lamp", "road")}


def attach_demo(session: Session, *, actor: str, complaint: Complaint, code: str) -> None:
    """Drawn photos on the demo complaints of some categories.

    The demo loader only passes (session, commune, actor), so the store is the one of
    the application being configured (``baladiya demo load`` makes its registry the
    current one); without an application (a bare test session) no photo is made.
    The file store is the application's (:mod:`municipality.files`).
    """
    store = get_current_registry().get(STORE_KEY)
    subjects = DEMO_PHOTOS.get(code, ())
    if store is None or not subjects:
        return
    images = [accept_image(demo_picture(subject)) for subject in subjects]
    attach(session, actor=actor, complaint=complaint, images=images, store=store)


def demo_picture(subject: str) -> bytes:
    """A small drawn picture (a road with a pothole, or a street lamp) as PNG bytes."""
    image = Image.new("RGB", (640, 480), (150, 190, 220))
    draw = ImageDraw.Draw(image)
    if subject == "lamp":
        draw.rectangle((0, 380, 640, 480), fill=(110, 110, 110))
        draw.rectangle((300, 120, 316, 400), fill=(60, 60, 70))
        draw.rectangle((270, 100, 360, 130), fill=(60, 60, 70))
        draw.ellipse((330, 125, 370, 160), fill=(80, 80, 80))
    else:
        draw.rectangle((0, 200, 640, 480), fill=(105, 105, 105))
        draw.rectangle((310, 320, 330, 360), fill=(235, 235, 235))
        draw.ellipse((180, 300, 420, 400), fill=(50, 45, 40))
        draw.ellipse((205, 315, 395, 385), fill=(85, 70, 55))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
