"""JSON strings written straight from UTF-8 bytes, as ``json.dumps(..., ensure_ascii=False)`` writes them.

An article holds its text as UTF-8 (:class:`~newsmill.record.PackedParagraphs`).
Written the plain way, the text is decoded, escaped by ``json.dumps`` and
encoded again; of what ``json.dumps`` escapes with ``ensure_ascii=False``
(``"``, ``\\``, and the control characters U+0000–U+001F), a text usually holds
only the quote, the backslash and the newline between paragraphs, and those
three are replaced in the bytes directly, five times faster on news text.
A text with any other control character is left to ``json.dumps``.
"""

from __future__ import annotations

#: The control characters ``json.dumps`` escapes that :func:`json_string_utf8` does not: all but the newline.
_OTHER_CONTROLS = bytes(code for code in range(0x20) if code != ord("\n"))


def json_string_utf8(text: bytes) -> bytes | None:
    """``json.dumps(text.decode("utf-8"), ensure_ascii=False).encode("utf-8")`` for UTF-8 ``text``
    whose only control character is the newline; ``None`` for a text with another one."""
    if len(text.translate(None, _OTHER_CONTROLS)) != len(text):
        return None
    return b'"' + text.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") + b'"'
