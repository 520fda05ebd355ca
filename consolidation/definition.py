"""What an indicator set asks for: sections, indicators, breakdowns and cross-checks.

A set version stores its definition as JSON; this module reads it into frozen
dataclasses and lays it out as the ordered list of input cells every other part shares
(the workbook, the reader, the export): one cell per indicator, or one per member of
its breakdown. A cell's key is the indicator code, or ``code|member``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from consolidation.periods import Period
from municipality.indicators import Rule

INTEGER, DECIMAL, PERCENTAGE, TEXT, DATE, CHOICE = (
    "integer",
    "decimal",
    "percentage",
    "text",
    "date",
    "choice",
)
TYPES = (INTEGER, DECIMAL, PERCENTAGE, TEXT, DATE, CHOICE)
NUMERIC_TYPES = frozenset({INTEGER, DECIMAL, PERCENTAGE})
# What an indicator that declares no rule does: counts and amounts add up, and a
# percentage, whose base is unknown, counts each answer the same.
DEFAULT_RULES = {INTEGER: Rule.SUM, DECIMAL: Rule.SUM, PERCENTAGE: Rule.MEAN}
# Rules that add answers up: meaningless for a percentage.
ADDING_RULES = frozenset({Rule.SUM, Rule.LATEST})
OPERATORS = ("<=", "<", ">=", ">", "==")
# The breakdown whose members are the months of the campaign's period.
MONTHS = "month"
CODE = re.compile(r"[a-z][a-z0-9_]{0,47}")
KEY_SEPARATOR = "|"
# The unit that stands for the commune's own currency (MAD, XOF, MRU).
CURRENCY_UNIT = "currency"


@dataclass(frozen=True)
class Label:
    """A code with its French and Arabic labels (breakdown members, choices, sections)."""

    code: str
    label_fr: str
    label_ar: str

    def label(self, locale: str) -> str:
        return self.label_ar if locale == "ar" else self.label_fr

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Label:
        return cls(str(data["code"]), str(data["label_fr"]), str(data["label_ar"]))

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "label_fr": self.label_fr, "label_ar": self.label_ar}


@dataclass(frozen=True)
class Breakdown:
    """A dimension an indicator is split by (a category list, or the period's months)."""

    code: str
    label_fr: str
    label_ar: str
    members: tuple[Label, ...] = ()

    def label(self, locale: str) -> str:
        return self.label_ar if locale == "ar" else self.label_fr

    def members_for(self, period: Period) -> tuple[Label, ...]:
        """The members for one campaign: the months of its period for :data:`MONTHS`."""
        if self.code != MONTHS:
            return self.members
        return tuple(_month(period.year, month) for month in period.months())

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Breakdown:
        members = tuple(Label.from_json(m) for m in data.get("members", ()))
        return cls(str(data["code"]), str(data["label_fr"]), str(data["label_ar"]), members)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label_fr": self.label_fr,
            "label_ar": self.label_ar,
            "members": [m.to_json() for m in self.members],
        }


_MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
)


def _month(year: int, month: int) -> Label:
    return Label(
        f"{year}_{month:02d}", f"{_MONTHS_FR[month - 1]} {year}", f"{_MONTHS_AR[month - 1]} {year}"
    )


