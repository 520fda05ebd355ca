"""A campaign's region pages (board, uploads and their report, exports, comparison) and
the commune's own page of what its region asks of it.

Region routes use the region route factory (:class:`consolidation.access.RegionContext`):
only the region's supervisors (and platform admins) reach them, anyone else gets 404.
The commune page is an ordinary commune route, for staff holding
``consolidation:return:view`` in that commune.
The views parse the request, call :mod:`consolidation.services` and friends, and render.
"""

from __future__ import annotations

import tempfile
from typing import Any

from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.response import FileIter, Response
from pyramid.view import view_config

from consolidation import board, export, jobs, pull, report, services, template
from consolidation.access import RegionContext
from consolidation.models import Campaign
from consolidation.permissions import Perm
from consolidation.validate import ImportReport
from municipality import charts, pagination, tenants
from municipality.errors import NotFound
from municipality.i18n import _
from municipality.models import Commune

FACTORY = "consolidation.access.RegionContext"
CAMPAIGN = "/r/{region}/consolidation/campaigns/{public_id}"
# Answers larger than this are spooled to disk while they are written.
SPOOL_BYTES = 8 * 1024 * 1024
# Filter choices: each state, and every state that still owes a workbook.
FILTERS = ("owing", *board.STATES)
FILTER_LABELS = {"owing": _("Still owing a workbook"), **board.STATE_LABELS}
BADGES = {
    board.RETURNED: "on",
    board.PULLED: "on",
    board.RETURNED_LATE: "on",
    board.AUTOMATIC: "off",
    board.WAITING: "off",
    board.LATE: "overdue",
    board.REFUSED: "overdue",
}


def includeme(config: Configurator) -> None:
    """The campaign pages' routes, their upload script, and these views."""
    config.add_route("consolidation.campaigns", "/r/{region}/consolidation", factory=FACTORY)
    config.add_route("consolidation.campaign", CAMPAIGN, factory=FACTORY)
    config.add_route("consolidation.campaign.upload", f"{CAMPAIGN}/returns", factory=FACTORY)
    config.add_route("consolidation.campaign.remind", f"{CAMPAIGN}/reminders", factory=FACTORY)
    config.add_route("consolidation.campaign.close", f"{CAMPAIGN}/close", factory=FACTORY)
    config.add_route("consolidation.campaign.comparison", f"{CAMPAIGN}/comparison", factory=FACTORY)
    config.add_route("consolidation.campaign.export", f"{CAMPAIGN}/export.{{ext}}", factory=FACTORY)
    config.add_route(
        "consolidation.campaign.template", f"{CAMPAIGN}/templates/{{slug}}.xlsx", factory=FACTORY
    )
    config.add_route(
        "consolidation.campaign.versions",
        f"{CAMPAIGN}/communes/{{slug}}/versions",
        factory=FACTORY,
    )
    config.add_route(
        "consolidation.campaign.refusal",
        f"{CAMPAIGN}/refusals/{{report_id}}.xlsx",
        factory=FACTORY,
    )
    config.add_route("consolidation.returns", "/c/{commune}/returns")
    config.add_route(
        "consolidation.returns.workbook", "/c/{commune}/returns/{public_id}/workbook.xlsx"
    )
    config.add_route(
        "consolidation.returns.refusal",
        "/c/{commune}/returns/{public_id}/refusals/{report_id}.xlsx",
    )
    config.add_static_view("consolidation-static", "consolidation:static", cache_max_age=86400)
    config.scan(".views")


# --- Helpers --------------------------------------------------------------------------------


def _context(request: Request) -> RegionContext:
    context = request.context
    assert isinstance(context, RegionContext)
    return context


def _campaign(request: Request) -> Campaign:
    return services.campaign_by_public_id(
        request.dbsession, request.matchdict["public_id"], _context(request).region
    )


def _actor(request: Request) -> str:
    return _context(request).user.email


def _translate(request: Request, message: Any) -> str:
    return request.localizer.translate(message)


def _board_url(request: Request, campaign: Campaign, **query: str) -> str:
    return request.route_url(
        "consolidation.campaign",
        region=_context(request).region.slug,
        public_id=campaign.public_id,
        _query=query,
    )


def _region_name(request: Request) -> str:
    region = _context(request).region
    return region.name_ar if request.locale_name == "ar" else region.name_fr


