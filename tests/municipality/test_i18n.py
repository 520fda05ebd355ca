"""The "baladiya" catalogues are complete in Arabic, French and English, and the app uses them.

The msgids are extracted again here with babel's own extractor and ``babel.cfg``, so a
string added to a template or a view fails this test until it is translated. Values
translated at run time (workflow states and actions, roles, error titles) cannot be seen
by the extractor; they are read from the code that defines them instead.
"""

from __future__ import annotations

import importlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import webtest
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.util import pathmatch
from pyramid.i18n import Localizer, Translations
from pyramid.interfaces import ILocalizer
from sqlalchemy.orm import Session

from modules import DEFAULTS as MODULE_DEFAULTS
from modules import load_registry
from municipality.errors import DomainError
from municipality.i18n import _, digit_system, localizer_for
from municipality.roles import Role
from municipality.tenancy import commune_by_slug
from municipality.tenants import COUNTRY_PROFILES
from municipality.views.admin import OUTBOX_STATES
from municipality.workflow import Workflow
from notices import services as notice_services
from tests import factories

ROOT = Path(__file__).parents[2]
LOCALE_DIR = ROOT / "municipality" / "locale"
DOMAIN = "baladiya"
LOCALES = ("ar", "fr", "en")
PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
ARABIC_PLURALS = {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5, 103: 3}


def _module_packages() -> list[str]:
    return MODULE_DEFAULTS["baladiya.modules.available"].split()


@cache
def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fileobj:
        return parse_mapping_cfg(fileobj, "babel.cfg")


@cache
def _extracted() -> dict[str, list[str]]:
    """msgid -> where it is used, as ``pybabel extract -F babel.cfg`` finds them."""
    method_map, options_map = _mapping()
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def _workflows(package: str) -> list[Workflow]:
    try:
        module = importlib.import_module(f"{package}.workflow")
    except ModuleNotFoundError:
        return []
    return [value for value in vars(module).values() if isinstance(value, Workflow)]


def _error_classes(cls: type[DomainError]) -> Iterator[type[DomainError]]:
    yield cls
    for subclass in cls.__subclasses__():
        yield from _error_classes(subclass)


@cache
def _runtime_msgids() -> dict[str, str]:
    """msgid -> what it is, for values the templates and views translate as variables."""
    found = {role.value: "role" for role in Role}
    found.update((state, "outbox state") for state in OUTBOX_STATES)
    found.update((cls.title, "error title") for cls in _error_classes(DomainError))
    packages = _module_packages()
    for manifest in load_registry(packages).manifests():
        found.update((role, f"{manifest.name} role") for role in manifest.roles)
        for entry in (*manifest.menu, *manifest.region_menu):
            found.update({entry.title: f"{manifest.name} menu"})
    for package in packages:
        for workflow in _workflows(package):
            found.update((state, f"{workflow.name} state") for state in workflow.states)
            found.update((action, f"{workflow.name} action") for _s, action in workflow.table)
    return found


def _all_msgids() -> set[str]:
    return set(_extracted()) | set(_runtime_msgids())


def _po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _catalogue(locale: str) -> Catalog:
    with _po_path(locale).open("rb") as fileobj:
        return read_po(fileobj, locale=locale, domain=DOMAIN)


def _translations(locale: str) -> Translations:
    buffer = BytesIO()
    write_mo(buffer, _catalogue(locale))
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_babel_cfg_covers_every_application_package_and_nothing_else():
    method_map, _options = _mapping()

    def method(path: Path) -> str | None:
        relative = path.relative_to(ROOT).as_posix()
        return next((m for pattern, m in method_map if pathmatch(pattern, relative)), None)

    packages = ["municipality", "modules", *_module_packages()]
    for package in packages:
        for path in (ROOT / package).rglob("*"):
            if path.suffix == ".py":
                assert method(path) == "python", f"babel.cfg does not extract {path}"
            elif path.suffix == ".jinja2":
                assert method(path) == "jinja2", f"babel.cfg does not extract {path}"
    for outside in (
        "tests/municipality/test_i18n.py",
        "tests/conftest.py",
        "bench/x.py",
        "node_modules/pkg/x.py",
        ".venv/lib/x.py",
    ):
        assert method(ROOT / outside) is None, f"babel.cfg extracts {outside}"


def test_extraction_sees_templates_views_and_strings_with_a_mapping():
    extracted = _extracted()
    assert "Log in" in extracted  # base.jinja2 and views/auth.py
    assert any(where.startswith("municipality/templates/") for where in extracted["Log in"])
    assert "Page ${number} of ${pages}" in extracted  # template, mapping={...}
    assert "Welcome, ${name}." in extracted  # Python, mapping=...
    assert "Page not found" in extracted  # _translate(request, "...") in web.py
    assert not any(
        where.startswith(("tests/", "bench/")) for places in extracted.values() for where in places
    )


