"""JSON text read from files, with every way it can fail as an input error.

``json.loads`` raises three kinds of error on text nobody checked: malformed
JSON, a ``RecursionError`` on nesting deeper than the parser's recursion limit
(``[[[[…]]]]`` 100,000 levels deep), and a ``ValueError`` on an integer literal
longer than Python converts (``sys.get_int_max_str_digits()``, 4,300 digits).
All three are bad input, not bugs, so all three name the file and the line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .errors import InputError

#: The scanner ``json.loads`` runs (C where Python has it): ``(value, end)`` of the value at an index
#: (set by the decoder's constructor, which the type stubs do not declare).
_SCAN_VALUE: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def parse_json(text: str, where: str, line: int | None = None) -> Any:
    """``json.loads(text)``; raises :class:`~newsmill.errors.InputError` naming
    ``where`` and ``line`` when the text is not JSON newsmill can read."""
    try:
        return _loads(text)
    except json.JSONDecodeError as error:
        raise InputError(where, f"malformed JSON: {error.msg}", line) from None
    except RecursionError:
        raise InputError(where, "JSON nested too deeply to read", line) from None
    except ValueError as error:  # an integer literal beyond the digit limit
        raise InputError(where, f"JSON value out of range: {error}", line) from None


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