def _campaign_title(request: Request, campaign: Campaign) -> str:
    """The campaign as the browser's tab names it (pages show it with its parts isolated)."""
    return f"{campaign.indicator_set.title(request.locale_name)} · {campaign.period}"


def _attachment(response: Response, file_name: str) -> Response:
    response.content_disposition = f'attachment; filename="{file_name}"'
    response.cache_control = "no-store"
    return response


# --- Pages ----------------------------------------------------------------------------------


@view_config(
    route_name="consolidation.campaigns",
    renderer="consolidation:templates/campaigns.jinja2",
    request_method="GET",
)
def campaigns(request: Request) -> dict[str, Any]:
    """The region's campaigns, newest period first, with how many communes answered."""
    region = _context(request).region
    found = services.campaigns_of(request.dbsession, region)
    communes = len(services.region_communes(request.dbsession, region.id))
    answered = {c.id: len(board.submissions(request.dbsession, c)) for c in found}
    return {
        "region_name": _region_name(request),
        "campaigns": found,
        "communes": communes,
        "answered": answered,
        "campaigns_chart": _campaigns_chart(request, found, answered, communes),
    }


def _campaigns_chart(
    request: Request, found: list[Campaign], answered: dict[int, int], communes: int
) -> charts.Chart:
    """Returns received campaign after campaign, oldest first, so a trend shows."""
    t = request.localizer.translate
    ordered = sorted(found, key=lambda campaign: (campaign.deadline, campaign.id))
    locale = request.locale_name
    return charts.columns(
        "campaigns",
        title=t(_("Returns received per campaign")),
        description=t(
            _(
                "How many of the region's ${total} communes returned their figures, "
                "campaign after campaign.",
                mapping={"total": communes},
            )
        ),
        label_head=t(_("Campaign")),
        labels=[f"{c.indicator_set.title(locale)} · {c.period}" for c in ordered],
        series=[charts.Series(t(_("Communes that answered")), [answered[c.id] for c in ordered])],
        reader=charts.reading(locale, _context(request).region.country),
        empty=t(_("The chart appears once the region has had two campaigns.")),
    )


def _returns_chart(request: Request, counts: dict[str, int]) -> charts.Chart:
    """How many of the region's communes are in each state of their return."""
    t = request.localizer.translate
    total = sum(counts.values())
    found = [(state, count) for state, count in counts.items() if count]
    reader = charts.reading(request.locale_name, _context(request).region.country)
    return charts.bars(
        "returns",
        title=t(_("Returns of the communes")),
        description=t(
            _(
                "How many of the region's ${total} communes are in each state; the pale track "
                "stands for all of them.",
                mapping={"total": total},
            )
        ),
        label_head=t(_("State")),
        value_head=t(_("Communes")),
        labels=[t(board.STATE_LABELS[state]) for state, _count in found],
        values=[count for _state, count in found],
        maximum=total,
        reader=reader,
        empty=t(_("The region has no commune yet.")),
        minimum=1,
    )


@view_config(
    route_name="consolidation.campaign",
    renderer="consolidation:templates/board.jinja2",
    request_method="GET",
)
def campaign_board(request: Request) -> dict[str, Any]:
    """Where each commune stands, filtered by state and found by name, a page at a time
    by province (a region may have hundreds of communes), with the upload form and the
    exports."""
    campaign = _campaign(request)
    rows = board.board(request.dbsession, request.registry, campaign)
    state = request.GET.get("state", "")
    if state not in FILTERS:
        state = ""
    text = tenants.search_text(request.GET.get("q", ""))
    counts = board.counts(rows)
    shown = board.searched(request.dbsession, board.filtered(rows, state), campaign.region_id, text)
    page = pagination.page_of(request, shown)
    return {
        "region_name": _region_name(request),
        "campaign": campaign,
        "title": _campaign_title(request, campaign),
        "page": page,
        "groups": tenants.by_province(page.items, _row_commune),
        "text": text,
        "total": len(rows),
        "counts": counts,
        "returns_chart": _returns_chart(request, counts),
        "state": state,
        "filters": FILTERS,
        "filter_labels": FILTER_LABELS,
        "labels": board.STATE_LABELS,
        "badges": BADGES,
        "owing": board.OWING,
        "region": _context(request).region,
    }


def _row_commune(row: board.BoardRow) -> Commune:
    return row.commune


