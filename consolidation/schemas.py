"""Colander schemas of the indicator set forms: a new set, a new version of one.

The indicators, breakdowns and cross-checks are edited as one JSON document (the shape
of :class:`consolidation.definition.SetDefinition`), prefilled from the set being
edited or copied, and checked with the same rules the services apply.
"""

from __future__ import annotations

import json
from typing import Any

import colander
import deform

from consolidation.definition import (
    CHOICE,
    DATE,
    DECIMAL,
    INTEGER,
    PERCENTAGE,
    TEXT,
    SetDefinition,
    problems_in,
)
from consolidation.periods import MONTH, QUARTER, YEAR
from municipality.i18n import _

FREQUENCIES = ((MONTH, _("Monthly")), (QUARTER, _("Quarterly")), (YEAR, _("Yearly")))
TYPE_TITLES = {
    INTEGER: _("Whole number"),
    DECIMAL: _("Decimal number"),
    PERCENTAGE: _("Percentage"),
    TEXT: _("Text"),
    DATE: _("Date"),
    CHOICE: _("Choice list"),
}
SET_CODE = colander.Regex(
    r"^[a-z][a-z0-9-]{1,63}$", msg=_("Lowercase letters, digits and dashes, e.g. roads-yearly")
)


def _definition_validator(node: colander.SchemaNode, value: str) -> None:
    """The JSON must parse and describe a usable set."""
    try:
        data = json.loads(value)
        definition = SetDefinition.from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise colander.Invalid(
            node, _("This is not a valid set definition: ${error}", mapping={"error": str(exc)})
        ) from exc
    problems = problems_in(definition)
    if problems:
        raise colander.Invalid(
            node,
            _("The definition has errors: ${errors}", mapping={"errors": "; ".join(problems)}),
        )


def definition_node() -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        name="definition",
        title=_("Indicators, breakdowns and cross-checks (JSON)"),
        description=_(
            "Each indicator has a code, labels in French and Arabic, a type (integer, "
            "decimal, percentage, text, date, choice), a section, and optionally a unit, "
            "bounds, a breakdown, choices, and how the region combines its answers "
            "(aggregation: sum, share of a base indicator, mean, latest)."
        ),
        validator=_definition_validator,
        widget=deform.widget.TextAreaWidget(rows=24, css_class="code"),
    )


class VersionSchema(colander.Schema):
    """A new version of a region's set."""

    definition = definition_node()


class SetSchema(colander.Schema):
    """A new set of the region, its first version included."""

    code = colander.SchemaNode(colander.String(), title=_("Code"), validator=SET_CODE)
    title_fr = colander.SchemaNode(
        colander.String(), title=_("Title in French"), validator=colander.Length(1, 200)
    )
    title_ar = colander.SchemaNode(
        colander.String(), title=_("Title in Arabic"), validator=colander.Length(1, 200)
    )
    frequency = colander.SchemaNode(
        colander.String(),
        title=_("Collected"),
        validator=colander.OneOf([f for f, _t in FREQUENCIES]),
        widget=deform.widget.SelectWidget(values=FREQUENCIES),
    )
    definition = definition_node()


def definition_text(definition: dict[str, Any]) -> str:
    """A definition as the editor shows it: indented, Arabic left as written."""
    return json.dumps(definition, ensure_ascii=False, indent=2)
