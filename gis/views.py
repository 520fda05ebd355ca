"""GIS staff pages: plans and their rules, imports with their reports, servitude layers,
the check form and batch buildability."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from gis import basemap, buildability, checks, imports, jobs, maps, rules_xlsx, services
from gis.models import BuildabilityRun, ImportRun, ServitudeLayer, ZoningPlan
from gis.permissions import Perm
from gis.schemas import (
    EFFECT_TITLES,
    KIND_TITLES,
    SERVITUDE_KIND_TITLES,
    USE_TITLES,
    BuildabilitySchema,
    CheckSchema,
    PlanDatesSchema,
    RuleSchema,
    ServitudeLayerSchema,
    import_schema,
    rules_upload_schema,
)
from gis.widgets import site_geometry
from municipality.db import utcnow
from municipality.errors import DomainError, NotFound, ValidationFailed
from municipality.files import file_store
from municipality.forms import FORM_PAGE, form_page, make_form, submitted
from municipality.i18n import _
from municipality.lookup import by_public_id

RECENT_RUNS = 20


def _actor(request: Request) -> str:
    return request.baladiya_identity.label


def _today(request: Request) -> date:
    return utcnow().date()


def _flash(request: Request, message: Any, kind: str = "success") -> None:
    request.session.flash(request.localizer.translate(message), kind)


def _refused_form(request: Request, form: Any, refusal: DomainError, data: dict[str, Any]) -> str:
    """The form again, as the user filled it, with the service's refusal above it (4xx)."""
    request.response.status = refusal.status if refusal.status < 500 else 400
    request.session.flash(request.localizer.translate(refusal.detail), "error")
    return form.render(data)


def _titles(request: Request) -> dict[str, dict[str, str]]:
    translate = request.localizer.translate
    return {
        "kinds": {k: translate(v) for k, v in KIND_TITLES.items()},
        "servitude_kinds": {k: translate(v) for k, v in SERVITUDE_KIND_TITLES.items()},
        "effects": {k: translate(v) for k, v in EFFECT_TITLES.items()},
        "uses": {k: translate(v) for k, v in USE_TITLES.items()},
    }


# --- Plans and rules ----------------------------------------------------------------------


@view_config(
    route_name="gis.plans",
    renderer="gis:templates/plans.jinja2",
    permission=Perm.VIEW,
    requires_module="gis",
)
def plan_list(request: Request) -> dict[str, Any]:
    session = request.dbsession
    today = _today(request)
    return {
        "plans": services.plans(session),
        "in_force": services.plan_in_force(session, today),
        "boundary": services.boundary(session),
        "can_manage": request.has_permission(Perm.MANAGE),
        "can_check": request.has_permission(Perm.CHECK),
    }


def _plan(request: Request) -> ZoningPlan:
    return by_public_id(request.dbsession, ZoningPlan, request.matchdict["public_id"])


@view_config(
    route_name="gis.plan",
    renderer="gis:templates/plan.jinja2",
    permission=Perm.VIEW,
    requires_module="gis",
)
def plan_detail(request: Request) -> dict[str, Any] | HTTPFound:
    plan = _plan(request)
    form = make_form(request, PlanDatesSchema(), buttons=[("save", _("Save the dates"))])
    page = _plan_page(request, plan)
    if request.method != "POST":
        return {**page, "dates_form": form.render(_dates(plan))}
    if not request.has_permission(Perm.MANAGE):
        raise NotFound(_("This item does not exist here."))
    data, html = submitted(form, request)
    if data is None:
        return {**page, "dates_form": html}
    try:
        services.set_plan_dates(
            request.dbsession,
            actor=_actor(request),
            plan=plan,
            in_force_from=data["in_force_from"],
            in_force_until=data["in_force_until"],
        )
    except ValidationFailed as refusal:
        return {**page, "dates_form": _refused_form(request, form, refusal, data)}
    _flash(request, _("The plan's dates were saved."))
    return HTTPFound(
        request.route_url("gis.plan", commune=request.commune.slug, public_id=plan.public_id)
    )


def _dates(plan: ZoningPlan) -> dict[str, Any]:
    return {"in_force_from": plan.in_force_from, "in_force_until": plan.in_force_until}


