"""Template helpers every page shares: moments shown in the commune's time zone.

Times are stored in UTC; people read them in their commune's zone (Africa/Casablanca,
Africa/Bamako...). The markup is a ``<time>`` element in left-to-right order, so a date
inside an Arabic sentence is not mirrored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import pass_context
from markupsafe import Markup, escape

from municipality.charts import reading

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def local_moment(moment: datetime, timezone: str | None) -> datetime:
    """``moment`` (UTC, aware or naive) in ``timezone``, or in UTC without one."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone)) if timezone else aware.astimezone(UTC)


def _time_element(value: date | datetime | None, context: Any, fmt: str) -> Markup:
    if value is None:
        return Markup("—")
    if isinstance(value, datetime):
        commune = getattr(context.get("request"), "commune", None)
        value = local_moment(value, commune.timezone if commune else None)
    return Markup('<time datetime="{}" dir="ltr">{}</time>').format(
        escape(value.isoformat()), escape(value.strftime(fmt))
    )


@pass_context
def moment_filter(context: Any, value: datetime | None) -> Markup:
    """``{{ x.created_at|moment }}``: date and time in the commune's zone."""
    return _time_element(value, context, DATETIME_FORMAT)


@pass_context
def day_filter(context: Any, value: date | datetime | None) -> Markup:
    """``{{ x.created_at|day }}``: the date in the commune's zone."""
    return _time_element(value, context, DATE_FORMAT)


@pass_context
def digits_filter(context: Any, value: object) -> str:
    """``{{ figure|digits }}``: a figure in the digits of the page's language and commune."""
    request = context.get("request")
    commune = getattr(request, "commune", None)
    locale = getattr(request, "locale_name", "fr")
    return reading(locale, commune.country_profile if commune else None).text(str(value))


JINJA2_FILTERS = "\n".join(
    (
        "moment = municipality.templating.moment_filter",
        "day = municipality.templating.day_filter",
        "digits = municipality.templating.digits_filter",
    )
)

# Functions every template may call: ``map_base(request)`` gives a map's base layers and
# the operator's basemap (see :mod:`municipality.maps`).
JINJA2_GLOBALS = "map_base = municipality.maps.map_base"
