"""The ready sets every region can use at once: monthly activity and budget execution.

They are created (once, region-less) by ``services.ensure_ready_sets``; a region that
needs something different creates its own set, possibly starting from one of these.
"""

from __future__ import annotations

from dataclasses import dataclass

from consolidation.definition import (
    CHOICE,
    CURRENCY_UNIT,
    DATE,
    DECIMAL,
    INTEGER,
    PERCENTAGE,
    TEXT,
    Breakdown,
    CrossCheck,
    Indicator,
    Label,
    SetDefinition,
)
from consolidation.periods import MONTH, YEAR
from municipality.indicators import Rule


@dataclass(frozen=True)
class ReadySet:
    code: str
    title_fr: str
    title_ar: str
    frequency: str
    definition: SetDefinition


_ACT_KINDS = Breakdown(
    "act_kind",
    "Nature de l'acte",
    "نوع الرسم",
    (
        Label("birth", "Naissances", "الولادات"),
        Label("death", "Décès", "الوفيات"),
        Label("marriage", "Mariages", "الزواج"),
        Label("divorce", "Divorces", "الطلاق"),
        Label("other", "Autres mentions", "بيانات أخرى"),
    ),
)
_REVENUE_CATEGORIES = Breakdown(
    "revenue_category",
    "Catégorie de recette",
    "صنف المداخيل",
    (
        Label("local_taxes", "Taxes locales", "الرسوم المحلية"),
        Label("fees", "Droits et redevances", "الحقوق والأتاوى"),
        Label("property", "Produits du domaine", "مداخيل الأملاك"),
        Label("other", "Autres recettes", "مداخيل أخرى"),
    ),
)
_CHAPTERS = Breakdown(
    "chapter",
    "Chapitre budgétaire",
    "الفصل الميزانياتي",
    (
        Label("personnel", "Dépenses de personnel", "نفقات الموظفين"),
        Label("operations", "Fonctionnement courant", "نفقات التسيير"),
        Label("debt", "Service de la dette", "خدمة الدين"),
        Label("equipment", "Équipement", "التجهيز"),
        Label("transfers", "Transferts et subventions", "التحويلات والإعانات"),
    ),
)


def _count(code: str, fr: str, ar: str, section: str, breakdown: str | None = None) -> Indicator:
    """A count of things: a whole number, never negative."""
    return Indicator(
        code=code,
        label_fr=fr,
        label_ar=ar,
        type=INTEGER,
        section=section,
        unit="nombre",
        minimum="0",
        maximum="1000000",
        help_fr="Nombre enregistré pendant la période ; 0 s'il n'y en a aucun.",
        help_ar="العدد المسجل خلال الفترة؛ 0 إن لم يوجد أي شيء.",
        breakdown=breakdown,
        aggregation=Rule.SUM,
    )