def _uploaded_files(request: Request) -> list[tuple[str, bytes]]:
    """The files of the form's ``files`` field, read into memory (the tween bounds them)."""
    files = []
    for item in request.POST.getall("files"):
        if getattr(item, "file", None) is None:
            continue
        data = item.file.read()
        if data or item.filename:
            files.append((item.filename or "upload", data))
    return files


@view_config(
    route_name="consolidation.campaign.upload",
    renderer="consolidation:templates/report.jinja2",
    request_method="POST",
)
def upload(request: Request) -> dict[str, Any] | HTTPSeeOther:
    """One file, many, or a zip: each accepted whole or refused with its problems."""
    campaign = _campaign(request)
    files = _uploaded_files(request)
    if not files:
        request.session.flash(
            _translate(request, _("Choose at least one workbook (.xlsx) or zip file to send.")),
            "error",
        )
        return HTTPSeeOther(_board_url(request, campaign))
    identity = _context(request).user
    outcome = services.import_files(
        request.dbsession,
        actor=_actor(request),
        campaign=campaign,
        files=files,
        channel="upload",
        user_id=identity.id,
    )
    kept = board.record_refusals(
        request.dbsession, actor=_actor(request), campaign=campaign, results=outcome.files
    )
    accepted = sum(1 for f in outcome.files if f.accepted)
    if not accepted:
        request.response.status = 422
    locale = request.locale_name
    return {
        "region_name": _region_name(request),
        "campaign": campaign,
        "title": _campaign_title(request, campaign),
        "results": outcome.files,
        "lines": {f.name: report.lines(ImportReport([f]), locale) for f in outcome.files},
        "kept": kept,
        "accepted": accepted,
        "refused": len(outcome.files) - accepted,
        "region": _context(request).region,
    }


@view_config(route_name="consolidation.campaign.remind", request_method="POST")
def remind(request: Request) -> HTTPSeeOther:
    """Queue now the reminders the daily job would send; each still goes only once."""
    campaign = _campaign(request)
    queued = jobs.remind(request.dbsession, request.registry, campaign)
    if queued:
        message = _(
            "${count} reminders were queued for the communes that still owe their workbook.",
            mapping={"count": queued},
        )
    else:
        message = _(
            "No reminder was due: each commune is reminded once in the ${days} days before "
            "the deadline and once after it.",
            mapping={"days": jobs.DAYS_BEFORE},
        )
    request.session.flash(_translate(request, message), "success")
    return HTTPSeeOther(_board_url(request, campaign))


@view_config(route_name="consolidation.campaign.close", request_method="POST")
def close(request: Request) -> HTTPSeeOther:
    """Close the campaign; communes running Baladiya get their figures pulled first."""
    campaign = _campaign(request)
    made = pull.close_and_pull(
        request.dbsession, request.registry, actor=_actor(request), campaign=campaign
    )
    request.session.flash(
        _translate(
            request,
            _(
                "The campaign is closed. Figures of ${count} communes were taken from Baladiya.",
                mapping={"count": len(made)},
            ),
        ),
        "success",
    )
    return HTTPSeeOther(_board_url(request, campaign))


@view_config(
    route_name="consolidation.campaign.comparison",
    renderer="consolidation:templates/comparison.jinja2",
    request_method="GET",
)
def comparison(request: Request) -> dict[str, Any]:
    """Each indicator's regional total against the same period a year before."""
    campaign = _campaign(request)
    before, rows = export.comparison(request.dbsession, request.registry, campaign)
    return {
        "region_name": _region_name(request),
        "campaign": campaign,
        "title": _campaign_title(request, campaign),
        "before": before.code,
        "known": any(r.previous is not None for r in rows),
        "rows": rows,
        "region": _context(request).region,
    }


@view_config(
    route_name="consolidation.campaign.versions",
    renderer="consolidation:templates/versions.jinja2",
    request_method="GET",
)
def versions(request: Request) -> dict[str, Any]:
    """Every version a commune sent, newest first, with the cells each one changed."""
    campaign = _campaign(request)
    commune = _region_commune(request, campaign, request.matchdict["slug"])
    return {
        "region_name": _region_name(request),
        "campaign": campaign,
        "title": _campaign_title(request, campaign),
        "commune": commune,
        "versions": board.versions(request.dbsession, campaign, commune, request.locale_name),
        "region": _context(request).region,
    }


# --- Files ----------------------------------------------------------------------------------