def _plan_page(request: Request, plan: ZoningPlan) -> dict[str, Any]:
    session = request.dbsession
    rules = services.rules_by_code(session, plan)
    codes = sorted(set(services.zone_codes(session, plan)) | set(rules))
    upload = make_form(
        request,
        rules_upload_schema(),
        buttons=[("upload", _("Import the rules"))],
        action=request.route_url(
            "gis.plan.rules", commune=request.commune.slug, public_id=plan.public_id
        ),
        formid="rules-upload",
    )
    colours = maps.zone_colours(codes)
    zones = basemap.zones_layer(
        request,
        request.commune,
        colours,
        "fill",
        day=plan.in_force_from,
        title=_("Map of the plan ${reference}", mapping={"reference": plan.reference}),
    )
    return {
        "plan": plan,
        "codes": codes,
        "colours": colours,
        "zone_layers": json.dumps([zones.as_json()], ensure_ascii=False),
        "rules": rules,
        "titles": _titles(request),
        "can_manage": request.has_permission(Perm.MANAGE),
        "upload_form": upload.render(),
    }


@view_config(
    route_name="gis.plan.rules",
    request_method="GET",
    permission=Perm.VIEW,
    requires_module="gis",
)
def rules_download(request: Request) -> Response:
    plan = _plan(request)
    rules = list(services.rules_by_code(request.dbsession, plan).values())
    return Response(
        body=rules_xlsx.workbook(rules),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        content_disposition=f'attachment; filename="rules-{plan.reference}.xlsx"',
    )


@view_config(
    route_name="gis.plan.rules",
    request_method="POST",
    renderer="gis:templates/plan.jinja2",
    permission=Perm.MANAGE,
    requires_module="gis",
)
def rules_upload(request: Request) -> dict[str, Any] | HTTPFound:
    plan = _plan(request)
    upload = request.POST.get("file")
    page = _plan_page(request, plan)
    dates = make_form(request, PlanDatesSchema(), buttons=[("save", _("Save the dates"))])
    page["dates_form"] = dates.render(_dates(plan))
    if not hasattr(upload, "file"):
        request.response.status = 400
        return {
            **page,
            "rule_errors": {},
            "error": request.localizer.translate(_("Choose a workbook to import.")),
        }
    with tempfile.TemporaryDirectory(prefix="gis-rules-") as folder:
        path = Path(folder) / "rules.xlsx"
        with path.open("wb") as sink:
            shutil.copyfileobj(upload.file, sink)
        try:
            saved = rules_xlsx.import_rules(
                request.dbsession, actor=_actor(request), plan=plan, path=path
            )
        except ValidationFailed as refusal:
            request.response.status = refusal.status
            request.tm.doom()
            return {
                **page,
                "error": request.localizer.translate(refusal.detail),
                "rule_errors": refusal.errors,
            }
    _flash(request, _("${count} zone rules were imported.", mapping={"count": len(saved)}))
    return HTTPFound(
        request.route_url("gis.plan", commune=request.commune.slug, public_id=plan.public_id)
    )


@view_config(
    route_name="gis.plan.rule",
    renderer=FORM_PAGE,
    permission=Perm.MANAGE,
    requires_module="gis",
)
def rule_edit(request: Request) -> dict[str, Any] | HTTPFound:
    plan = _plan(request)
    code = str(request.params.get("code", ""))[:32]
    rule = services.rules_by_code(request.dbsession, plan).get(code)
    form = make_form(request, RuleSchema(), buttons=[("save", _("Save the rule"))])
    page = form_page(
        request,
        _(
            "Rule of zone ${zone} in plan ${plan}",
            mapping={"zone": code or "…", "plan": plan.reference},
        ),
    )
    defaults: dict[str, Any] = {"zone_code": code}
    if rule is not None:
        defaults = {
            field: getattr(rule, field) for field in (c.name for c in RuleSchema().children)
        }
    data, html = submitted(form, request, _present(defaults))
    if data is None:
        return page.with_form(html)
    try:
        limits = {k: v for k, v in data.items() if k != "zone_code"}
        limits.update(
            allowed_uses=sorted(data["allowed_uses"]), forbidden_uses=sorted(data["forbidden_uses"])
        )
        services.save_rule(
            request.dbsession,
            actor=_actor(request),
            plan=plan,
            zone_code=data["zone_code"],
            data=limits,
        )
    except ValidationFailed as refusal:
        return page.with_form(_refused_form(request, form, refusal, data))
    _flash(request, _("The zone rule was saved."))
    return HTTPFound(
        request.route_url("gis.plan", commune=request.commune.slug, public_id=plan.public_id)
    )


