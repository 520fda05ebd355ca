"""Budgets of the year and their lines, their adoption, and the nomenclature."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import colander
from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from budget import nomenclature, services
from budget.permissions import Perm
from budget.schemas import AllocationSchema, BudgetSchema
from budget.views import action_data, action_forms, flash_and_go, money_writer, require
from budget.workflow import BUDGET_WORKFLOW
from municipality.db import utcnow
from municipality.forms import file_field, make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate

XLSX = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_form(request: Request) -> Any:
    return make_form(request, BudgetSchema(), buttons=[("create", _("Propose a budget"))])


def _budget_list(request: Request, form_html: str | None = None) -> dict[str, Any]:
    year = request.params.get("year", "")
    page = paginate(
        request,
        request.dbsession,
        services.budgets(int(year) if year.isdigit() and len(year) == 4 else None),
    )
    can_prepare = request.has_permission(Perm.PREPARE)
    if can_prepare and form_html is None:
        form_html = _year_form(request).render({"year": utcnow().year})
    return {
        "page": page,
        "form": form_html if can_prepare else None,
        "years": services.years(request.dbsession),
    }


@view_config(
    route_name="budget.budgets",
    renderer="budget:templates/budgets.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def budget_list(request: Request) -> dict[str, Any] | HTTPFound:
    """Every budget of the commune, initial and supplementary, and the form to propose one."""
    require(request, Perm.PREPARE)
    if request.method != "POST":
        return _budget_list(request)
    data, html = submitted(_year_form(request), request)
    if data is None:
        return _budget_list(request, html)
    budget = services.create_budget(
        request.dbsession,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        year=data["year"],
    )
    return flash_and_go(request, _("Budget proposed."), "budget.budget", public_id=budget.public_id)


def _code_choices(request: Request) -> list[tuple[str, str]]:
    ar = request.locale_name == "ar"
    return [
        (str(c.public_id), f"{c.code} {c.label_ar if ar else c.label_fr}")
        for c in services.codes(request.dbsession)
    ]


def _allocation_form(request: Request) -> Any:
    schema = AllocationSchema().bind(request=request, codes=_code_choices(request))
    return make_form(request, schema, buttons=[("allocate", _("Set the credit"))], focus="off")


def _budget_page(
    request: Request, allocation_html: str | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    budget = services.get_budget(request.dbsession, request.matchdict["public_id"])
    can_allocate = budget.state == "proposed" and request.has_permission(Perm.PREPARE)
    if can_allocate and allocation_html is None:
        allocation_html = _allocation_form(request).render()
    return {
        "budget": budget,
        "allocations": sorted(budget.allocations, key=lambda a: a.line.code.code),
        "allocation_form": allocation_html if can_allocate else None,
        "money": money_writer(request),
        "forms": action_forms(request, BUDGET_WORKFLOW, budget, "budget.budget.action", errors),
    }


@view_config(
    route_name="budget.budget",
    renderer="budget:templates/budget.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def budget_detail(request: Request) -> dict[str, Any] | HTTPFound:
    """A budget, its lines, the form to set a line's credit while it is proposed, and the
    adoption steps open to the reader."""
    budget = services.get_budget(request.dbsession, request.matchdict["public_id"])
    require(request, Perm.PREPARE)
    if request.method != "POST":
        return _budget_page(request)
    data, html = submitted(_allocation_form(request), request)
    if data is None:
        return _budget_page(request, html)
    services.allocate(
        request.dbsession,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        budget=budget,
        code=services.get_code(request.dbsession, data["code"]),
        amount=data["amount"],
    )
    return flash_and_go(request, _("Credit set."), "budget.budget", public_id=budget.public_id)


@view_config(
    route_name="budget.budget.action",
    renderer="budget:templates/budget.jinja2",
    permission=Perm.ADOPT,
    request_method="POST",
    requires_module="budget",
)
def budget_action(request: Request) -> dict[str, Any] | HTTPFound:
    """The council's vote, the supervisory approval or refusal, with the decision."""
    budget = services.get_budget(request.dbsession, request.matchdict["public_id"])
    data, errors = action_data(request, request.path_url)
    if data is None:
        return _budget_page(request, errors=errors)
    services.act_budget(
        request.dbsession,
        actor=request.baladiya_identity.label,
        budget=budget,
        action=request.matchdict["action"],
        permissions=request.permissions,
        data=data,
    )
    return flash_and_go(request, _("Budget updated."), "budget.budget", public_id=budget.public_id)


class ImportSchema(colander.Schema):
    workbook = file_field("workbook", _("Workbook (.xlsx)"), accept=XLSX)


def _import_form(request: Request) -> Any:
    return make_form(request, ImportSchema(), buttons=[("import", _("Import"))], focus="off")


@view_config(
    route_name="budget.codes",
    renderer="budget:templates/codes.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def code_list(request: Request) -> dict[str, Any] | HTTPFound:
    """The nomenclature; staff who prepare the budget load the country's codes or import
    their own from a workbook."""
    require(request, Perm.PREPARE)
    can_prepare = request.has_permission(Perm.PREPARE)
    if request.method == "POST":
        return _import_codes(request)
    return {
        "codes": services.codes(request.dbsession),
        "form": _import_form(request).render() if can_prepare else None,
        "columns": nomenclature.COLUMNS,
        "sections": nomenclature.SECTION_TITLES,
    }


def _import_codes(request: Request) -> HTTPFound:
    actor = request.baladiya_identity.label
    upload = request.POST.get("workbook")
    if "country" in request.POST or not hasattr(upload, "file"):
        added = nomenclature.load_country_codes(
            request.dbsession, actor=actor, commune=request.commune
        )
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "codes.xlsx"
            with path.open("wb") as out:
                out.write(upload.file.read(nomenclature.MAX_BYTES + 1))
            rows = nomenclature.read_workbook(path)
        added = nomenclature.save_codes(
            request.dbsession, actor=actor, commune=request.commune, rows=rows
        )
    message = _("${count} codes added.", mapping={"count": added})
    return flash_and_go(request, message, "budget.codes")
