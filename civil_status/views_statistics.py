"""The vital statistics page and its workbook: signed acts per month by kind, sex, age,
the spouses' ages, place and timeliness."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from civil_status.permissions import Perm
from civil_status.schemas import KINDS, SEXES
from civil_status.services import statistics
from civil_status.services.statistics import DEFAULT_MONTHS, MAX_MONTHS, Month
from municipality import charts
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.parsing import InputError, parse_int

SPOUSES = {
    "subject": _("Spouse the act is filed under"),
    "spouse": _("Other spouse"),
}
TIMELINESS = {"on_time": _("On time"), "by_judgment": _("Late, by judgment")}
DIMENSIONS = {
    "kind": _("Kind of act"),
    "sex": _("Sex"),
    "age": _("Age at death"),
    "marriage_age": _("Spouses' age at marriage"),
    "place": _("Place"),
    "timeliness": _("Timeliness"),
}


def _months(request: Request) -> list[Month]:
    raw = request.params.get("months")
    try:
        count = (
            DEFAULT_MONTHS
            if raw is None
            else parse_int(raw, "months", minimum=1, maximum=MAX_MONTHS)
        )
    except InputError:
        raise ValidationFailed(
            _(
                "The number of months must be a whole number from 1 to ${most}.",
                mapping={"most": MAX_MONTHS},
            )
        ) from None
    today = utcnow().astimezone(ZoneInfo(request.commune.timezone)).date()
    asked = statistics.month_range(today, count)
    return statistics.compute(request.dbsession, request.commune, asked)


def member_label(request: Request) -> Callable[[str, str], str]:
    """How a member of a breakdown reads in the reader's language."""
    t = request.localizer.translate
    sexes = dict(SEXES)

    def label(dimension: str, member: str) -> str:
        if member == statistics.UNKNOWN:
            return t(_("Not recorded"))
        if dimension == "dimension":
            return t(DIMENSIONS[member])
        if dimension == "kind":
            return t(KINDS.get(member, member))
        if dimension == "timeliness":
            return t(TIMELINESS.get(member, member))
        if dimension == "sex":
            kind, _sep, sex = member.partition(":")
            what = t(sexes[sex]) if sex in sexes else t(_("Not recorded"))
            return f"{t(KINDS.get(kind, kind))}: {what}"
        if dimension == "age":
            return t(_("${years} years", mapping={"years": member}))
        if dimension == "marriage_age":
            spouse, _sep, group = member.partition(":")
            return f"{t(SPOUSES.get(spouse, spouse))}: {label('age', group)}"
        return member

    return label


def _charts(request: Request, months: list[Month]) -> list[charts.Chart]:
    """Acts of each kind per month, and the deaths per age group over the period."""
    t = request.localizer.translate
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    label = member_label(request)
    ages = statistics.totals(months, "age")
    return [
        charts.columns(
            "kinds",
            title=t(_("Acts signed per month")),
            description=t(_("Each month, the births (plain) and deaths (hatched) signed.")),
            label_head=t(_("Month")),
            labels=[m.month for m in months],
            series=[
                charts.Series(t(KINDS[k]), [m.count("kind", k) for m in months])
                for k in ("birth", "death")
            ],
            reader=reader,
            empty=t(_("A chart appears once there are figures for two months or more.")),
        ),
        charts.bars(
            "ages",
            title=t(_("Deaths by age")),
            description=t(_("Deaths signed in the period, by the deceased's age group.")),
            label_head=t(_("Age at death")),
            value_head=t(_("Deaths")),
            labels=[label("age", a) for a, _n in ages],
            values=[n for _a, n in ages],
            value_labels=[str(n) for _a, n in ages],
            maximum=max((n for _a, n in ages), default=1),
            reader=reader,
            empty=t(_("A chart appears once deaths of two age groups or more are recorded.")),
        ),
    ]


def _marriage_ages(months: list[Month]) -> list[tuple[str, dict[str, int]]]:
    """Marriages of the period by age group (youngest first), counted for each spouse;
    empty when no marriage was signed."""
    counted = dict(statistics.totals(months, "marriage_age"))
    if not counted:
        return []
    return [
        (group, {spouse: counted.get(f"{spouse}:{group}", 0) for spouse in SPOUSES})
        for group in statistics.age_groups(statistics.MARRIAGE_AGE_GROUPS)
    ]


@view_config(
    route_name="civil_status.statistics",
    renderer="civil_status:templates/statistics.jinja2",
    permission=Perm.VIEW,
    requires_module="civil_status",
)
def vital_statistics(request: Request) -> dict[str, Any]:
    """Signed acts per month by kind, sex and timeliness; ages and places over the period."""
    months = _months(request)
    return {
        "months": months,
        "newest_first": list(reversed(months)),
        "charts": _charts(request, months),
        "places": statistics.totals(months, "place"),
        "ages": statistics.totals(months, "age"),
        "marriage_ages": _marriage_ages(months),
        "spouses": SPOUSES,
        "kinds": KINDS,
        "timeliness": TIMELINESS,
        "label": member_label(request),
        "any_act": any(m.total for m in months),
        # A month is reported once it is over: the current one is still being written.
        "reportable": [m.month for m in reversed(months[:-1])],
        "can_report": request.has_permission(Perm.SIGN),
    }


@view_config(
    route_name="civil_status.statistics.report",
    permission=Perm.SIGN,
    request_method="POST",
    requires_module="civil_status",
)
def report_statistics(request: Request) -> HTTPFound:
    """Send a finished month's figures to the national civil-status platform."""
    month = str(request.POST.get("month", "")).strip()[:7]
    statistics.report_month(
        request.dbsession,
        actor=str(request.baladiya_identity.label),
        commune=request.commune,
        month=month,
    )
    message = _(
        "The figures of ${month} are sent to the national platform.", mapping={"month": month}
    )
    request.session.flash(request.localizer.translate(message), "success")
    return HTTPFound(request.route_url("civil_status.statistics", commune=request.commune.slug))


@view_config(
    route_name="civil_status.statistics.xlsx",
    permission=Perm.VIEW,
    requires_module="civil_status",
)
def vital_statistics_xlsx(request: Request) -> Response:
    """The same figures as a workbook, in the reader's language."""
    body = statistics.workbook(
        _months(request),
        translate=request.localizer.translate,
        member_label=member_label(request),
        right_to_left=request.locale_name == "ar",
    )
    filename = f"vital-statistics-{request.commune.slug}.xlsx"
    return Response(
        body=body,
        content_type=statistics.XLSX_TYPE,
        content_disposition=f'attachment; filename="{filename}"',
    )