def _present(values: dict[str, Any]) -> dict[str, Any]:
    """Form defaults without empty limits (colander renders ``None`` as an error)."""
    return {k: v for k, v in values.items() if v is not None}


# --- Imports ------------------------------------------------------------------------------


@view_config(
    route_name="gis.imports",
    renderer="gis:templates/imports.jinja2",
    permission=Perm.MANAGE,
    requires_module="gis",
)
def import_page(request: Request) -> dict[str, Any] | HTTPFound:
    form = make_form(request, import_schema(), buttons=[("import", _("Validate and import"))])
    session = request.dbsession
    runs = services.recent_imports(session, RECENT_RUNS)
    page = {"runs": runs, "titles": _titles(request)}
    data, html = submitted(form, request)
    if data is None:
        return {**page, "form": html}
    upload = request.POST.get("file")
    if not hasattr(upload, "file") or not getattr(upload, "filename", ""):
        refusal = ValidationFailed(_("Choose a file to import."))
        return {**page, "form": _refused_form(request, form, refusal, data)}
    options = imports.ImportOptions(
        **{k: v for k, v in data.items() if k in imports.ImportOptions.__dataclass_fields__}
    )
    stored = file_store(request.registry).put(
        session, upload.file, upload.type or "application/octet-stream"
    )
    run = imports.new_run(
        session,
        commune=request.commune,
        actor=_actor(request),
        filename=Path(upload.filename).name,
        file_sha256=stored.sha256,
        size_bytes=stored.size,
        options=options,
    )
    registry, commune_id, run_id = request.registry, request.commune.id, run.id
    request.tm.get().addAfterCommitHook(
        lambda ok: jobs.start(registry, commune_id, run_id) if ok else None
    )
    return HTTPFound(
        request.route_url("gis.import", commune=request.commune.slug, public_id=run.public_id)
    )


def _run(request: Request) -> ImportRun:
    return by_public_id(request.dbsession, ImportRun, request.matchdict["public_id"])


def _progress(run: ImportRun) -> int:
    live = jobs.live_progress(str(run.public_id))
    return live if live is not None and run.state in ("pending", "running") else run.progress


@view_config(
    route_name="gis.import",
    renderer="gis:templates/import_run.jinja2",
    permission=Perm.MANAGE,
    requires_module="gis",
)
def import_report(request: Request) -> dict[str, Any]:
    run = _run(request)
    working = run.state in ("pending", "running")
    if working:
        request.response.headers["Refresh"] = "3"
    return {
        "run": run,
        "working": working,
        "progress": _progress(run),
        "errors": [request.localizer.translate(m) for m in imports.messages(run.report)],
        "report": run.report,
        "titles": _titles(request),
    }


@view_config(
    route_name="gis.import.status",
    renderer="json",
    permission=Perm.MANAGE,
    requires_module="gis",
)
def import_status(request: Request) -> dict[str, Any]:
    """What the progress bar polls: state and percentage."""
    run = _run(request)
    return {"state": run.state, "progress": _progress(run)}


# --- Servitude layers ---------------------------------------------------------------------


@view_config(
    route_name="gis.servitudes",
    renderer="gis:templates/servitudes.jinja2",
    permission=Perm.VIEW,
    requires_module="gis",
)
def servitude_list(request: Request) -> dict[str, Any]:
    return {
        "layers": services.servitude_layers(request.dbsession),
        "titles": _titles(request),
        "can_manage": request.has_permission(Perm.MANAGE),
    }


