"""Moments are shown in the commune's time zone, left to right even in Arabic pages."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from jinja2 import Environment

from municipality.templating import day_filter, digits_filter, local_moment, moment_filter

NOON_UTC = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)


def _render(template: str, timezone: str | None, value: datetime) -> str:
    environment = Environment(autoescape=True)
    environment.filters.update(moment=moment_filter, day=day_filter)
    commune = SimpleNamespace(timezone=timezone) if timezone else None
    request = SimpleNamespace(commune=commune)
    return environment.from_string(template).render(request=request, value=value)


def test_local_moment_uses_the_commune_zone():
    casablanca = local_moment(NOON_UTC, "Africa/Casablanca")
    assert casablanca.utcoffset() == NOON_UTC.astimezone(ZoneInfo("Africa/Casablanca")).utcoffset()
    assert local_moment(NOON_UTC.replace(tzinfo=None), None) == NOON_UTC


def test_filters_render_a_left_to_right_time_element():
    html = _render("{{ value|moment }}", "Asia/Tokyo", NOON_UTC)
    assert html == '<time datetime="2026-01-16T08:30:00+09:00" dir="ltr">2026-01-16 08:30</time>'
    assert ">2026-01-16<" in _render("{{ value|day }}", "Asia/Tokyo", NOON_UTC)
    assert ">2026-01-15<" in _render("{{ value|day }}", None, NOON_UTC)
    assert _render("{{ value|moment }}", None, None) == "—"


@pytest.mark.parametrize(
    ("locale", "profile", "shown"),
    [
        ("ar", "MR", "\u0661\u0662\u066b\u0665 \u066a"),
        ("ar", "MA", "12.5 %"),
        ("fr", "MR", "12.5 %"),
    ],
)
def test_figures_take_the_digits_of_the_language_and_the_commune(locale, profile, shown):
    environment = Environment(autoescape=True)
    environment.filters.update(digits=digits_filter)
    request = SimpleNamespace(commune=SimpleNamespace(country_profile=profile), locale_name=locale)
    assert (
        environment.from_string("{{ value|digits }}").render(request=request, value="12.5 %")
        == shown
    )