@view_config(route_name="consolidation.campaign.export", request_method="GET")
def download_export(request: Request) -> Response:
    """The consolidated workbook (``export.xlsx``) or the long-format CSV (``export.csv``)."""
    campaign = _campaign(request)
    media_type = export.output_type(f"export.{request.matchdict['ext']}")
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - the response closes it
    export.export_campaign(
        request.dbsession,
        request.registry,
        campaign,
        spooled,
        media_type=media_type,
        locale=request.locale_name,
    )
    size = spooled.tell()
    spooled.seek(0)
    response = Response(
        app_iter=FileIter(spooled),
        content_type=media_type,
        content_length=size,
        charset="utf-8" if media_type == export.CSV_TYPE else None,
    )
    return _attachment(response, export.export_file_name(campaign, media_type))


def _refusal_workbook(
    request: Request, campaign: Campaign, refused: board.Refusal, commune: Commune
) -> Response:
    outcome = board.refusal_report(campaign, refused, commune)
    response = Response(
        body=report.as_xlsx(outcome, request.locale_name), content_type=export.XLSX_TYPE
    )
    return _attachment(response, f"report_{campaign.period}_{commune.slug}.xlsx")


def _region_commune(request: Request, campaign: Campaign, slug: str) -> Commune:
    for commune in services.region_communes(request.dbsession, campaign.region_id):
        if commune.slug == slug:
            return commune
    raise NotFound(_("This commune is not asked by this campaign."))


@view_config(route_name="consolidation.campaign.template", request_method="GET")
def download_template(request: Request) -> Response:
    """A commune's workbook to fill in, made for it (its identity, languages, currency)."""
    campaign = _campaign(request)
    commune = _region_commune(request, campaign, request.matchdict["slug"])
    response = Response(
        body=template.workbook_bytes(campaign, commune), content_type=export.XLSX_TYPE
    )
    return _attachment(response, template.file_name(campaign, commune))


@view_config(route_name="consolidation.campaign.refusal", request_method="GET")
def download_refusal(request: Request) -> Response:
    """A refused file's report, so the commune can fix its workbook and send it again."""
    campaign = _campaign(request)
    refused = board.refusal(request.dbsession, campaign, request.matchdict["report_id"])
    commune = next(
        (
            c
            for c in services.region_communes(request.dbsession, campaign.region_id)
            if c.id == refused.commune_id
        ),
        None,
    )
    if commune is None:
        raise NotFound(_("This report does not exist."))
    return _refusal_workbook(request, campaign, refused, commune)


# --- The commune's own page -----------------------------------------------------------------


def _commune_campaign(request: Request) -> Campaign:
    """A campaign of the request's commune's region (404 for any other)."""
    return services.campaign_by_public_id(
        request.dbsession, request.matchdict["public_id"], request.commune.region
    )


@view_config(
    route_name="consolidation.returns",
    renderer="consolidation:templates/returns.jinja2",
    request_method="GET",
    permission=Perm.RETURNS_VIEW,
)
def commune_returns(request: Request) -> dict[str, Any]:
    """What the region asks of this commune: each campaign, its state, its workbook and
    the report of its last refused file, to fix and send again."""
    commune = request.commune
    found = services.campaigns_of(request.dbsession, commune.region)
    return {
        "rows": [
            (c, board.commune_row(request.dbsession, request.registry, c, commune)) for c in found
        ],
        "labels": board.STATE_LABELS,
        "badges": BADGES,
    }


@view_config(
    route_name="consolidation.returns.workbook", request_method="GET", permission=Perm.RETURNS_VIEW
)
def commune_workbook(request: Request) -> Response:
    """The commune's own workbook for a campaign of its region."""
    campaign = _commune_campaign(request)
    response = Response(
        body=template.workbook_bytes(campaign, request.commune), content_type=export.XLSX_TYPE
    )
    return _attachment(response, template.file_name(campaign, request.commune))


@view_config(
    route_name="consolidation.returns.refusal", request_method="GET", permission=Perm.RETURNS_VIEW
)
def commune_refusal(request: Request) -> Response:
    """A refused file's report, for the commune whose file it was only."""
    campaign = _commune_campaign(request)
    refused = board.refusal(request.dbsession, campaign, request.matchdict["report_id"])
    if refused.commune_id != request.commune.id:
        raise NotFound(_("This report does not exist."))
    return _refusal_workbook(request, campaign, refused, request.commune)
