"""Names compared across scripts: the same child written in Arabic, Latin or Tifinagh.

ICU transliterates any script to Latin ASCII. Arabic writes no short vowels, so "محمد"
becomes "mhmd" while the French spelling is "Mohamed": names are compared on their
consonant skeleton (vowels and the half-vowels w and y dropped, doubled letters
collapsed) as well as in full, and the better of the two scores counts.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import icu
from rapidfuzz import fuzz

# Tifinagh letters ICU has no transliterator for, in the official IRCAM Latin spelling.
TIFINAGH = str.maketrans(
    {
        "ⴰ": "a", "ⴱ": "b", "ⴳ": "g", "ⴷ": "d", "ⴹ": "d", "ⴻ": "e", "ⴼ": "f", "ⴽ": "k",  # noqa: RUF001 - Tifinagh letters
        "ⵀ": "h", "ⵃ": "h", "ⵄ": "", "ⵅ": "kh", "ⵇ": "q", "ⵉ": "i", "ⵊ": "j", "ⵍ": "l",
        "ⵎ": "m", "ⵏ": "n", "ⵓ": "u", "ⵔ": "r", "ⵕ": "r", "ⵖ": "gh", "ⵙ": "s", "ⵚ": "s",  # noqa: RUF001 - Tifinagh letters
        "ⵛ": "c", "ⵜ": "t", "ⵟ": "t", "ⵡ": "w", "ⵢ": "y", "ⵣ": "z", "ⵥ": "z", "ⵯ": "w",
    }
)  # fmt: skip
NOT_LETTER = re.compile(r"[^a-z ]+")
SPACES = re.compile(r"\s+")
SKELETON_DROPS = re.compile(r"[aeiouwy]")
DOUBLED = re.compile(r"(.)\1+")
SCRIPTS_SEPARATOR = "|"
ARTICLES = frozenset({"al", "el", "l"})
ARTICLE_PREFIX = re.compile(r"^[ae]l(?=[a-z]{3})")


@cache
def _latin() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")


def latin_key(*names: str | None) -> str:
    """The names in lower-case Latin ASCII letters and single spaces, whatever the script."""
    text = " ".join(n for n in names if n).translate(TIFINAGH)
    latin = NOT_LETTER.sub("", _latin().transliterate(text).lower())
    return SPACES.sub(" ", latin).strip()


def skeleton(key: str) -> str:
    """The consonants of a Latin key, doubled letters once: what Arabic spelling keeps."""
    bare = (DOUBLED.sub(r"\1", SKELETON_DROPS.sub("", word)) for word in key.split())
    return " ".join(word for word in bare if word)


def without_article(key: str) -> str:
    """The key without the Arabic article: "el idrissi" and "aladrysy" both read "idrissi"
    and "drysy". A name that only starts like it ("alaoui") is compared both ways."""
    words = [w for w in key.split() if w not in ARTICLES]
    return " ".join(ARTICLE_PREFIX.sub("", w) for w in words)


def _forms(key: str) -> tuple[str, ...]:
    """The ways a key is compared: in full, as a skeleton, as a skeleton without article."""
    return (key, skeleton(key), skeleton(without_article(key)))


def names_key(*names: str) -> str:
    """One Latin key per script a person's name is written in, joined by ``|``."""
    return SCRIPTS_SEPARATOR.join(k for k in names if k)


def _pairs(one: str, other: str) -> list[tuple[str, str]]:
    return [
        (a, b)
        for a in one.split(SCRIPTS_SEPARATOR)
        for b in other.split(SCRIPTS_SEPARATOR)
        if a and b
    ]


def similarity(one: str, other: str) -> int:
    """0 to 100: how alike two names keys are, in full or as consonant skeletons, word
    order ignored (a family name first in one script and last in the other); the best
    pair of scripts counts."""
    return round(
        max(
            (
                fuzz.token_sort_ratio(x, y)
                for a, b in _pairs(one, other)
                for x, y in zip(_forms(a), _forms(b), strict=True)
            ),
            default=0,
        )
    )


def name_match(query: str, key: str) -> int:
    """0 to 100: how well a searched name (perhaps only a given name) fits an act's names."""
    return round(
        max(
            (
                fuzz.token_set_ratio(x, y)
                for a, b in _pairs(query, key)
                for x, y in zip(_forms(a), _forms(b), strict=True)
            ),
            default=0,
        )
    )


# Arabic letters written several ways, folded to one: hamza carriers, alef maqsura, ta
# marbuta; and the marks (short vowels, shadda, tatweel) few registers write the same.
ARABIC_FOLDS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"}  # noqa: RUF001 - Arabic letters
)
ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
NOT_ARABIC_LETTER = re.compile("[^\u0621-\u064a ]+")
ARABIC_ARTICLE = re.compile(r"^ال(?=\S{2})")
SHORTEST = 2


def arabic_key(*names: str | None) -> str:
    """The Arabic letters of the names, spelling variants folded, article dropped."""
    text = ARABIC_MARKS.sub("", " ".join(n for n in names if n)).translate(ARABIC_FOLDS)
    words = NOT_ARABIC_LETTER.sub(" ", text).split()
    return " ".join(ARABIC_ARTICLE.sub("", w) for w in words)


def search_words(*names: str | None) -> str:
    """Every form of a person's names in one string, form by form (the folded Arabic
    spellings, the Latin keys, their skeletons without article): the single search column
    of migration ``civil_status_0003``, which that migration and the downgrade of
    ``civil_status_0005`` write. Entry writes :func:`search_columns`."""
    written = [n for n in names if n]
    keys = [latin_key(n) for n in written]
    forms = [
        *(arabic_key(n) for n in written),
        *keys,
        *(skeleton(without_article(k)) for k in keys),
    ]
    return " ".join(dict.fromkeys(f for f in forms if f))


class SearchColumns(NamedTuple):
    """What the trigram indexes of a person's names hold, one column per form, so a query's
    form is compared with the act's words of the same form only: short strings, cheap to
    recheck, and each script searchable on its own."""

    # The folded Arabic spellings of the names written in Arabic letters.
    search_ar: str
    # The Latin keys of the names written in any other script (Latin, Tifinagh).
    search_lat: str
    # The consonant skeletons, without article, of every name: the bridge across scripts.
    search_bare: str


def _joined(forms: list[str]) -> str:
    return " ".join(dict.fromkeys(f for f in forms if f))


def search_columns(*names: str | None) -> SearchColumns:
    """A person's names (one per script) in the columns :class:`SearchColumns` describes."""
    written = [n for n in names if n]
    arabic = [n for n in written if arabic_key(n)]
    other = [n for n in written if not arabic_key(n)]
    return SearchColumns(
        search_ar=_joined([arabic_key(n) for n in arabic]),
        search_lat=_joined([latin_key(n) for n in other]),
        search_bare=_joined([bare_key(n) for n in written]),
    )


def bare_key(name: str) -> str:
    """The consonant skeleton of a name in any script, its article dropped."""
    return skeleton(without_article(latin_key(name)))


def query_skeleton(query: str) -> str:
    """The skeleton a searched name is compared with, or nothing when it is so short
    (one letter: "ali" is "l") that it would match nearly every act."""
    bare = bare_key(query)
    return bare if len(bare.replace(" ", "")) >= SHORTEST else ""