def test_template_lists_every_msgid():
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as fileobj:
        template = read_po(fileobj)
    missing = sorted(_all_msgids() - {m.id for m in template if m.id})
    assert not missing, f"baladiya.pot is out of date (run make extract): {missing}"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_passes_the_checks_pybabel_compile_runs(locale):
    """``make`` compiles with ``pybabel compile``, which refuses what these checks find.

    A msgid with a bare "%" gets a python-format flag on extraction; our messages use
    ``${name}`` placeholders, so that flag only makes the compiler refuse translations.
    """
    problems = [
        (message.id, str(error))
        for message, errors in _catalogue(locale).check()
        for error in errors
    ]
    assert not problems, problems


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_translates_every_msgid_with_the_same_placeholders(locale):
    catalogue = _catalogue(locale)
    assert catalogue.locale is not None
    assert str(catalogue.locale) == locale
    assert not catalogue.fuzzy
    problems = []
    for msgid in sorted(_all_msgids()):
        message = catalogue.get(msgid)
        if message is None:
            problems.append(f"missing: {msgid!r}")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            problems.append(f"fuzzy or empty: {msgid!r}")
            continue
        for string in strings:
            if _placeholders(string) != _placeholders(msgid):
                problems.append(f"placeholders differ: {msgid!r} -> {string!r}")
    assert not problems, f"{_po_path(locale)}:\n" + "\n".join(problems)


def test_plural_forms_follow_each_language():
    assert _catalogue("ar").num_plurals == 6
    arabic = _translations("ar")
    assert {n: arabic.plural(n) for n in ARABIC_PLURALS} == ARABIC_PLURALS
    assert _translations("fr").plural(1) == _translations("fr").plural(0) == 0
    assert _translations("fr").plural(2) == 1
    assert _translations("en").plural(0) == 1


@pytest.mark.parametrize(
    ("locale", "msgid", "expected"),
    [
        ("ar", "Log in", "تسجيل الدخول"),
        ("ar", "Dashboard", "لوحة القيادة"),
        ("ar", "civil_status_officer", "ضابط(ة) الحالة المدنية"),
        ("ar", "commune_admin", "مدير(ة) الجماعة"),
        ("ar", "published", "منشور"),
        ("fr", "Log in", "Se connecter"),
        ("fr", "Dashboard", "Tableau de bord"),
        ("fr", "Two-step verification", "Vérification en deux étapes"),
        ("fr", "withdraw", "Retirer"),
        ("en", "dead", "Failed"),
    ],
)
def test_compiled_catalogue_translates(locale, msgid, expected):
    assert _translations(locale).gettext(msgid) == expected


def test_placeholders_are_filled_after_translation():
    arabic = Localizer("ar", _translations("ar"))
    page = _("Page ${number} of ${pages}", mapping={"number": 2, "pages": 5})
    assert arabic.translate(page) == "الصفحة 2 من 5"
    french = Localizer("fr", _translations("fr"))
    welcome = _("Welcome, ${name}.", mapping={"name": "Amina"})
    assert french.translate(welcome) == "Bienvenue, Amina."


def _compile(po: Path) -> None:
    """Write ``po``'s .mo next to it (as ``make setup`` does), atomically and only if changed."""
    with po.open("rb") as fileobj:
        catalogue = read_po(fileobj)
    buffer = BytesIO()
    write_mo(buffer, catalogue)
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.read_bytes() == buffer.getvalue():
        return
    handle, tmp = tempfile.mkstemp(dir=po.parent, prefix=f".{po.stem}-", suffix=".mo")
    with os.fdopen(handle, "wb") as out:
        out.write(buffer.getvalue())
    os.replace(tmp, mo)


@pytest.fixture(scope="module")
def compiled_app(wsgi_app: Any) -> Any:
    """The app with every catalogue compiled to the .mo files it reads.

    Pyramid keeps one localizer per locale for the app's lifetime, built on its first
    lookup; one built before these files existed would hide them, so any is dropped.
    """
    for po in sorted(ROOT.glob("*/locale/*/LC_MESSAGES/*.po")):
        _compile(po)
    for locale in wsgi_app.registry.settings["baladiya.core.locales"].split():
        wsgi_app.registry.unregisterUtility(provided=ILocalizer, name=locale)
    localizer_for.cache_clear()
    return wsgi_app


@pytest.fixture
def site(
    compiled_app: Any, app: webtest.TestApp, db: Callable[[], AbstractContextManager[Session]]
) -> webtest.TestApp:
    """A commune speaking Arabic first, with three notices, behind the compiled app."""
    with db() as session:
        commune = factories.commune(session, slug="tiznit", languages="ar fr")
        factories.enable(session, commune, "notices")
        factories.user(session, role="agent", commune_=commune, email="agent@tiznit.test")
        for n in range(3):
            notice_services.publish(
                session,
                actor="t",
                commune=commune,
                data={"title": f"Avis {n}", "body": "Texte", "language": "fr"},
            )
    return app


