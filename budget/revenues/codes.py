"""The revenue section of each country profile's nomenclature, as data.

Each code says which fee items of the commune's catalogue it collects (a payment of a
stamp duty is a revenue of the stamp-duty line), so payments confirmed by the payments
module are booked on the right line without anyone typing them again.
"""

from __future__ import annotations

from typing import NamedTuple

from municipality.i18n import _

SECTION_TITLES = {"operating": _("Operating revenue"), "investment": _("Investment revenue")}


class RevenueCode(NamedTuple):
    section: str
    chapter: str
    article: str
    line: str
    label_fr: str
    label_ar: str
    fee_items: str = ""


REVENUE_CODES: dict[str, tuple[RevenueCode, ...]] = {
    "MA": (
        RevenueCode(
            "operating",
            "10",
            "10",
            "11",
            "Taxe sur les terrains urbains non bâtis",
            "الرسم على الأراضي الحضرية غير المبنية",
        ),
        RevenueCode(
            "operating",
            "10",
            "10",
            "12",
            "Taxe de services communaux",
            "رسم الخدمات الجماعية",
        ),
        RevenueCode(
            "operating",
            "10",
            "20",
            "11",
            "Droits de timbre et de légalisation",
            "رسوم التنبر والإشهاد على صحة الإمضاء",
            "payments.stamp-duty payments.legalisation",
        ),
        RevenueCode(
            "operating",
            "10",
            "10",
            "13",
            "Taxe sur les opérations de construction",
            "الرسم على عمليات البناء",
            "permits.fee",
        ),
        RevenueCode(
            "operating",
            "10",
            "30",
            "11",
            "Droits de place sur les marchés",
            "واجبات الوقوف بالأسواق",
            "payments.market-stall",
        ),
        RevenueCode(
            "operating",
            "10",
            "40",
            "11",
            "Loyers des locaux communaux",
            "كراء المحلات الجماعية",
        ),
        RevenueCode(
            "investment",
            "20",
            "10",
            "11",
            "Subvention d'équipement de l'État",
            "إعانة التجهيز من الدولة",
        ),
    ),
    "ML": (
        RevenueCode(
            "operating",
            "70",
            "706",
            "7062",
            "Droits de timbre et de légalisation",
            "رسوم التنبر والإشهاد على صحة الإمضاء",
            "payments.stamp-duty payments.legalisation",
        ),
        RevenueCode(
            "operating",
            "70",
            "706",
            "7064",
            "Droits de permis de construire",
            "رسوم رخص البناء",
            "permits.fee",
        ),
        RevenueCode(
            "operating",
            "70",
            "707",
            "7071",
            "Droits de place sur les marchés",
            "واجبات الوقوف بالأسواق",
            "payments.market-stall",
        ),
        RevenueCode(
            "operating",
            "73",
            "731",
            "7311",
            "Taxe de développement régional et local",
            "ضريبة التنمية الجهوية والمحلية",
        ),
        RevenueCode(
            "operating",
            "75",
            "752",
            "7521",
            "Revenus des immeubles",
            "مداخيل العقارات",
        ),
        RevenueCode(
            "investment",
            "10",
            "102",
            "1021",
            "Subventions d'équipement de l'État",
            "إعانات التجهيز من الدولة",
        ),
    ),
}
