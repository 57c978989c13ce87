"""JSON text read from files, with every way it can fail as an input error.

``json.loads`` raises three kinds of error on text nobody checked: malformed
JSON, a ``RecursionError`` on nesting deeper than the parser's recursion limit
(``[[[[…]]]]`` 100,000 levels deep), and a ``ValueError`` on an integer literal
longer than Python converts (``sys.get_int_max_str_digits()``, 4,300 digits).
All three are bad input, not bugs, so all three name the file and the line.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import InputError


def parse_json(text: str, where: str, line: int | None = None) -> Any:
    """``json.loads(text)``; raises :class:`~newsmill.errors.InputError` naming
    ``where`` and ``line`` when the text is not JSON newsmill can read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(where, f"malformed JSON: {error.msg}", line) from None
    except RecursionError:
        raise InputError(where, "JSON nested too deeply to read", line) from None
    except ValueError as error:  # an integer literal beyond the digit limit
        raise InputError(where, f"JSON value out of range: {error}", line) from None
