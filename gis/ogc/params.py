"""The query parameters of OGC API - Features items, parsed as Part 1 (Core) defines them.

Any value the standard does not allow is an :class:`OgcError` with status 400, and so is
a parameter the API does not define (requirement ``/req/core/query-param-unknown``):
a client that misspells ``bbox`` learns it at once instead of silently getting every
feature.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from municipality import parsing
from municipality.ogc import Interval, ItemsQuery

DEFAULT_LIMIT = 10
# The API definition announces this maximum; a larger ``limit`` gets this many features.
MAX_LIMIT = 1000
# ``limit`` and ``offset`` beyond this are refused: no collection is that large, and the
# database's integers are not much larger.
MAX_INTEGER = 2**31 - 1
# The heights a 6-number bbox may give, in metres; its degrees are checked more narrowly.
MAX_HEIGHT = 100_000.0
ITEMS_PARAMETERS = frozenset({"bbox", "datetime", "limit", "offset", "f"})
FORMATS = ("json", "html")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class OgcError(Exception):
    """A refused request: ``code`` names the problem as the OGC exception schema wants."""

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.code = code
        self.description = description


def bad_request(description: str) -> OgcError:
    return OgcError(400, "InvalidParameterValue", description)


def check_known(params: Mapping[str, str], allowed: frozenset[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise bad_request(f"Unknown query parameter: {', '.join(unknown)}.")


def output_format(params: Mapping[str, str]) -> str | None:
    """``f=json`` or ``f=html``; ``None`` lets the Accept header decide."""
    value = params.get("f")
    if value is None:
        return None
    if value not in FORMATS:
        raise bad_request(f"f must be one of {', '.join(FORMATS)}.")
    return value


def parse_int(value: str | None, name: str, *, default: int, minimum: int) -> int:
    """A whole number in plain digits from ``minimum`` up to :data:`MAX_INTEGER`."""
    if value is None:
        return default
    try:
        return parsing.parse_int(value, name, minimum=minimum, maximum=MAX_INTEGER)
    except parsing.InputError as exc:
        raise bad_request(f"{exc}.") from None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """Longitude/latitude (CRS84) box of 4 numbers, or 6 with heights, which are ignored."""
    if value is None:
        return None
    try:
        numbers = [
            parsing.parse_float(part, "bbox", minimum=-MAX_HEIGHT, maximum=MAX_HEIGHT)
            for part in value.split(",")
        ]
    except parsing.InputError:
        raise bad_request("bbox must be 4 or 6 comma-separated numbers.") from None
    if len(numbers) not in (4, 6):
        raise bad_request("bbox must be 4 or 6 comma-separated numbers.")
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    west, south, east, north = numbers
    if not (-90 <= south <= north <= 90) or not all(-180 <= x <= 180 for x in (west, east)):
        raise bad_request(
            "bbox must be west,south,east,north in degrees, with south not above north."
        )
    return west, south, east, north


def _day(value: str, timezone: str) -> date | None:
    """One end of a ``datetime`` value: ``..`` (open), a date, or an RFC 3339 date-time."""
    if value in ("", ".."):
        return None
    if _DATE.match(value):
        return date.fromisoformat(value)
    if "T" not in value.upper() or not re.search(r"(Z|[+-]\d{2}:\d{2})$", value, re.IGNORECASE):
        raise ValueError(value)
    moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(timezone)).date()


def parse_datetime(value: str | None, timezone: str) -> Interval | None:
    """An instant or an interval (``start/end``, ``../end``, ``start/..``), as days."""
    if value is None:
        return None
    try:
        if "/" in value:
            first, _slash, second = value.partition("/")
            interval = Interval(_day(first, timezone), _day(second, timezone))
            if first in ("", "..") and second in ("", ".."):
                raise ValueError(value)
        else:
            day = _day(value, timezone)
            if day is None:
                raise ValueError(value)
            interval = Interval.instant(day)
    except ValueError:
        raise bad_request(
            "datetime must be an RFC 3339 date-time or date, or an interval start/end "
            "where either end may be '..'."
        ) from None
    if interval.start and interval.end and interval.start > interval.end:
        raise bad_request("datetime: the interval ends before it starts.")
    return interval


def parse_items(params: Mapping[str, str], timezone: str) -> ItemsQuery:
    check_known(params, ITEMS_PARAMETERS)
    output_format(params)
    limit = parse_int(params.get("limit"), "limit", default=DEFAULT_LIMIT, minimum=1)
    return ItemsQuery(
        bbox=parse_bbox(params.get("bbox")),
        interval=parse_datetime(params.get("datetime"), timezone),
        limit=min(limit, MAX_LIMIT),
        offset=parse_int(params.get("offset"), "offset", default=0, minimum=0),
    )


def local_today(timezone: str) -> date:
    """Today in the commune: the default date of a plan "in force"."""
    return datetime.now(UTC).astimezone(ZoneInfo(timezone)).date()