@view_config(
    route_name="gis.servitude",
    renderer=FORM_PAGE,
    permission=Perm.MANAGE,
    requires_module="gis",
)
def servitude_edit(request: Request) -> dict[str, Any] | HTTPFound:
    layer = by_public_id(request.dbsession, ServitudeLayer, request.matchdict["public_id"])
    form = make_form(request, ServitudeLayerSchema(), buttons=[("save", _("Save"))])
    page = form_page(request, layer.name)
    defaults = _present(
        {k: getattr(layer, k) for k in ("kind", "effect", "height_limit_m", "agency", "source")}
    )
    data, html = submitted(form, request, defaults)
    if data is None:
        return page.with_form(html)
    try:
        services.update_layer(request.dbsession, actor=_actor(request), layer=layer, data=data)
    except ValidationFailed as refusal:
        return page.with_form(_refused_form(request, form, refusal, data))
    _flash(request, _("The servitude layer was saved."))
    return HTTPFound(request.route_url("gis.servitudes", commune=request.commune.slug))


# --- Checks -------------------------------------------------------------------------------


@view_config(
    route_name="gis.check",
    renderer="gis:templates/check.jinja2",
    permission=Perm.CHECK,
    requires_module="gis",
)
def check_page(request: Request) -> dict[str, Any]:
    form = make_form(request, CheckSchema(), buttons=[("check", _("Check"))])
    data, html = submitted(form, request, {"on_date": _today(request)})
    if data is None:
        return {"form": html, "result": None}
    session, commune = request.dbsession, request.commune
    try:
        parts = [site_geometry(session, commune, data["site"])] if data["site"] else []
        if data["polygon"].strip():
            parts.append(checks.site_from_text(commune, data["polygon"]))
        if not parts:
            raise ValidationFailed(_("Give parcel references, draw the site or paste a polygon."))
        site = parts[0] if len(parts) == 1 else parts[0].union(parts[1])
        project = checks.Project(
            use=data["use"],
            footprint_m2=data["footprint_m2"],
            floor_area_m2=data["floor_area_m2"],
            height_m=data["height_m"],
            floors=data["floors"],
        )
        result = checks.check(
            session, commune=commune, site=site, project=project, on_date=data["on_date"]
        )
    except (ValidationFailed, NotFound) as refusal:
        return {"form": _refused_form(request, form, refusal, data), "result": None}
    return {"form": html, "result": result, "translate": request.localizer.translate}


# --- Buildability -------------------------------------------------------------------------


@view_config(
    route_name="gis.buildability",
    renderer="gis:templates/buildability.jinja2",
    permission=Perm.VIEW,
    requires_module="gis",
)
def buildability_page(request: Request) -> dict[str, Any] | HTTPFound:
    form = make_form(request, BuildabilitySchema(), buttons=[("run", _("Assess every parcel"))])
    page = {
        "runs": buildability.runs(request.dbsession),
        "can_run": request.has_permission(Perm.CHECK),
    }
    if request.method == "POST" and not page["can_run"]:
        raise NotFound(_("This item does not exist here."))
    data, html = submitted(form, request, {"on_date": _today(request)})
    if data is None:
        return {**page, "form": html}
    try:
        record = buildability.run(
            request.dbsession,
            commune=request.commune,
            actor=_actor(request),
            on_date=data["on_date"],
        )
    except (ValidationFailed, NotFound) as refusal:
        return {**page, "form": _refused_form(request, form, refusal, data)}
    _flash(
        request,
        _("${count} parcels were assessed.", mapping={"count": record.parcel_count}),
    )
    return HTTPFound(request.route_url("gis.buildability", commune=request.commune.slug))


@view_config(
    route_name="gis.buildability.download",
    permission=Perm.VIEW,
    requires_module="gis",
)
def buildability_download(request: Request) -> Response:
    record = by_public_id(request.dbsession, BuildabilityRun, request.matchdict["public_id"])
    items = buildability.results(request.dbsession, record)
    name = f"buildability-{request.commune.slug}-{record.on_date.isoformat()}"
    if request.params.get("format") == "geojson":
        return Response(
            body=buildability.to_geojson(items),
            content_type="application/geo+json",
            content_disposition=f'attachment; filename="{name}.geojson"',
        )
    return Response(
        body=buildability.to_csv(items).encode("utf-8-sig"),
        content_type="text/csv",
        charset="utf-8",
        content_disposition=f'attachment; filename="{name}.csv"',
    )
