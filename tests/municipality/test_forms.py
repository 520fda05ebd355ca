"""The form page and the file field every module's forms use."""

from __future__ import annotations

from collections.abc import Iterator

import colander
import deform
import pytest
from pyramid import testing
from pyramid.request import Request

from municipality.forms import FormPage, Link, file_field, form_page
from municipality.i18n import _


@pytest.fixture
def request_() -> Iterator[Request]:
    with testing.testConfig():
        yield testing.DummyRequest()


def test_a_form_page_reads_in_the_readers_language_around_its_form(request_: Request) -> None:
    page = form_page(
        request_,
        _("Rule of zone ${zone}", mapping={"zone": "R1"}),
        intro=_("Limits of the zone."),
        links=[Link("/plans", _("Plans")), Link("/help", "Aide")],
    )
    assert page.with_form("<form></form>") == {
        "heading": "Rule of zone R1",
        "intro": "Limits of the zone.",
        "links": [{"url": "/plans", "title": "Plans"}, {"url": "/help", "title": "Aide"}],
        "form": "<form></form>",
    }


def test_a_plain_heading_is_kept_as_it_is_and_nothing_else_is_shown(request_: Request) -> None:
    page = form_page(request_, "Zone ${zone}")
    assert page == FormPage(heading="Zone ${zone}")
    assert page.with_form("") == {"heading": "Zone ${zone}", "intro": None, "links": [], "form": ""}


@pytest.mark.parametrize(
    ("multiple", "expected"),
    [
        (False, '<input type="file" id="file" name="file" accept=".xlsx" class="form-control">'),
        (
            True,
            '<input type="file" id="photos" name="photos" multiple accept="image/*"'
            ' class="form-control">',
        ),
    ],
)
def test_a_file_field_renders_a_plain_file_input(multiple: bool, expected: str) -> None:
    name, accept = ("photos", "image/*") if multiple else ("file", ".xlsx")
    schema = colander.Schema()
    schema.add(file_field(name, "Fichier", accept=accept, multiple=multiple))
    form = deform.Form(schema)
    field = form[name]
    field.oid = name
    assert field.widget.serialize(field, colander.null) == expected


def test_colander_leaves_the_file_to_the_view() -> None:
    schema = colander.Schema()
    schema.add(colander.SchemaNode(colander.String(), name="title"))
    schema.add(file_field("file", "Fichier", accept=".xlsx"))
    form = deform.Form(schema)
    assert form.validate([("title", "Plan"), ("file", "ignored")]) == {"title": "Plan"}
