"""Strict readers of what clients send: numbers, text and JSON bodies.

Python is generous where a public service must not be: ``float("3_4")`` is 34,
``float("nan")`` passes every range check, ``json.loads`` takes ``NaN`` and nests as deep
as the stack allows, and a NUL byte or a lone surrogate travels on until the database or
the encoder fails. Input is refused here, with a message naming the field and the rule,
instead of being guessed at or cut short.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

# Plain decimal notation only: no underscores, no "nan"/"inf", no hexadecimal.
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_INT = re.compile(r"^[+-]?\d+$")
_MAX_DIGITS = 30
# NUL, and the UTF-16 surrogates, which are no characters of their own.
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
MAX_JSON_DEPTH = 32


class InputError(ValueError):
    """Input refused; the message names the field and what it must be."""


def is_decimal(text: str) -> bool:
    """Whether ``text`` is a number in plain decimal notation, of sensible length."""
    stripped = text.strip()
    return len(stripped) <= _MAX_DIGITS and _FLOAT.match(stripped) is not None


def is_whole(text: str) -> bool:
    """Whether ``text`` is a whole number in plain digits, of sensible length."""
    stripped = text.strip()
    return len(stripped) <= _MAX_DIGITS and _INT.match(stripped) is not None


def parse_float(raw: str, name: str, *, minimum: float, maximum: float) -> float:
    """A finite decimal number within ``[minimum, maximum]``."""
    if not is_decimal(raw):
        raise InputError(f"{name} must be a decimal number such as 34.02")
    value = float(raw)
    if not minimum <= value <= maximum:
        raise InputError(f"{name} must lie between {minimum:g} and {maximum:g}")
    return value


def parse_int(raw: str, name: str, *, minimum: int, maximum: int) -> int:
    """A whole number in plain digits within ``[minimum, maximum]``."""
    if not is_whole(raw):
        raise InputError(f"{name} must be a whole number")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise InputError(f"{name} must lie between {minimum} and {maximum}")
    return value


def unsafe_text(text: str) -> bool:
    """Whether ``text`` holds a NUL or an unpaired surrogate, which nothing may store."""
    return _UNSAFE.search(text) is not None


def first_unsafe(pairs: Iterable[tuple[str, Any]]) -> str | None:
    """The name of the first field whose name or text value is unsafe, if any."""
    for key, value in pairs:
        if unsafe_text(key):
            return "(field name)"
        if isinstance(value, str) and unsafe_text(value):
            return key
    return None


def _refuse_constant(name: str) -> float:
    raise InputError(f"{name} is not a JSON number; send a finite number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InputError(f"{text[:20]} is too large a number")
    return value


def _check_tree(document: Any) -> None:
    """Refuse nesting deeper than :data:`MAX_JSON_DEPTH` and unsafe strings anywhere."""
    pending: list[tuple[Any, int, str]] = [(document, 0, "(body)")]
    while pending:
        value, depth, path = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise InputError(f"the body nests deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(value, str):
            if unsafe_text(value):
                raise InputError(f"{path} holds a NUL or an unpaired surrogate character")
        elif isinstance(value, dict):
            for key, item in value.items():
                if unsafe_text(key):
                    raise InputError(f"{path} has a key with a NUL or an unpaired surrogate")
                pending.append((item, depth + 1, key))
        elif isinstance(value, list):
            pending.extend((item, depth + 1, path) for item in value)


def loads_json(body: bytes) -> Any:
    """A JSON document in UTF-8 that any part of the system can store and send back."""
    try:
        document = json.loads(
            body.decode("utf-8"), parse_constant=_refuse_constant, parse_float=_finite
        )
    except RecursionError:
        raise InputError(f"the body nests deeper than {MAX_JSON_DEPTH} levels") from None
    except UnicodeDecodeError:
        raise InputError("the body is not UTF-8") from None
    except InputError:
        raise
    except ValueError as exc:
        raise InputError(f"the body is not valid JSON: {exc}") from None
    _check_tree(document)
    return document
