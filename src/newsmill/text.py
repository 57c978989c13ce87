"""Text helpers shared by the stages: normalisation, paragraphs, hashing.

Every comparison newsmill makes (boilerplate counts, exact duplicates,
shingles) runs on the same normal form, so that two paragraphs which differ
only in Unicode form, case or spacing count as the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import numpy as np
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


#: The ASCII characters ``str.isspace`` (and ``str.split``) count as whitespace, as bytes.
ASCII_SPACES = bytes(b for b in range(0x80) if chr(b).isspace())
# ``bytes.translate`` table turning every ASCII whitespace byte (what ``str.split`` splits at) into a
# space and A-Z into a-z (a no-op on folded text, the lower-casing left to it otherwise).
_SPACED = bytes(0x20 if b in ASCII_SPACES else ord(chr(b).lower()) for b in range(0x80)) + bytes(range(0x80, 0x100))
# The UTF-8 encodings of the other whitespace characters (all below U+3001), as 24-bit big-endian codes.
_OTHER_SPACES = [chr(c).encode("utf-8") for c in range(0x80, 0x3001) if chr(c).isspace()]
_OTHER_CODES = np.array([int.from_bytes(s.ljust(3, b"\0"), "big") for s in _OTHER_SPACES], dtype=np.uint32)


class NormalForms(NamedTuple):
    """The :func:`normal_utf8` of many texts in one buffer: text ``i``'s is ``buffer[starts[i]:ends[i]]``."""

    buffer: bytes
    starts: np.ndarray
    ends: np.ndarray

    def texts(self, at: Iterable[int]) -> list[bytes]:
        """The normal forms of the texts numbered ``at``, in that order."""
        buffer, starts, ends = self.buffer, self.starts.tolist(), self.ends.tolist()
        return [buffer[starts[i] : ends[i]] for i in at]

    def hashes(self) -> np.ndarray:
        """:func:`normal_hash` of each text, as ``uint64``."""
        view = memoryview(self.buffer)
        digest = xxhash.xxh3_64_intdigest
        return np.fromiter(
            (digest(view[s:e]) for s, e in zip(self.starts.tolist(), self.ends.tolist(), strict=True)),
            dtype=np.uint64,
            count=len(self.starts),
        )


def normal_forms(folded: Sequence[bytes]) -> NormalForms:
    """:func:`normal_utf8` of each text given as :func:`~newsmill.hashing.shingles.folded_utf8`
    (A-Z may be left), from one buffer of all of them.

    ``normalise`` is the case fold with its whitespace collapsed and stripped (case folding adds
    no whitespace), so this saves ``str.split`` and ``str.join`` per text, most of its cost:
    every byte of a whitespace character becomes a space, every space that follows a space is
    deleted, and each text's slice of the result loses one leading and one trailing space. A
    run of spaces that crosses from one text into the next only loses bytes that stripping
    would remove anyway.
    """
    data = np.frombuffer(bytearray().join(folded).translate(_SPACED), dtype=np.uint8)  # writable, no copy
    leads = np.flatnonzero(data >= 0xC2)
    if len(leads):
        padded = np.concatenate((data, np.zeros(2, dtype=np.uint8)))
        first, second, third = (padded[leads + k].astype(np.uint32) for k in range(3))
        three_bytes = first >= 0xE0
        hits = np.isin(first << 16 | second << 8 | np.where(three_bytes, third, 0), _OTHER_CODES)
        data[leads[hits]] = data[leads[hits] + 1] = 0x20
        data[leads[hits & three_bytes] + 2] = 0x20
    space = data == 0x20
    repeats = np.flatnonzero(space[1:] & space[:-1]) + 1
    kept = np.delete(data, repeats)
    bounds = np.cumsum([0, *map(len, folded)])
    bounds -= np.searchsorted(repeats, bounds)
    starts, ends = bounds[:-1].copy(), bounds[1:].copy()
    if len(kept):
        starts += (ends > starts) & (kept[np.minimum(starts, len(kept) - 1)] == 0x20)
        ends -= (ends > starts) & (kept[ends - 1] == 0x20)
    return NormalForms(kept.tobytes(), starts, ends)


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


#: The line breaks of ``str.splitlines`` besides ``\n``.
_OTHER_LINE_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
#: A ``\n`` after whitespace that is not a ``\n`` (a trailing space, which ``paragraph_texts`` removes),
#: or the first of three.
_SPACE_OR_RUN_AT_NEWLINE = re.compile(r"\n(?:(?<=[^\S\n]\n)|(?=\n\n))")


def joins_its_paragraphs(text: str) -> bool:
    """Whether ``text`` is its paragraphs joined by one blank line, unchanged: whether
    :func:`paragraph_texts` gives ``text.split("\n\n")``, told without making the paragraphs.

    So it is when no line ends in whitespace (the text neither: ``rstrip`` changes nothing),
    its only line break is ``\n``, and no run of newlines but the ``\n\n`` between two
    paragraphs (none at either end, none of three): then no piece between two ``\n\n`` is
    empty or has a newline to strip. Most texts are (every generated one); the checks are
    searches in C, the regular expression's from each ``\n`` only (one search: 2.6 µs for
    a generated text, where searching ``\n\n\n`` alone took 2.7).
    """
    return (
        bool(text)
        and text[0] != "\n"
        and not text[-1].isspace()
        and not any(map(text.__contains__, _OTHER_LINE_BREAKS))
        and _SPACE_OR_RUN_AT_NEWLINE.search(text) is None
    )


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
