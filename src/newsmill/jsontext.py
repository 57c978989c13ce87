"""JSON text read from files, with every way it can fail as an input error.

``json.loads`` raises three kinds of error on text nobody checked: malformed
JSON, a ``RecursionError`` on nesting deeper than the parser's recursion limit
(``[[[[…]]]]`` 100,000 levels deep), and a ``ValueError`` on an integer literal
longer than Python converts (``sys.get_int_max_str_digits()``, 4,300 digits).
All three are bad input, not bugs, so all three name the file and the line.
A fourth it does not raise: JSON allows a ``\\uD800``-``\\uDFFF`` escape without
its pair, which reads as a lone surrogate, a string no UTF-8 output can hold;
that too is an error naming the file and the line, not a crash when the
results are written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .errors import InputError

#: The scanner ``json.loads`` runs (C where Python has it): ``(value, end)`` of the value at an index
#: (set by the decoder's constructor, which the type stubs do not declare).
_SCAN_VALUE: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
#: The escape of a UTF-16 surrogate (``\\uD800``-``\\uDFFF``, either case): the one way a JSON text in UTF-8
#: reads as a string with a lone surrogate (a pair of them, an escaped character beyond U+FFFF, is one character).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def parse_json(text: str, where: str, line: int | None = None) -> Any:
    """``json.loads(text)``; raises :class:`~newsmill.errors.InputError` naming
    ``where`` and ``line`` when the text is not JSON newsmill can read."""
    try:
        value = _loads(text)
    except json.JSONDecodeError as error:
        raise InputError(where, f"malformed JSON: {error.msg}", line) from None
    except RecursionError:
        raise InputError(where, "JSON nested too deeply to read", line) from None
    except ValueError as error:  # an integer literal beyond the digit limit
        raise InputError(where, f"JSON value out of range: {error}", line) from None
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):  # rare: most JSON writes characters as they are
        _check_no_lone_surrogate(value, where, line)
    return value


def _check_no_lone_surrogate(value: Any, where: str, line: int | None) -> None:
    """Raise :class:`~newsmill.errors.InputError` if a string of ``value`` (keys too) holds a lone surrogate."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        lone = f"\\u{ord(error.object[error.start]):04x}"
        raise InputError(where, f"a JSON string holds {lone} without its pair, which is not text", line) from None


def _loads(text: str) -> Any:
    """``json.loads(text)``, a text that is one value and nothing else (a JSONL line) read by the
    scanner straight away, without the three calls in Python and two searches for whitespace
    around it that ``json.loads`` makes (1 µs of the 10 a generated article's line takes).

    Any other text, or one the scanner cannot start on (whitespace before the value, a
    byte-order mark: what it raises has no message), is left to ``json.loads`` and so fails
    as it does; an error inside the value is the scanner's in both.
    """
    try:
        value, end = _SCAN_VALUE(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)