ACTIVITY_MONTHLY = SetDefinition(
    sections=(
        Label("civil_status", "État civil", "الحالة المدنية"),
        Label("complaints", "Réclamations", "الشكايات"),
        Label("permits", "Autorisations", "الرخص"),
        Label("revenue", "Recettes", "المداخيل"),
        Label("about", "Remarques", "ملاحظات"),
    ),
    breakdowns=(_ACT_KINDS, _REVENUE_CATEGORIES),
    indicators=(
        _count(
            "civil_acts",
            "Actes d'état civil enregistrés",
            "رسوم الحالة المدنية المسجلة",
            "civil_status",
            breakdown="act_kind",
        ),
        _count("complaints_received", "Réclamations reçues", "الشكايات الواردة", "complaints"),
        _count("complaints_resolved", "Réclamations traitées", "الشكايات المعالجة", "complaints"),
        Indicator(
            code="complaints_online_share",
            label_fr="Part des réclamations déposées en ligne",
            label_ar="نسبة الشكايات المودعة عبر الإنترنت",
            type=PERCENTAGE,
            section="complaints",
            unit="%",
            required=False,
            minimum="0",
            maximum="100",
            help_fr="Entre 0 % et 100 %.",
            help_ar="بين 0٪ و100٪.",
            aggregation=Rule.SHARE,
            base="complaints_received",
        ),
        _count(
            "permits_filed", "Demandes d'autorisation déposées", "طلبات الرخص المودعة", "permits"
        ),
        _count("permits_issued", "Autorisations délivrées", "الرخص المسلمة", "permits"),
        Indicator(
            code="revenue",
            label_fr="Recettes encaissées",
            label_ar="المداخيل المحصلة",
            type=DECIMAL,
            section="revenue",
            unit=CURRENCY_UNIT,
            minimum="0",
            breakdown="revenue_category",
            help_fr="Montant encaissé pendant le mois, dans la monnaie de la commune.",
            help_ar="المبلغ المحصل خلال الشهر بعملة الجماعة.",
            aggregation=Rule.SUM,
        ),
        Indicator(
            code="data_source",
            label_fr="Source des chiffres",
            label_ar="مصدر الأرقام",
            type=CHOICE,
            section="about",
            required=False,
            choices=(
                Label("registers", "Registres", "السجلات"),
                Label("software", "Logiciel de gestion", "برنامج التدبير"),
                Label("estimate", "Estimation", "تقدير"),
            ),
            help_fr="D'où viennent les chiffres de ce relevé.",
            help_ar="من أين تأتي أرقام هذا الجدول.",
        ),
        Indicator(
            code="remarks",
            label_fr="Remarques",
            label_ar="ملاحظات",
            type=TEXT,
            section="about",
            required=False,
            maximum="500",
            help_fr="500 caractères au plus.",
            help_ar="500 حرف على الأكثر.",
        ),
    ),
    checks=(
        CrossCheck(
            "complaints_resolved_le_received",
            ("complaints_resolved",),
            "<=",
            ("complaints_received",),
            "Les réclamations traitées ne peuvent dépasser les réclamations reçues.",
            "لا يمكن أن تتجاوز الشكايات المعالجة الشكايات الواردة.",
        ),
        CrossCheck(
            "permits_issued_le_filed",
            ("permits_issued",),
            "<=",
            ("permits_filed",),
            "Les autorisations délivrées ne peuvent dépasser les demandes déposées.",
            "لا يمكن أن تتجاوز الرخص المسلمة الطلبات المودعة.",
        ),
    ),
)


def _spending(code: str, fr: str, ar: str, help_fr: str, help_ar: str) -> Indicator:
    """An amount of the budget by chapter, in the commune's currency."""
    return Indicator(
        code=code,
        label_fr=fr,
        label_ar=ar,
        type=DECIMAL,
        section="execution",
        unit=CURRENCY_UNIT,
        minimum="0",
        breakdown="chapter",
        help_fr=help_fr,
        help_ar=help_ar,
        aggregation=Rule.SUM,
    )


BUDGET_EXECUTION = SetDefinition(
    sections=(
        Label("execution", "Exécution du budget", "تنفيذ الميزانية"),
        Label("about", "Adoption", "المصادقة"),
    ),
    breakdowns=(_CHAPTERS,),
    indicators=(
        _spending(
            "credits",
            "Crédits ouverts",
            "الاعتمادات المفتوحة",
            "Crédits de l'année après virements.",
            "اعتمادات السنة بعد التحويلات.",
        ),
        _spending(
            "committed",
            "Engagements",
            "الالتزامات",
            "Dépenses engagées pendant l'année.",
            "النفقات الملتزم بها خلال السنة.",
        ),
        _spending(
            "paid",
            "Paiements",
            "الأداءات",
            "Dépenses payées pendant l'année.",
            "النفقات المؤداة خلال السنة.",
        ),
        Indicator(
            code="adopted_on",
            label_fr="Date d'adoption du budget",
            label_ar="تاريخ المصادقة على الميزانية",
            type=DATE,
            section="about",
            required=False,
            minimum="2000-01-01",
            maximum="2100-12-31",
            help_fr="Date de la délibération du conseil.",
            help_ar="تاريخ مداولة المجلس.",
        ),
    ),
    checks=(
        CrossCheck(
            "committed_le_credits",
            ("committed",),
            "<=",
            ("credits",),
            "Les engagements ne peuvent dépasser les crédits ouverts.",
            "لا يمكن أن تتجاوز الالتزامات الاعتمادات المفتوحة.",
        ),
        CrossCheck(
            "paid_le_committed",
            ("paid",),
            "<=",
            ("committed",),
            "Les paiements ne peuvent dépasser les engagements.",
            "لا يمكن أن تتجاوز الأداءات الالتزامات.",
        ),
    ),
)

READY_SETS = (
    ReadySet(
        "activity-monthly",
        "Activité mensuelle",
        "النشاط الشهري",
        MONTH,
        ACTIVITY_MONTHLY,
    ),
    ReadySet(
        "budget-execution",
        "Exécution du budget",
        "تنفيذ الميزانية",
        YEAR,
        BUDGET_EXECUTION,
    ),
)