@dataclass(frozen=True)
class Indicator:
    """One figure a commune reports, with its type, bounds and help.

    ``minimum``/``maximum`` are strings read according to the type (a number, or an
    ISO date); for text, ``maximum`` is the longest length allowed. ``aggregation`` is
    the :class:`~municipality.indicators.Rule` its answers combine by (over months,
    members and communes), ``base`` the indicator a share is a share of.
    """

    code: str
    label_fr: str
    label_ar: str
    type: str
    section: str
    unit: str = ""
    required: bool = True
    minimum: str | None = None
    maximum: str | None = None
    breakdown: str | None = None
    choices: tuple[Label, ...] = ()
    help_fr: str = ""
    help_ar: str = ""
    aggregation: str | None = None
    base: str | None = None

    def label(self, locale: str) -> str:
        return self.label_ar if locale == "ar" else self.label_fr

    def help(self, locale: str) -> str:
        return self.help_ar if locale == "ar" else self.help_fr

    @property
    def rule(self) -> Rule | None:
        """How its answers combine: as declared, else by type; ``None`` if they do not."""
        if self.aggregation in set(Rule):
            return Rule(self.aggregation)
        return DEFAULT_RULES.get(self.type)

    @property
    def adds_up(self) -> bool:
        """Whether the communes' answers add up (counts, amounts, levels)."""
        return self.rule in ADDING_RULES

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Indicator:
        return cls(
            code=str(data["code"]),
            label_fr=str(data["label_fr"]),
            label_ar=str(data["label_ar"]),
            type=str(data["type"]),
            section=str(data["section"]),
            unit=str(data.get("unit") or ""),
            required=bool(data.get("required", True)),
            minimum=_optional(data.get("minimum")),
            maximum=_optional(data.get("maximum")),
            breakdown=_optional(data.get("breakdown")),
            choices=tuple(Label.from_json(c) for c in data.get("choices", ())),
            help_fr=str(data.get("help_fr") or ""),
            help_ar=str(data.get("help_ar") or ""),
            aggregation=_optional(data.get("aggregation")),
            base=_optional(data.get("base")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label_fr": self.label_fr,
            "label_ar": self.label_ar,
            "type": self.type,
            "section": self.section,
            "unit": self.unit,
            "required": self.required,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "breakdown": self.breakdown,
            "choices": [c.to_json() for c in self.choices],
            "help_fr": self.help_fr,
            "help_ar": self.help_ar,
            "aggregation": self.aggregation,
            "base": self.base,
        }


def _optional(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


@dataclass(frozen=True)
class CrossCheck:
    """A rule between indicators: ``sum(left) <op> sum(right)``.

    When every indicator on both sides has the same breakdown the rule holds member by
    member (resolved <= received each month); otherwise it compares totals.
    """

    code: str
    left: tuple[str, ...]
    operator: str
    right: tuple[str, ...]
    message_fr: str
    message_ar: str

    def message(self, locale: str) -> str:
        return self.message_ar if locale == "ar" else self.message_fr

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CrossCheck:
        return cls(
            code=str(data["code"]),
            left=tuple(str(c) for c in data["left"]),
            operator=str(data["operator"]),
            right=tuple(str(c) for c in data["right"]),
            message_fr=str(data.get("message_fr") or ""),
            message_ar=str(data.get("message_ar") or ""),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "left": list(self.left),
            "operator": self.operator,
            "right": list(self.right),
            "message_fr": self.message_fr,
            "message_ar": self.message_ar,
        }


@dataclass(frozen=True)
class Cell:
    """One input cell of a return: an indicator, or one member of its breakdown."""

    key: str
    indicator: Indicator
    member: Label | None = None


@dataclass(frozen=True)
class SetDefinition:
    """A set version's content. Sections become the workbook's sheets, in order."""

    sections: tuple[Label, ...]
    indicators: tuple[Indicator, ...]
    breakdowns: tuple[Breakdown, ...] = ()
    checks: tuple[CrossCheck, ...] = ()
    _by_code: dict[str, Indicator] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({i.code: i for i in self.indicators})

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SetDefinition:
        return cls(
            sections=tuple(Label.from_json(s) for s in data.get("sections", ())),
            indicators=tuple(Indicator.from_json(i) for i in data.get("indicators", ())),
            breakdowns=tuple(Breakdown.from_json(b) for b in data.get("breakdowns", ())),
            checks=tuple(CrossCheck.from_json(c) for c in data.get("checks", ())),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "sections": [s.to_json() for s in self.sections],
            "indicators": [i.to_json() for i in self.indicators],
            "breakdowns": [b.to_json() for b in self.breakdowns],
            "checks": [c.to_json() for c in self.checks],
        }

    def indicator(self, code: str) -> Indicator:
        return self._by_code[code]

    def indicators_by_code(self) -> Mapping[str, Indicator]:
        return self._by_code

    def breakdown(self, code: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.code == code)

    def section_indicators(self, section: str) -> list[Indicator]:
        return [i for i in self.indicators if i.section == section]

    def cells(self, period: Period) -> list[Cell]:
        """Every input cell of a return for ``period``, in workbook order."""
        cells: list[Cell] = []
        for section in self.sections:
            for indicator in self.section_indicators(section.code):
                cells.extend(self.indicator_cells(indicator, period))
        return cells

    def indicator_cells(self, indicator: Indicator, period: Period) -> list[Cell]:
        if indicator.breakdown is None:
            return [Cell(indicator.code, indicator)]
        members = self.breakdown(indicator.breakdown).members_for(period)
        return [Cell(cell_key(indicator.code, m.code), indicator, m) for m in members]


def cell_key(code: str, member: str | None = None) -> str:
    """The key of an indicator's cell, or of one member of its breakdown."""
    return code if member is None else f"{code}{KEY_SEPARATOR}{member}"


def flatten(values: Mapping[str, Any]) -> dict[str, Any]:
    """A return's stored values as ``{cell key: value}``."""
    flat: dict[str, Any] = {}
    for code, value in values.items():
        if isinstance(value, dict):
            flat.update({cell_key(code, member): v for member, v in value.items()})
        else:
            flat[code] = value
    return flat


def nest(cells: Iterable[Cell], flat: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of cell values: breakdown members grouped under their indicator."""
    values: dict[str, Any] = {}
    for cell in cells:
        value = flat.get(cell.key)
        if cell.member is None:
            values[cell.indicator.code] = value
        else:
            values.setdefault(cell.indicator.code, {})[cell.member.code] = value
    return values


def problems_in(definition: SetDefinition) -> list[str]:
    """What makes a definition unusable, in English for the editor's error list.

    Checked before a version is stored: codes are well formed and unique, every
    reference (section, breakdown, check operand) exists, types and operators are known,
    choice indicators list their choices.
    """
    problems: list[str] = []
    seen: set[str] = set()
    for indicator in definition.indicators:
        if indicator.code in seen:
            problems.append(f"indicator {indicator.code} appears twice")
        seen.add(indicator.code)
        problems.extend(_indicator_problems(definition, indicator))
    for breakdown in definition.breakdowns:
        problems.extend(
            f"breakdown {breakdown.code}: member code {m.code!r} must be lowercase letters, "
            "digits, _"
            for m in breakdown.members
            if not CODE.fullmatch(m.code)
        )
    for check in definition.checks:
        if check.operator not in OPERATORS:
            problems.append(f"check {check.code}: unknown operator {check.operator}")
        for operand in check.left + check.right:
            if operand not in seen:
                problems.append(f"check {check.code}: unknown indicator {operand}")
            elif definition.indicator(operand).type not in NUMERIC_TYPES:
                problems.append(f"check {check.code}: {operand} is not a number")
    if not definition.indicators:
        problems.append("a set needs at least one indicator")
    return problems


def _indicator_problems(definition: SetDefinition, indicator: Indicator) -> list[str]:
    code = indicator.code
    problems = []
    if not CODE.fullmatch(code):
        problems.append(f"indicator code {code!r} must be lowercase letters, digits, _")
    if indicator.type not in TYPES:
        problems.append(f"indicator {code}: unknown type {indicator.type}")
    if indicator.section not in {s.code for s in definition.sections}:
        problems.append(f"indicator {code}: unknown section {indicator.section}")
    if indicator.breakdown is not None and indicator.breakdown not in {
        b.code for b in definition.breakdowns
    }:
        problems.append(f"indicator {code}: unknown breakdown {indicator.breakdown}")
    if indicator.type == CHOICE and not indicator.choices:
        problems.append(f"indicator {code}: a choice list needs choices")
    return problems + _rule_problems(definition, indicator)


def _rule_problems(definition: SetDefinition, indicator: Indicator) -> list[str]:
    """A rule fits the type; a share names a base that adds up, split like the share."""
    code, declared = indicator.code, indicator.aggregation
    if declared is None:
        return [] if indicator.base is None else [f"indicator {code}: only a share has a base"]
    if declared not in set(Rule):
        return [f"indicator {code}: unknown aggregation {declared}"]
    if indicator.type not in NUMERIC_TYPES:
        return [f"indicator {code}: only numbers are aggregated"]
    if indicator.type == PERCENTAGE and Rule(declared) in ADDING_RULES:
        return [f"indicator {code}: percentages do not add up ({declared})"]
    if declared != Rule.SHARE:
        return [] if indicator.base is None else [f"indicator {code}: only a share has a base"]
    base = definition.indicators_by_code().get(indicator.base or "")
    if base is None:
        return [f"indicator {code}: a share needs the indicator it is a share of"]
    if not base.adds_up:
        return [f"indicator {code}: its base {base.code} does not add up"]
    if indicator.breakdown is not None and base.breakdown != indicator.breakdown:
        return [f"indicator {code}: its base {base.code} must have its breakdown"]
    return []