def _switch(app: webtest.TestApp, locale: str, path: str) -> webtest.TestResponse:
    """Choose ``locale`` in the switcher of the page at ``path``, and land back on it."""
    token = factories.csrf_token(app, path)
    response = app.post("/locale", {"csrf_token": token, "locale": locale, "next": path})
    assert response.status_int == 302
    return response.follow()


def test_language_switcher_turns_the_pages_to_arabic_and_back_to_french(site):
    assert '<html lang="fr" dir="ltr">' in site.get("/").text  # the platform default

    _switch(site, "ar", "/login")
    home = site.get("/")
    assert '<html lang="ar" dir="rtl">' in home.text
    assert "جماعة tiznit" in home.text
    login = site.get("/login")
    assert '<html lang="ar" dir="rtl">' in login.text
    assert login.html.h1.get_text(strip=True) == "تسجيل الدخول"
    assert "Log in" not in login.text

    login = _switch(site, "fr", "/login")
    assert '<html lang="fr" dir="ltr">' in login.text
    assert login.html.h1.get_text(strip=True) == "Se connecter"
    assert "Commune tiznit" in site.get("/").text


def test_commune_pages_speak_the_communes_first_language(site):
    page = site.get("/tiznit/")
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "لوحة الإعلانات" in page.text


def test_templates_fill_the_mapping_of_translated_strings(site):
    factories.log_in(site, "agent@tiznit.test")
    _switch(site, "ar", "/c/tiznit/notices")
    page = site.get("/c/tiznit/notices", {"size": "1", "page": "2"})
    assert "عدد الإعلانات: 3" in page.text
    assert page.html.select_one("nav.pager span").get_text(strip=True) == "الصفحة 2 من 3"
    assert "${" not in page.text


def _html_lang(page: webtest.TestResponse) -> tuple[str, str]:
    return page.html.html["lang"], page.html.html["dir"]


def test_an_arabic_browser_gets_the_landing_page_in_arabic(site):
    page = site.get("/", headers={"Accept-Language": "ar-MA,ar;q=0.9,fr;q=0.5"})
    assert _html_lang(page) == ("ar", "rtl")
    assert "جماعة tiznit" in page.text
    assert "Accept-Language" in page.headers["Vary"]


def test_the_browser_languages_are_taken_in_order_of_their_quality(site):
    page = site.get("/login", headers={"Accept-Language": "fr;q=0.3, en;q=0.8, ar;q=0"})
    assert _html_lang(page) == ("en", "ltr")
    assert page.html.h1.get_text(strip=True) == "Log in"


def test_a_language_chosen_in_the_switcher_beats_the_browser(site):
    _switch(site, "fr", "/login")
    page = site.get("/", headers={"Accept-Language": "ar"})
    assert _html_lang(page) == ("fr", "ltr")
    assert "Vary" not in page.headers or "Accept-Language" not in page.headers["Vary"]


def test_a_language_from_the_profile_beats_the_browser(site, db):
    with db() as session:
        tiznit = commune_by_slug(session, "tiznit")
        factories.user(session, role="agent", commune_=tiznit, email="fr@tiznit.test", locale="fr")
    factories.log_in(site, "fr@tiznit.test")
    page = site.get("/c/tiznit/notices", headers={"Accept-Language": "ar"})
    assert _html_lang(page) == ("fr", "ltr")


def test_a_language_baladiya_does_not_speak_falls_back_to_the_default(site):
    page = site.get("/", headers={"Accept-Language": "de-DE,de;q=0.9,*;q=0.5"})
    assert _html_lang(page) == ("fr", "ltr")


def test_a_commune_page_hears_the_browser_only_in_the_communes_languages(site):
    assert _html_lang(site.get("/tiznit/", headers={"Accept-Language": "fr"})) == ("fr", "ltr")
    english = site.get("/tiznit/", headers={"Accept-Language": "en, fr;q=0.5"})
    assert _html_lang(english) == ("fr", "ltr")
    assert _html_lang(site.get("/tiznit/", headers={"Accept-Language": "en"})) == ("ar", "rtl")


@pytest.mark.parametrize("profile", sorted(COUNTRY_PROFILES))
def test_arabic_digits_of_each_country_profile_agree_with_cldr(profile):
    """Where CLDR has an Arabic locale for the country, its default digits are ours; the
    others write Latin digits (see ``ARABIC_INDIC_PROFILES``)."""
    try:
        expected = Locale.parse(f"ar_{profile}").default_numbering_system
    except UnknownLocaleError:
        expected = "latn"
    assert digit_system("ar", profile) == expected
    assert digit_system("fr", profile) == "latn"
