"""Languages: Arabic (right to left), French and English, everywhere.

The language is the user's explicit choice (the switcher), else their profile's, else
the first their browser asks for (``Accept-Language``) among those the page can speak,
else the commune's first language, else the platform default. deform and colander get their
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
from pyramid.response import Response
from pyramid.threadlocal import get_current_request

_ = TranslationStringFactory("baladiya")

SESSION_LOCALE = "locale"
RTL_LOCALES = frozenset({"ar"})
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}


def available_locales(request: Request) -> list[str]:
    return request.registry.settings["baladiya.core.locales"].split()


def _chosen_locale(request: Request, locales: list[str]) -> str | None:
    """The language the person chose: in the switcher (session), else in their profile."""
    candidates: list[str | None] = [request.session.get(SESSION_LOCALE)]
    identity = getattr(request, "baladiya_identity", None)
    if identity is not None and identity.principal is not None:
        candidates.append(identity.principal.locale)
    return next((candidate for candidate in candidates if candidate in locales), None)


def browser_locales(request: Request) -> list[str]:
    """The languages of ``Accept-Language``, most wanted first, as primary subtags.

    ``ar-MA`` asks for Arabic; a range with ``q=0`` is refused and ``*`` names no language.
    An absent or malformed header asks for nothing.
    """
    ranges = getattr(request.accept_language, "parsed", None) or []
    wanted = sorted(ranges, key=lambda pair: pair[1], reverse=True)
    return [tag.split("-")[0].lower() for tag, quality in wanted if quality > 0 and tag != "*"]


def _vary_on_accept_language(request: Request, response: Response) -> None:
    if "Accept-Language" not in (response.vary or ()):
        response.vary = (*(response.vary or ()), "Accept-Language")


def negotiate_locale(request: Request) -> str:
    """Pick the language: explicit choice, user profile, browser, commune, platform default.

    On a commune's pages the browser is heard only for the languages that commune speaks.
    Once the browser was asked, the answer depends on its header, and says so (``Vary``)
    for any cache on the way.
    """
    locales = available_locales(request)
    chosen = _chosen_locale(request, locales)
    if chosen is not None:
        return chosen
    request.add_response_callback(_vary_on_accept_language)
    tenant = getattr(request, "tenant", None)
    spoken = tenant.row.languages.split() if tenant is not None else locales
    for candidate in browser_locales(request):
        if candidate in locales and candidate in spoken:
            return candidate
    if tenant is not None and tenant.default_locale in locales:
        return str(tenant.default_locale)
    default: str = request.registry.settings["baladiya.core.default_locale"]
    return default


LOCALE_DIR = str(Path(__file__).resolve().parent / "locale")


@cache
def localizer_for(locale: str) -> Localizer:
    """A localizer outside any request (messages, jobs, exports), built once per language.

    Building one reads every catalogue from disk, far too slow to repeat per message.
    """
    return make_localizer(locale, [LOCALE_DIR])


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


# Country profiles whose Arabic writes numbers in Arabic-Indic digits (٠١٢...): Mauritania, as
# CLDR's ar_MR says. The Maghreb (ar_MA, ar_DZ, ar_TN) writes Latin digits, and so does the
# Arabic of the Sahel profiles (ML, SN, NE, BF): CLDR has no Arabic locale for them, its
# Arabic default is Latin, and their administrations write their figures in Latin digits.
ARABIC_INDIC_PROFILES = frozenset({"MR"})


def digit_system(locale: str, country_profile: str | None) -> str:
    """The CLDR numbering system of figures shown in ``locale``: ``"arab"`` or ``"latn"``."""
    arabic_indic = locale == "ar" and country_profile in ARABIC_INDIC_PROFILES
    return "arab" if arabic_indic else "latn"


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
