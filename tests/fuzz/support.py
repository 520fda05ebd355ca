"""What the form fuzz tests share: posting drawn values to a module's forms, and failing on
any answer that is a server error rather than a clear refusal."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webtest import TestApp

from tests.fuzz.test_odd_input import _form

# A form's path and the fields it takes, by a name for the failure's message.
Forms = Mapping[str, tuple[str, tuple[str, ...]]]


def post_drawn_values(
    app: TestApp,
    forms: Forms,
    value: Callable[[str], st.SearchStrategy[str]],
    csrf: str,
    *,
    examples: int,
) -> None:
    """Post ``examples`` forms of ``forms``, each field's value drawn from ``value(field)``
    with the session's CSRF token; every answer must be below 500."""

    @st.composite
    def posts(draw: st.DrawFn) -> tuple[str, bytes]:
        path, fields = forms[draw(st.sampled_from(sorted(forms)))]
        values = {f: draw(value(f)) for f in fields}
        return path, _form(values) + b"&csrf_token=" + csrf.encode()

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(post=posts())
    def every_form(post: tuple[str, bytes]) -> None:
        path, body = post
        response = app.post(
            path, body, content_type="application/x-www-form-urlencoded", expect_errors=True
        )
        assert response.status_int < 500, (path, body[:300], response.text[:500])

    every_form()
