"""Charts drawn on the server as inline SVG, each carrying the table of its figures.

No script and no library reach the browser: a chart is a few kilobytes of SVG that scales
with its ``viewBox`` and works on the slowest connection. Three shapes cover what the pages
show: columns over time (grouped series), a line over time with an optional reference line
(a legal ceiling), and horizontal bars (shares, counts, durations) labelled directly.

Every chart is an image with a name (``role="img"``, ``<title>`` and ``<desc>`` referenced by
``aria-labelledby``), and its figures also go into a table rendered under it (the
``chart`` macro of ``templates/charts.jinja2``), so nothing is only in the picture. Series
differ by more than colour: the second one is hatched and has square markers, a reference
line is dashed and labelled where it is drawn.

Layouts are computed left to right and mirrored for Arabic, so time runs from right to left
and bars grow from the right; digits follow :func:`municipality.i18n.digit_system`.
A chart with fewer than ``minimum`` figures worth drawing is not drawn: the page shows its
empty-state message (and the table, when there is a figure to read).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from municipality.i18n import digit_system, text_direction

WIDTH = 360
TIME_HEIGHT = 250
FONT_SIZE = 14
INK = "#1d2430"
MUTED = "#4f5b6b"
GRID = "#d5dbe3"
TRACK = "#e6eaef"
# Series colours, each at least 3:1 against white (WCAG 1.4.11); the second is also hatched.
COLOURS = ("#0b5c4a", "#9c4400")
REFERENCE_COLOUR = "#a3161a"
# Margins of the time charts: legend above, axis values at the start, two-line ticks below.
TOP, BOTTOM, START, END = 34, 40, 42, 10
MAX_TICKS = 12
BAR_ROW = 46
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ARABIC_INDIC = str.maketrans(
    "0123456789.%", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u066b\u066a"
)

Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True)
class Reading:
    """How the reader reads: direction of the page, and which digits numbers are written in."""

    rtl: bool = False
    arabic_indic: bool = False

    def text(self, value: str) -> str:
        """``value`` with its digits (and decimal and percent signs) in the reader's script."""
        return value.translate(ARABIC_INDIC) if self.arabic_indic else value

    def number(self, value: float | None, decimals: int = 0) -> str:
        """A figure as the table and the axis show it; a dash where there is none."""
        return "—" if value is None else self.text(f"{value:,.{decimals}f}".replace(",", "\u202f"))

    def percent(self, share: float | None) -> str:
        """A share from 0 to 1 as a whole percentage."""
        return "—" if share is None else self.text(f"{round(share * 100)}\u00a0%")


def reading(locale: str, country_profile: str | None) -> Reading:
    """The reading of a page in ``locale`` for a commune (or region) of ``country_profile``."""
    return Reading(
        rtl=text_direction(locale) == "rtl",
        arabic_indic=digit_system(locale, country_profile) == "arab",
    )


@dataclass(frozen=True)
class Series:
    """One named row of figures, a value (or None: no figure) per label of the chart."""

    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Reference:
    """A level drawn across a time chart, such as a legal ceiling, with its label."""

    label: str
    value: float


@dataclass(frozen=True)
class Chart:
    """What the ``chart`` macro renders: the picture (None: too few figures) and its table."""

    key: str
    title: str
    description: str
    svg: Markup | None
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str


# --- Drawing ----------------------------------------------------------------------------------


