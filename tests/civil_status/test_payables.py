"""A copy request as payments sees it."""

from __future__ import annotations

from types import SimpleNamespace

from pyramid.scripting import prepare

from civil_status.payables import CopyRequestPayable


def test_the_payer_is_led_back_to_the_request_s_tracking_page(wsgi_app):
    env = prepare(registry=wsgi_app.registry)
    request = env["request"]
    request.commune = SimpleNamespace(slug="sale")
    try:
        url = CopyRequestPayable(wsgi_app.registry).follow_url(request, "CS-ABCD-EFGH-JKMN")
    finally:
        env["closer"]()
    assert url.endswith("/sale/civil-status/track/CS-ABCD-EFGH-JKMN")
