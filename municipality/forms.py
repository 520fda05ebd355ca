"""HTML forms: deform renders, colander validates, every form carries a CSRF token.

deform has no CSRF protection of its own. :func:`make_form` adds the session's token as a
hidden field named ``csrf_token``, which is exactly what Pyramid's automatic check reads
on every unsafe request, so a forged or stale form never reaches the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import colander
import deform
from markupsafe import Markup
from pyramid.csrf import get_csrf_token
from pyramid.i18n import TranslationString
from pyramid.request import Request

from municipality.i18n import _
from municipality.parsing import is_decimal, is_whole

CSRF_FIELD = "csrf_token"
# The page of one form: heading, optional introduction, the form, links below it.
FORM_PAGE = "municipality:templates/form_page.jinja2"


def _with_csrf(schema: colander.Schema, request: Request) -> colander.Schema:
    bound = schema.clone()
    bound.add(
        colander.SchemaNode(
            colander.String(),
            name=CSRF_FIELD,
            widget=deform.widget.HiddenWidget(),
            default=get_csrf_token(request),
            missing=colander.drop,
        )
    )
    return bound.bind(request=request)


def make_form(
    request: Request,
    schema: colander.Schema,
    *,
    buttons: Sequence[tuple[str, TranslationString]] = (),
    action: str = "",
    formid: str = "deform",
    focus: str = "on",
) -> deform.Form:
    """A deform form bound to the request, with the CSRF token and translated buttons.

    ``focus="off"`` for a form that is not the page's main purpose: the browser would
    otherwise scroll to it on load, past what the reader came for.
    """
    translated = [
        deform.Button(name, title=request.localizer.translate(title)) for name, title in buttons
    ]
    return deform.Form(
        _with_csrf(schema, request), buttons=translated, action=action, formid=formid, focus=focus
    )


def submitted(
    form: deform.Form, request: Request, defaults: dict[str, Any] | None = None
) -> tuple[dict[str, Any] | None, str]:
    """The form's valid data (``None`` on a GET or an invalid POST) and the HTML to show.

    An invalid POST answers 400, with the errors marked on the form.
    """
    if request.method != "POST":
        return None, form.render(defaults or {})
    try:
        data = form.validate(request.POST.items())
    except deform.ValidationFailure as failure:
        request.response.status = 400
        return None, failure.render()
    data.pop(CSRF_FIELD, None)
    return data, form.render(data)


@dataclass(frozen=True)
class Link:
    """A link under a form (``title`` translated when it is a translation string)."""

    url: str
    title: str


@dataclass(frozen=True)
class FormPage:
    """What :data:`FORM_PAGE` shows around a form, already in the reader's language."""

    heading: str
    intro: str | None = None
    links: Sequence[Link] = field(default_factory=tuple)

    def with_form(self, html: str) -> dict[str, Any]:
        """The renderer's values: this page around the form's ``html``."""
        links = [{"url": link.url, "title": link.title} for link in self.links]
        return {"heading": self.heading, "intro": self.intro, "links": links, "form": html}


def form_page(
    request: Request,
    heading: str,
    *,
    intro: str | None = None,
    links: Sequence[Link] = (),
) -> FormPage:
    """A :class:`FormPage` whose translation strings are translated for ``request``."""

    def text(value: str) -> str:
        return request.localizer.translate(value) if isinstance(value, TranslationString) else value

    return FormPage(
        heading=text(heading),
        intro=text(intro) if intro else None,
        links=tuple(Link(link.url, text(link.title)) for link in links),
    )


class FileInputWidget(deform.widget.Widget):
    """A plain file input: the view reads the files from the request itself.

    deform's own upload widget keeps files in a temporary store between requests; our
    views check and use an upload in the request that sent it, so they need none.
    """

    def __init__(self, *, accept: str, multiple: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.accept = accept
        self.multiple = multiple

    def serialize(self, field: deform.Field, cstruct: Any, **kw: Any) -> str:
        html = Markup(
            '<input type="file" id="{oid}" name="{name}"{multiple} accept="{accept}"'
            ' class="form-control">'
        ).format(
            oid=field.oid,
            name=field.name,
            multiple=Markup(" multiple") if self.multiple else "",
            accept=self.accept,
        )
        return str(html)

    def deserialize(self, field: deform.Field, pstruct: Any) -> Any:
        return colander.null


def file_field(
    name: str, title: str, *, accept: str, multiple: bool = False
) -> colander.SchemaNode:
    """An optional file field of a form; colander ignores it, the view reads the upload."""
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        widget=FileInputWidget(accept=accept, multiple=multiple),
        missing=colander.drop,
    )


class StrictInteger(colander.Integer):
    """colander's ``Integer`` without what Python's ``int`` also takes (``1_0``, 40 digits)."""

    def deserialize(self, node: colander.SchemaNode, cstruct: Any) -> Any:
        if cstruct is colander.null or cstruct == "":
            return colander.null
        if not isinstance(cstruct, str) or not is_whole(cstruct):
            raise colander.Invalid(node, _("Enter a whole number such as 12"))
        return super().deserialize(node, cstruct)


class StrictFloat(colander.Float):
    """colander's ``Float`` without what Python's ``float`` also takes.

    ``3_4`` would be read as 34, and ``nan`` passes every range check; a form refuses
    both and says what it wants instead.
    """

    def deserialize(self, node: colander.SchemaNode, cstruct: Any) -> Any:
        if cstruct is colander.null or cstruct == "":
            return colander.null
        if not isinstance(cstruct, str) or not is_decimal(cstruct):
            raise colander.Invalid(node, _("Enter a decimal number such as 34.02"))
        return super().deserialize(node, cstruct)
