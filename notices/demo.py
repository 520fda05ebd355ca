"""Demo notices, published through the same service staff use."""

from __future__ import annotations

from sqlalchemy.orm import Session

from municipality.demo import DemoYear
from municipality.models import Commune
from notices import services

DEMO_NOTICES = {
    "fr": [
        (
            "Coupure d'eau programmée",
            "L'alimentation en eau sera interrompue mardi de 9 h à 13 h "
            "dans le quartier central pour des travaux sur le réseau.",
        ),
        (
            "Session ordinaire du conseil",
            "Le conseil communal tiendra sa session ordinaire le "
            "premier lundi du mois, à 10 h, à l'hôtel de ville. La séance est publique.",
        ),
        (
            "Campagne de vaccination",
            "Une campagne de vaccination des enfants se tient au centre "
            "de santé communal toute la semaine prochaine.",
        ),
    ],
    "ar": [
        (
            "انقطاع مبرمج للماء",
            "سينقطع التزويد بالماء يوم الثلاثاء من التاسعة إلى الواحدة بعد "
            "الزوال بالحي المركزي بسبب أشغال على الشبكة.",
        ),
        (
            "الدورة العادية للمجلس",
            "يعقد المجلس الجماعي دورته العادية يوم الاثنين الأول من الشهر "
            "على الساعة العاشرة بمقر الجماعة. الجلسة عمومية.",
        ),
    ],
}


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """A few realistic notices in the commune's languages."""
    for language in commune.languages.split():
        for title, body in DEMO_NOTICES.get(language, []):
            services.publish(
                session,
                actor=actor,
                commune=commune,
                data={"title": title, "body": body, "language": language},
            )
