"""JSON written faster, byte for byte as ``json.dumps(..., ensure_ascii=False)`` writes it.

:func:`json_text` is ``json.dumps`` with the C encoder made once instead of on
every call (``json.dumps`` with any option builds a ``JSONEncoder`` and the C
encoder again for each value: a third of the time of a small record).

:func:`json_string_utf8` writes a JSON string straight from UTF-8 bytes.

An article holds its text as UTF-8 (:class:`~newsmill.record.PackedParagraphs`).
Written the plain way, the text is decoded, escaped by ``json.dumps`` and
encoded again; of what ``json.dumps`` escapes with ``ensure_ascii=False``
(``"``, ``\\``, and the control characters U+0000–U+001F), a text usually holds
only the quote, the backslash and the newline between paragraphs, and those
three are replaced in the bytes directly, five times faster on news text.
A text with any other control character is left to ``json.dumps``.

:func:`json_scalar` writes a string, number or ``null`` without the encoder's
call, for records written field by field (a removal, an article's own fields).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

#: The encoder ``json.dumps(value, ensure_ascii=False)`` uses, and the C function it runs, made once
#: (with no check for cycles: a record holds none); ``None`` where Python has no C encoder.
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_ITERENCODE = None if _C_ENCODER is None else _C_ENCODER(
    None, _ENCODER.default, json.encoder.encode_basestring, None,
    _ENCODER.key_separator, _ENCODER.item_separator, False, False, True,
)


def json_text(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)`` for a ``value`` that refers to itself nowhere."""
    if _ITERENCODE is None or isinstance(value, str):  # json.dumps writes a lone string itself
        return _ENCODER.encode(value)
    return "".join(_ITERENCODE(value, 0))


def _float_json(value: float) -> str:
    """A float as ``json.dumps`` writes it: its ``repr`` when finite, else ``NaN`` or ``±Infinity``."""
    return float.__repr__(value) if math.isfinite(value) else json_text(value)


#: How :func:`json_scalar` writes each type exactly (``bool`` is not an ``int`` here: ``type`` is looked up).
_SCALAR_WRITERS: dict[type, Callable[[Any], str]] = {
    str: json.encoder.encode_basestring,  # the C function the encoder escapes strings with
    int: int.__repr__,
    float: _float_json,
    type(None): lambda _: "null",
}


def json_scalar(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, made without the encoder for a ``str``, an ``int``
    (not a ``bool``), a ``float`` or ``None`` (a few times faster on one value); any other
    value is left to :func:`json_text`."""
    return _SCALAR_WRITERS.get(type(value), json_text)(value)


#: The control characters ``json.dumps`` escapes that :func:`json_string_utf8` does not: all but the newline.
_OTHER_CONTROLS = bytes(code for code in range(0x20) if code != ord("\n"))


def json_string_utf8(text: bytes) -> bytes | None:
    """``json.dumps(text.decode("utf-8"), ensure_ascii=False).encode("utf-8")`` for UTF-8 ``text``
    whose only control character is the newline; ``None`` for a text with another one."""
    if len(text.translate(None, _OTHER_CONTROLS)) != len(text):
        return None
    return b'"' + text.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") + b'"'
