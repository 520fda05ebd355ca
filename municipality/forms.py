"""HTML forms: deform renders, colander validates, every form carries a CSRF token.

deform has no CSRF protection of its own. :func:`make_form` adds the session's token as a
hidden field named ``csrf_token``, which is exactly what Pyramid's automatic check reads
on every unsafe request, so a forged or stale form never reaches the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import colander
import deform
from pyramid.csrf import get_csrf_token
from pyramid.i18n import TranslationString
from pyramid.request import Request

CSRF_FIELD = "csrf_token"


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
