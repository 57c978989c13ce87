"""A word-level, side-by-side diff of two article texts as escaped HTML.

Word level, because near duplicates are the same story lightly edited: a
line diff would mark whole paragraphs for one changed word. Paragraph breaks
are kept as tokens so both columns keep the articles' layout.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape

_TOKEN = re.compile(r"\n\s*\n|\S+")
_BREAK = "\n\n"


@dataclass(frozen=True)
class SideBySide:
    """The two columns of a diff as HTML."""

    left: str
    right: str


def tokens(text: str) -> list[str]:
    """Words of ``text``, with one paragraph-break token between paragraphs."""
    return [_BREAK if token.isspace() else token for token in _TOKEN.findall(text)]


def side_by_side(kept: str, other: str) -> SideBySide:
    """Diff ``other`` against ``kept``: words only in ``kept`` are ``<del>`` on the
    left, words only in ``other`` are ``<ins>`` on the right; all text escaped."""
    a, b = tokens(kept), tokens(other)
    left: list[str] = []
    right: list[str] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            left.append(_html(a[a1:a2]))
            right.append(_html(b[b1:b2]))
            continue
        if a1 < a2:
            left.append(f"<del>{_html(a[a1:a2])}</del>")
        if b1 < b2:
            right.append(f"<ins>{_html(b[b1:b2])}</ins>")
    return SideBySide(" ".join(left), " ".join(right))


def _html(words: list[str]) -> str:
    return " ".join("<br><br>" if word == _BREAK else escape(word) for word in words)