def _f(value: float) -> str:
    """A coordinate, short: the SVG stays a few kilobytes."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Canvas:
    """SVG parts laid out left to right, mirrored horizontally for a right-to-left reader."""

    def __init__(self, key: str, height: float, rtl: bool) -> None:
        self.key, self.height, self.rtl = key, height, rtl
        self.defs: list[Markup] = []
        self.parts: list[Markup] = []

    def x(self, value: float) -> float:
        return WIDTH - value if self.rtl else value

    def rect(self, x: float, y: float, width: float, height: float, **attrs: str) -> None:
        left = self.x(x + width) if self.rtl else x
        self.parts.append(
            _element("rect", x=_f(left), y=_f(y), width=_f(width), height=_f(height), **attrs)
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: str) -> None:
        ends = {"x1": _f(self.x(x1)), "y1": _f(y1), "x2": _f(self.x(x2)), "y2": _f(y2)}
        self.parts.append(_element("line", **ends, **attrs))

    def path(self, points: Sequence[tuple[float, float]], **attrs: str) -> None:
        route = " ".join(f"{_f(self.x(x))},{_f(y)}" for x, y in points)
        self.parts.append(_element("polyline", points=route, fill="none", **attrs))

    def marker(self, x: float, y: float, index: int, colour: str) -> None:
        """Circles for the first series, squares for the second: shapes tell them apart."""
        if index % 2:
            self.rect(x - 4, y - 4, 8, 8, fill=colour, class_="point")
        else:
            self.parts.append(
                _element("circle", cx=_f(self.x(x)), cy=_f(y), r="4.5", fill=colour, class_="point")
            )

    def text(self, x: float, y: float, value: str, anchor: Anchor = "start", **attrs: str) -> None:
        """Text anchored at its logical start or end, so mirroring keeps it beside its mark."""
        self.parts.append(
            _element("text", value, x=_f(self.x(x)), y=_f(y), text_anchor=anchor, **attrs)
        )

    def hatch(self, colour: str) -> str:
        """A diagonal hatch in ``colour``, for a series that must not rely on colour alone."""
        name = f"{self.key}-hatch"
        stripes = Markup("").join(
            (
                _element("rect", width="6", height="6", fill="#fff"),
                _element("rect", width="3", height="6", fill=colour),
            )
        )
        self.defs.append(
            _element(
                "pattern",
                stripes,
                id=name,
                width="6",
                height="6",
                patternUnits="userSpaceOnUse",
                patternTransform="rotate(45)",
            )
        )
        return f"url(#{name})"

    def svg(self, title: str, description: str) -> Markup:
        title_id, desc_id = f"{self.key}-title", f"{self.key}-desc"
        content = Markup("").join(
            (
                _element("title", title, id=title_id),
                _element("desc", description, id=desc_id),
                _element("defs", Markup("").join(self.defs)) if self.defs else Markup(""),
                *self.parts,
            )
        )
        return _element(
            "svg",
            content,
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {WIDTH} {_f(self.height)}",
            role="img",
            aria_labelledby=f"{title_id} {desc_id}",
            class_="chart-svg",
            direction="rtl" if self.rtl else "ltr",
            font_size=str(FONT_SIZE),
            fill=INK,
        )


def _element(tag: str, content: str | None = None, **attrs: str) -> Markup:
    """An SVG element; ``class_`` and ``font_size`` stand for ``class`` and ``font-size``.

    Attribute values and text are escaped; Markup content (child elements) is kept as is.
    """
    names = Markup("").join(
        Markup(' {}="{}"').format(name.rstrip("_").replace("_", "-"), value)
        for name, value in attrs.items()
    )
    if content is None:
        return Markup("<{}{}/>").format(tag, names)
    return Markup("<{}{}>{}</{}>").format(tag, names, content, tag)


def nice_maximum(value: float) -> tuple[float, float]:
    """The top of a scale over ``value`` and its step: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1.0, 1.0
    rough = value / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return step * math.ceil(value / step - 1e-9), step


def _ticks(labels: Sequence[str]) -> list[tuple[str, str]]:
    """Axis labels of periods: ``YYYY-MM`` shows the month, and the year where it changes."""
    ticks, year = [], ""
    for label in labels:
        found = MONTH.match(label)
        if found is None:
            ticks.append((label, ""))
            continue
        ticks.append((found[2], found[1] if found[1] != year else ""))
        year = found[1]
    return ticks


def _points(series: Sequence[Series]) -> int:
    """How many periods have a figure other than nothing or zero."""
    return sum(1 for values in zip(*(s.values for s in series), strict=True) if any(values))


class _TimeFrame:
    """The scale, grid, axis labels and legend shared by the column and the line charts."""

    def __init__(
        self, canvas: _Canvas, labels: Sequence[str], top_value: float, reader: Reading
    ) -> None:
        self.canvas = canvas
        self.bottom = canvas.height - BOTTOM
        self.slot = (WIDTH - START - END) / max(len(labels), 1)
        self.maximum, step = nice_maximum(top_value)
        level = 0.0
        while level <= self.maximum + 1e-9:
            y = self.y(level)
            canvas.line(START, y, WIDTH - END, y, stroke=GRID if level else MUTED)
            canvas.text(START - 6, y + 4, reader.number(level, 0 if step >= 1 else 1), "end")
            level += step
        every = math.ceil(len(labels) / MAX_TICKS)
        for index, (first, second) in enumerate(_ticks(labels)):
            if index % every == 0 or second:
                canvas.text(self.centre(index), self.bottom + 16, reader.text(first), "middle")
                if second:
                    canvas.text(self.centre(index), self.bottom + 32, reader.text(second), "middle")

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - TOP) * value / self.maximum

    def centre(self, index: int) -> float:
        return START + self.slot * (index + 0.5)

    def legend(self, entries: Sequence[tuple[str, str, str]]) -> None:
        """Swatches (fill, stroke) and names above the plot, in reading order."""
        x = float(START)
        for label, fill, stroke in entries:
            self.canvas.rect(x, 8, 14, 14, fill=fill, stroke=stroke)
            self.canvas.text(x + 20, 19, label)
            x += 34 + len(label) * 7.5


# --- The charts -------------------------------------------------------------------------------


def _table(
    labels: Sequence[str], series: Sequence[Series], reader: Reading, decimals: int
) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (reader.text(label), *(reader.number(s.values[i], decimals) for s in series))
        for i, label in enumerate(labels)
    )


