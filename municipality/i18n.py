"""Languages: Arabic (right to left), French and English, everywhere.

The language is the user's explicit choice (the switcher), else their profile's, else
the commune's first language, else the platform default. deform and colander get their
messages from the same localizer, with the Arabic catalogue this project provides.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import deform
from pyramid.config import Configurator
from pyramid.i18n import Localizer, TranslationStringFactory, get_localizer, make_localizer
from pyramid.request import Request
from pyramid.threadlocal import get_current_request

_ = TranslationStringFactory("baladiya")

SESSION_LOCALE = "locale"
RTL_LOCALES = frozenset({"ar"})
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}


def available_locales(request: Request) -> list[str]:
    return request.registry.settings["baladiya.core.locales"].split()


def negotiate_locale(request: Request) -> str:
    """Pick the language: explicit choice, user profile, commune default, platform default."""
    locales = available_locales(request)
    candidates: list[str | None] = [request.session.get(SESSION_LOCALE)]
    identity = getattr(request, "baladiya_identity", None)
    if identity is not None and identity.principal is not None:
        candidates.append(identity.principal.locale)
    tenant = getattr(request, "tenant", None)
    if tenant is not None:
        candidates.append(tenant.default_locale)
    for candidate in candidates:
        if candidate in locales:
            return candidate
    return request.registry.settings["baladiya.core.default_locale"]


LOCALE_DIR = str(Path(__file__).resolve().parent / "locale")


@cache
def localizer_for(locale: str) -> Localizer:
    """A localizer outside any request (messages, jobs, exports), built once per language.

    Building one reads every catalogue from disk, far too slow to repeat per message.
    """
    return make_localizer(locale, [LOCALE_DIR])


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def _deform_translator(term: Any) -> str:
    request = get_current_request()
    if request is None:
        return str(term)
    return get_localizer(request).translate(term)


def configure_deform() -> None:
    """Make deform render through our localizer (deform's own default does not translate)."""
    deform.Form.set_zpt_renderer(
        deform.Form.default_renderer.loader.search_path, translator=_deform_translator
    )


def includeme(config: Configurator) -> None:
    config.set_locale_negotiator(negotiate_locale)
    # Our catalogues come last so they take precedence over the packages' own.
    config.add_translation_dirs("colander:locale", "deform:locale", "municipality:locale")
    configure_deform()
