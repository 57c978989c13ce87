"""Text helpers shared by the stages: normalisation, paragraphs, hashing.

Every comparison newsmill makes (boilerplate counts, exact duplicates,
shingles) runs on the same normal form, so that two paragraphs which differ
only in Unicode form, case or spacing count as the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

import xxhash

_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed to single spaces, stripped.

    ``str.split()`` splits on exactly what ``\\s`` matches (``str.isspace``), and
    case folding adds no whitespace, so one split and join does the collapsing
    and stripping (three times faster than a regular expression). ASCII text (most
    paragraphs) is its own NFKC form and case-folds as it lower-cases, so it is only
    lower-cased (a quarter faster).
    """
    if text.isascii():
        return " ".join(text.split()).lower()
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def words(text: str) -> list[str]:
    """The word tokens of ``normalise(text)`` (runs of Unicode word characters)."""
    return _WORD.findall(normalise(text))


def word_count(text: str) -> int:
    """``len(words(text))``, without normalising first: case folding and collapsing spaces
    leave the runs of word characters as they are, and so does NFKC but for a few
    compatibility characters ("½"). Cheap enough to call on every paragraph."""
    return len(_WORD.findall(text))


def normal_utf8(text: str) -> bytes:
    """The UTF-8 of :func:`normalise` (what :func:`text_hash` hashes)."""
    return normalise(text).encode("utf-8")


def text_hash(text: str) -> int:
    """64-bit xxh3 of the normal form: equal for texts that differ only in form, case or spacing."""
    return normal_hash(normal_utf8(text))


def normal_hash(normal: bytes) -> int:
    """:func:`text_hash` of a text whose :func:`normal_utf8` is ``normal``."""
    return xxhash.xxh3_64_intdigest(normal)


def paragraphs_of(lines: Iterable[str]) -> Iterator[tuple[int, int, str]]:
    """Split lines into paragraphs (runs of non-blank lines).

    Yields ``(first_line, last_line, text)`` with 1-based line numbers; the
    lines of one paragraph are joined by ``\\n`` with trailing spaces removed.
    """
    block: list[str] = []
    start = 0
    number = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line.rstrip())
        elif block:
            yield start, number - 1, "\n".join(block)
            block = []
    if block:
        yield start, number, "\n".join(block)


def paragraph_texts(text: str) -> list[str]:
    """The paragraph texts of ``text``: what :func:`paragraphs_of` yields for its lines, without line numbers.

    The same rule (str.splitlines' line breaks, a line of whitespace only
    separates paragraphs, trailing spaces removed) as C-level string
    operations, for whole texts such as a JSONL record's ``text``: once
    every line is right-stripped, a blank line is empty and paragraphs are
    the non-empty pieces between runs of ``\n\n``.
    """
    body = "\n".join(map(str.rstrip, text.splitlines()))
    return [piece.strip("\n") for piece in body.split("\n\n") if piece.strip("\n")]