def columns(
    key: str,
    *,
    title: str,
    description: str,
    label_head: str,
    labels: Sequence[str],
    series: Sequence[Series],
    reader: Reading,
    empty: str,
    minimum: int = 2,
) -> Chart:
    """Grouped columns over periods (``labels``), one colour and fill per series."""
    canvas = _Canvas(key, TIME_HEIGHT, reader.rtl)
    svg = None
    if _points(series) >= minimum:
        top = max((v for s in series for v in s.values if v is not None), default=0)
        frame = _TimeFrame(canvas, labels, top, reader)
        fills = [COLOURS[0], canvas.hatch(COLOURS[1])]
        width = frame.slot * 0.8 / len(series)
        for index, one in enumerate(series):
            for slot, value in enumerate(one.values):
                if value:
                    x = frame.centre(slot) - frame.slot * 0.4 + width * index
                    y = frame.y(value)
                    canvas.rect(
                        x,
                        y,
                        width,
                        frame.bottom - y,
                        fill=fills[index % 2],
                        stroke=COLOURS[index % 2],
                        class_="bar",
                    )
        frame.legend([(s.label, fills[i % 2], COLOURS[i % 2]) for i, s in enumerate(series)])
        svg = canvas.svg(title, description)
    return Chart(
        key,
        title,
        description,
        svg,
        (label_head, *(s.label for s in series)),
        _table(labels, series, reader, 0),
        empty,
    )


def line(
    key: str,
    *,
    title: str,
    description: str,
    label_head: str,
    labels: Sequence[str],
    series: Sequence[Series],
    reader: Reading,
    empty: str,
    reference: Reference | None = None,
    decimals: int = 1,
    minimum: int = 2,
) -> Chart:
    """Lines over periods, broken where a period has no figure, and a dashed reference level."""
    canvas = _Canvas(key, TIME_HEIGHT, reader.rtl)
    svg = None
    if _points(series) >= minimum:
        values = [v for s in series for v in s.values if v is not None]
        top = max([*values, reference.value if reference else 0]) * 1.08
        frame = _TimeFrame(canvas, labels, top, reader)
        if reference is not None:
            y = frame.y(reference.value)
            canvas.line(
                START,
                y,
                WIDTH - END,
                y,
                stroke=REFERENCE_COLOUR,
                stroke_width="2",
                stroke_dasharray="6 4",
                class_="reference",
            )
            canvas.text(
                WIDTH - END, y - 6, reader.text(reference.label), "end", fill=REFERENCE_COLOUR
            )
        for index, one in enumerate(series):
            colour = COLOURS[index % 2]
            run: list[tuple[float, float]] = []
            for slot, value in enumerate((*one.values, None)):
                if value is None:
                    if len(run) > 1:
                        canvas.path(run, stroke=colour, stroke_width="2.5", class_="line")
                    run = []
                    continue
                point = (frame.centre(slot), frame.y(value))
                run.append(point)
                canvas.marker(*point, index, colour)
        frame.legend([(s.label, COLOURS[i % 2], COLOURS[i % 2]) for i, s in enumerate(series)])
        svg = canvas.svg(title, description)
    return Chart(
        key,
        title,
        description,
        svg,
        (label_head, *(s.label for s in series)),
        _table(labels, series, reader, decimals),
        empty,
    )


def bars(
    key: str,
    *,
    title: str,
    description: str,
    label_head: str,
    value_head: str,
    labels: Sequence[str],
    values: Sequence[float],
    reader: Reading,
    empty: str,
    value_labels: Sequence[str] | None = None,
    maximum: float | None = None,
    minimum: int = 2,
) -> Chart:
    """Horizontal bars, each under its name with its value written at its end.

    ``maximum`` is the full length of a bar (1 for shares, the number of communes...), drawn
    as a pale track; without it the longest bar takes the full length. ``value_labels`` are
    the written values (durations...); by default the values as numbers.
    """
    shown = (
        [reader.text(v) for v in value_labels]
        if value_labels
        else [reader.number(v) for v in values]
    )
    canvas = _Canvas(key, BAR_ROW * len(labels) + 6, reader.rtl)
    svg = None
    if len(labels) >= minimum:
        full = maximum or max(values) or 1
        length = WIDTH - 70
        for index, (label, value, written) in enumerate(zip(labels, values, shown, strict=True)):
            top = BAR_ROW * index
            canvas.text(2, top + 15, label)
            canvas.rect(2, top + 22, length, 16, fill=TRACK)
            size = length * min(value, full) / full
            canvas.rect(2, top + 22, size, 16, fill=COLOURS[0], class_="bar")
            canvas.text(size + 8, top + 35, written, font_weight="600")
        svg = canvas.svg(title, description)
    rows = tuple((label, written) for label, written in zip(labels, shown, strict=True))
    return Chart(key, title, description, svg, (label_head, value_head), rows, empty)
