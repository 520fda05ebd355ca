"""The deform and colander messages are translated in every language we serve.

deform 3.0.1 and colander 2.0 ship no Arabic catalogue, and their French ones are
incomplete, so ``municipality/locale`` provides its own (``add_translation_dirs`` lists it
last, so it wins). For each domain and locale, the effective catalogue (ours when present,
else the package's) must translate every msgid of the package's ``.pot``, with no fuzzy or
empty entry, and keep exactly the ``${...}`` placeholders of the msgid.
"""

from __future__ import annotations

import gettext
import re
import warnings
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]
OUR_LOCALE_DIR = ROOT / "municipality" / "locale"
DOMAINS = ("deform", "colander")
LOCALES = ("ar", "fr")
PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
ARABIC_PLURAL_EXPR = (
    "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"
)
ARABIC_REQUIRED = "مطلوب"


def _read(path: Path | Traversable, locale: str | None = None) -> Catalog:
    with path.open("rb") as fileobj:
        return read_po(fileobj, locale=locale)


@cache
def _package_locale_dir(domain: str) -> Traversable:
    # files() imports the package, and deform 3.0.1 imports pkg_resources, which warns on
    # import (as pyproject.toml's filterwarnings acknowledges). Those warnings are deform's,
    # not ours: silence exactly them, so this file also passes on its own with ``-W error``.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="pkg_resources is deprecated", category=UserWarning
        )
        warnings.filterwarnings(
            "ignore",
            message="Deprecated call to `pkg_resources.declare_namespace",
            category=DeprecationWarning,
        )
        return files(domain) / "locale"


def _template(domain: str) -> Catalog:
    return _read(_package_locale_dir(domain) / f"{domain}.pot")


def _our_po(domain: str, locale: str) -> Path:
    return OUR_LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"


def _effective_po(domain: str, locale: str) -> Path | Traversable:
    ours = _our_po(domain, locale)
    if ours.is_file():
        return ours
    return _package_locale_dir(domain) / locale / "LC_MESSAGES" / f"{domain}.po"


def _msgids(template: Catalog) -> list[str]:
    ids = [message.id for message in template if message.id]
    assert all(isinstance(msgid, str) for msgid in ids), "plural msgids are not expected"
    return ids


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


OUR_FORM_CATALOGUES = [
    pytest.param(domain, locale, id=f"{locale}-{domain}")
    for locale in LOCALES
    for domain in DOMAINS
    if _our_po(domain, locale).is_file()
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_msgid_is_translated(domain: str, locale: str) -> None:
    path = _effective_po(domain, locale)
    assert path.is_file(), f"no {locale} catalogue for {domain}"
    msgids = _msgids(_template(domain))
    assert msgids, f"{domain}.pot has no messages"
    catalog = _read(path, locale=locale)

    problems = []
    for msgid in msgids:
        message = catalog.get(msgid)
        if message is None:
            problems.append(f"missing: {msgid!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        if not isinstance(message.string, str) or not message.string.strip():
            problems.append(f"untranslated: {msgid!r}")
            continue
        if _placeholders(message.string) != _placeholders(msgid):
            problems.append(f"placeholders differ: {msgid!r} -> {message.string!r}")
    assert not problems, f"{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("domain", DOMAINS)
def test_arabic_catalogue_header(domain: str) -> None:
    catalog = _read(_our_po(domain, "ar"), locale="ar")
    assert str(catalog.locale) == "ar"
    assert catalog.charset.lower() == "utf-8"
    assert catalog.num_plurals == 6
    assert catalog.plural_expr == ARABIC_PLURAL_EXPR
    assert not catalog.fuzzy


@pytest.mark.parametrize(("domain", "locale"), OUR_FORM_CATALOGUES)
def test_our_catalogue_compiles_and_loads(domain: str, locale: str, tmp_path: Path) -> None:
    catalog = _read(_our_po(domain, locale), locale=locale)
    mo_path = tmp_path / locale / "LC_MESSAGES" / f"{domain}.mo"
    mo_path.parent.mkdir(parents=True)
    with mo_path.open("wb") as fileobj:
        write_mo(fileobj, catalog)
    with mo_path.open("rb") as fileobj:
        translations = gettext.GNUTranslations(fileobj)

    assert translations.info()["language"] == locale
    for msgid in _msgids(_template(domain)):
        expected = catalog.get(msgid)
        assert expected is not None
        assert translations.gettext(msgid) == expected.string


def test_arabic_plural_forms_survive_compilation(tmp_path: Path) -> None:
    catalog = _read(_our_po("colander", "ar"), locale="ar")
    mo_path = tmp_path / "colander.mo"
    with mo_path.open("wb") as fileobj:
        write_mo(fileobj, catalog)
    with mo_path.open("rb") as fileobj:
        translations = gettext.GNUTranslations(fileobj)

    expected = {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5, 103: 3}
    assert {n: translations.plural(n) for n in expected} == expected


def test_required_in_arabic(tmp_path: Path) -> None:
    catalog = _read(_our_po("colander", "ar"), locale="ar")
    mo_path = tmp_path / "ar" / "LC_MESSAGES" / "colander.mo"
    mo_path.parent.mkdir(parents=True)
    with mo_path.open("wb") as fileobj:
        write_mo(fileobj, catalog)
    translations = gettext.translation("colander", localedir=tmp_path, languages=["ar"])

    assert isinstance(translations, gettext.GNUTranslations)
    assert translations.gettext("Required") == ARABIC_REQUIRED
