"""Charts as the reader gets them: well-formed SVG with a name, bars and points where the
figures put them, time running right to left in Arabic, digits of the commune's country,
and no chart at all where there are too few figures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from municipality import charts

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["2025-11", "2025-12", "2026-01", "2026-02"]
LTR = charts.Reading()
RTL = charts.Reading(rtl=True)


def _parse(chart: charts.Chart) -> ET.Element:
    assert chart.svg is not None, "the chart was not drawn"
    return ET.fromstring(str(chart.svg))


def _of_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("class") == name]


def _texts(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter(f"{SVG}text")]


def _columns(reader=LTR, received=(4, 8, 2, 6), resolved=(1, None, 2, 3), **extra):
    return charts.columns(
        "received",
        title="Reçues et résolues",
        description="Chaque mois",
        label_head="Mois",
        labels=MONTHS,
        series=[charts.Series("Reçues", received), charts.Series("Résolues", resolved)],
        reader=reader,
        empty="Trop peu de chiffres",
        **extra,
    )


def _line(reader=LTR, values=(4.0, None, 12.5, 9.0), reference=None):
    return charts.line(
        "median",
        title="Délai médian",
        description="Jours",
        label_head="Mois",
        labels=MONTHS,
        series=[charts.Series("Jours", values)],
        reader=reader,
        empty="Trop peu de chiffres",
        reference=reference,
    )


def _bars(reader=LTR, values=(0.5, 1.0, 0.25), **extra):
    return charts.bars(
        "on-time",
        title="Dans le délai",
        description="Part par service",
        label_head="Service",
        value_head="Part",
        labels=["Voirie", "Éclairage", "Eau"],
        values=values,
        value_labels=[reader.percent(v) for v in values],
        maximum=1,
        reader=reader,
        empty="Trop peu de services",
        **extra,
    )


@pytest.mark.parametrize("build", [_columns, _line, _bars])
def test_a_chart_is_an_image_named_by_its_title_and_description(build):
    chart = build()
    root = _parse(chart)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == chart.title
    assert desc is not None
    assert desc.text == chart.description
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert len(str(chart.svg)) < 6000


def test_column_heights_are_proportional_to_the_figures():
    root = _parse(_columns())
    heights = [float(r.get("height", 0)) for r in _of_class(root, "bar")]
    drawn = [4, 8, 2, 6, 1, 2, 3]  # a missing figure draws no column
    assert len(heights) == len(drawn)
    assert all(
        h / v == pytest.approx(heights[0] / drawn[0]) for h, v in zip(heights, drawn, strict=True)
    )


def test_the_second_series_is_hatched_so_it_differs_by_more_than_colour():
    root = _parse(_columns())
    fills = {r.get("fill") for r in _of_class(root, "bar")}
    assert "url(#received-hatch)" in fills
    assert root.find(f"{SVG}defs/{SVG}pattern[@id='received-hatch']") is not None


def test_time_runs_right_to_left_in_arabic():
    left_to_right = [float(r.get("x", 0)) for r in _of_class(_parse(_columns()), "bar")[:4]]
    right_to_left = [float(r.get("x", 0)) for r in _of_class(_parse(_columns(RTL)), "bar")[:4]]
    assert left_to_right == sorted(left_to_right)
    assert right_to_left == sorted(right_to_left, reverse=True)
    assert _parse(_columns(RTL)).get("direction") == "rtl"


def test_the_line_breaks_where_a_month_has_no_figure_and_shows_the_reference():
    ceiling = charts.Reference("Plafond légal : 60 jours", 60)
    root = _parse(_line(reference=ceiling))
    assert len(_of_class(root, "point")) == 3
    lines = _of_class(root, "line")
    assert len(lines) == 1
    assert len(lines[0].get("points", "").split()) == 2
    (level,) = _of_class(root, "reference")
    assert level.get("stroke-dasharray")
    assert float(level.get("y1", 0)) < min(
        float(p.get("cy", 1e9)) for p in _of_class(root, "point")
    )
    assert "Plafond légal : 60 jours" in _texts(root)


def test_bars_measure_their_share_of_the_full_track():
    root = _parse(_bars())
    widths = [float(r.get("width", 0)) for r in _of_class(root, "bar")]
    assert widths[0] == pytest.approx(widths[1] / 2)
    assert widths[2] == pytest.approx(widths[1] / 4)
    assert {"50\u00a0%", "100\u00a0%", "25\u00a0%"} <= set(_texts(root))


def test_bars_grow_from_the_right_in_arabic():
    (first, *_rest) = _of_class(_parse(_bars(RTL)), "bar")
    assert float(first.get("x", 0)) + float(first.get("width", 0)) == pytest.approx(
        charts.WIDTH - 2
    )


def test_the_table_carries_every_figure_in_the_readers_digits():
    latin = _columns()
    assert latin.head == ("Mois", "Reçues", "Résolues")
    assert latin.rows[1] == ("2025-12", "8", "—")
    indic = _columns(charts.Reading(rtl=True, arabic_indic=True))
    assert indic.rows[1] == ("٢٠٢٥-١٢", "٨", "—")
    decimal = _line(charts.Reading(arabic_indic=True)).rows[2]
    assert decimal == ("٢٠٢٦-٠١", "١٢٫٥")  # noqa: RUF001 (Arabic-Indic digits are the point)  # noqa: RUF001 (Arabic-Indic digits are the point)
    assert "٢٠٢٦" in _texts(_parse(indic))
    assert not any(c.isdigit() and c.isascii() for t in _texts(_parse(indic)) for c in t)


@pytest.mark.parametrize(
    ("locale", "profile", "digits"),
    [
        ("ar", "MA", "12"),
        ("ar", "DZ", "12"),
        ("ar", "MR", "١٢"),
        ("fr", "MR", "12"),
        ("ar", None, "12"),
    ],
)
def test_digits_follow_the_language_and_the_country_profile(locale, profile, digits):
    assert charts.reading(locale, profile).number(12) == digits
    assert charts.reading(locale, profile).rtl == (locale == "ar")


def test_a_single_month_draws_no_chart_but_keeps_its_table():
    chart = _columns(received=(0, 0, 5, 0), resolved=(0, None, 1, 0))
    assert chart.svg is None
    assert chart.empty == "Trop peu de chiffres"
    assert chart.rows[2] == ("2026-01", "5", "1")


def test_no_figure_draws_nothing():
    assert _line(values=(None, None, None, None)).svg is None
    empty = charts.bars(
        "none",
        title="T",
        description="D",
        label_head="A",
        value_head="B",
        labels=[],
        values=[],
        reader=LTR,
        empty="Rien",
        minimum=1,
    )
    assert empty.svg is None
    assert empty.rows == ()


def test_a_single_bar_is_drawn_only_when_asked_for():
    one = {"labels": ["Voirie"], "values": [3], "reader": LTR, "empty": "Un seul"}
    names = {"title": "T", "description": "D", "label_head": "A", "value_head": "B"}
    assert charts.bars("one", **names, **one).svg is None
    assert charts.bars("one", **names, **one, minimum=1).svg is not None


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(0, 1, 1), (7, 8, 2), (9.5, 10, 5), (60, 60, 20), (64.8, 80, 20), (0.4, 0.4, 0.1)],
)
def test_scales_end_on_a_round_figure(value, top, step):
    assert charts.nice_maximum(value) == (pytest.approx(top), pytest.approx(step))


def test_text_is_escaped():
    risky = charts.bars(
        "x",
        title="<script>",
        description="a & b",
        label_head="A",
        value_head="B",
        labels=["<b>Voirie</b>", "Eau"],
        values=[1, 2],
        reader=LTR,
        empty="",
    )
    root = _parse(risky)
    assert "<b>Voirie</b>" in _texts(root)
    assert "<script>" not in str(risky.svg)
