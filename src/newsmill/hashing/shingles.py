"""Word n-gram shingles and the 32-bit shingle hash every signature is built on.

The shingles of a text are its overlapping runs of ``ngram`` words after
:func:`newsmill.text.normalise`; a text shorter than ``ngram`` words is one
shingle. Each shingle is hashed with xxh3-64 of its UTF-8 bytes, keeping the
low 32 bits, which is the input width of datasketch's default ``affine32``
permutation scheme. The hash is a pure function of the bytes, so it can be
computed in bulk (numpy, several processes) without changing any signature.

:func:`shingles` is the definition. :func:`folded_hashes` (and
:func:`hash_runs`, the same as one array) computes the same hashes for many
texts at once: it blanks the non-word characters of all
texts in one UTF-8 buffer, keeps their words joined by single spaces and
hashes every shingle as a slice of that buffer with the numpy XXH3 of
:mod:`.xxh3`. :func:`shingle_hashes` does one text without numpy overhead:
it blanks the non-word characters of the case-folded NFKC text (a byte table
for ASCII, ``str.replace`` for the few distinct non-ASCII ones), splits the
UTF-8 bytes into the tokens of :func:`newsmill.text.words`, already encoded,
and hashes each shingle with ``xxhash``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
import xxhash

from ..text import words
from .xxh3 import xxh3_64

HASH_MASK = 0xFFFFFFFF

#: Texts per :func:`folded_hashes` call in bulk work: their bytes, word bounds and shingle
#: hashes (a few hundred KB) stay in a core's cache, which made sketching 1.2× faster than
#: blocks of 1,000 texts.
BLOCK_TEXTS = 200

_WORD_CHAR = re.compile(r"\w")
_MARKER = 0x01
# Every ASCII byte, for ``bytes.translate`` to delete.
_ASCII = bytes(range(0x80))
# Every ASCII byte that is not a word character becomes a space, and A-Z become a-z (a no-op on
# folded text, the lower-casing left to it otherwise); bytes of multi-byte UTF-8 sequences
# (>= 0x80) are kept, their characters checked apart.
_ASCII_BLANKS = bytes(b if b >= 0x80 else ord(chr(b).lower()) if _WORD_CHAR.match(chr(b)) else 0x20 for b in range(256))


def shingles(text: str, ngram: int) -> list[str]:
    """The word n-grams of ``text`` in order (with repeats)."""
    tokens = words(text)
    if len(tokens) <= ngram:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + ngram]) for i in range(len(tokens) - ngram + 1)]


def shingle_hash(shingle: bytes) -> int:
    """Low 32 bits of xxh3-64 of one encoded shingle."""
    return xxhash.xxh3_64_intdigest(shingle) & HASH_MASK


def fold(text: str) -> str:
    """NFKC, then case-folded: the normal form before whitespace and word splitting."""
    return unicodedata.normalize("NFKC", text).casefold()


def folded_utf8(text: str | bytes, lower_ascii: bool = True) -> bytes:
    """``fold(text).encode("utf-8")`` of a ``str`` or of its UTF-8, without building the
    case-folded ``str`` where it can.

    Case folding maps each character on its own, and on ASCII it is
    ``bytes.lower`` (A-Z to a-z). So an ASCII text is only lower-cased as
    bytes (NFKC leaves it as it is), five times faster. So is a text whose
    distinct non-ASCII characters (the bytes left after deleting the ASCII
    ones) are all :func:`_settled`, which NFKC leaves as they are and which
    fold to themselves: most texts with accents, quotes or dashes, given as
    UTF-8 not even decoded. Any other text is put in NFKC (which returns the
    text itself when it is already normal, whose UTF-8 is then used as it is)
    and, when each of its distinct non-ASCII characters folds to itself,
    lower-cased as bytes, twice as fast as ``str.casefold``. A text with one
    that does not (``É``, ``ß``) is case-folded as a ``str``.

    lower_ascii: ``False`` leaves the letters A-Z as they are (in a text that
    needed no ``str.casefold``), for :func:`hash_runs` and
    :func:`newsmill.dedupe.sketch.folded_keys`, whose byte tables lower them
    anyway: a pass over the bytes saved.
    """
    if text.isascii():
        data = text if isinstance(text, bytes) else text.encode("ascii")
        return data.lower() if lower_ascii else data
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    others = set(data.translate(None, _ASCII).decode("utf-8"))  # its distinct non-ASCII characters
    if all(map(_settled, others)):
        return data.lower() if lower_ascii else data
    decoded = text.decode("utf-8") if isinstance(text, bytes) else text
    normal = unicodedata.normalize("NFKC", decoded)
    if normal is not decoded:
        data = normal.encode("utf-8")
        others = set(data.translate(None, _ASCII).decode("utf-8"))
    if all(map(_folds_to_itself, others)):
        return data.lower() if lower_ascii else data
    return normal.casefold().encode("utf-8")


@cache
def _folds_to_itself(char: str) -> bool:
    return char.casefold() == char


#: The Hangul jamo block: leading consonants, vowels and trailing consonants, which NFKC composes into
#: syllables by rule (no decomposition in the character database says so).
_JAMO = ("\u1100", "\u11ff")


@cache
def _settled(char: str) -> bool:
    """``char`` folds to itself, and NFKC leaves it as it is between ASCII and other settled characters.

    By UAX #15's quick check a text is in NFKC when each of its characters
    has NFKC_Quick_Check Yes and combining class 0, as ASCII does. A
    character that NFKC leaves as it is on its own has quick check Yes or
    Maybe; Maybe is a character that composes with the one before it, the
    second of a canonical pair: combining marks and vowel signs (category
    M) and the Hangul vowels and trailing consonants, which are excluded here
    (``tests/hashing`` checks that no second character of any canonical pair is settled).
    """
    return (
        _folds_to_itself(char)
        and unicodedata.combining(char) == 0
        and not unicodedata.category(char).startswith("M")
        and not _JAMO[0] <= char <= _JAMO[1]
        and unicodedata.normalize("NFKC", char) == char
    )


def _blank_non_words(data: np.ndarray) -> None:
    """Overwrite with spaces every byte of the non-word characters of UTF-8 ``data`` (ASCII already blanked).

    Each multi-byte sequence is keyed by its bytes; only the distinct ones are
    decoded and matched against ``\\w``.
    """
    leads = np.flatnonzero(data >= 0xC0)
    if not len(leads):
        return
    padded = np.concatenate((data, np.zeros(3, dtype=np.uint8)))
    sizes = 2 + (data[leads] >= 0xE0) + (data[leads] >= 0xF0)
    keys = np.zeros(len(leads), dtype=np.uint32)
    for k in range(4):
        keys |= np.where(k < sizes, padded[leads + k], 0).astype(np.uint32) << np.uint32(24 - 8 * k)
    distinct, inverse = np.unique(keys, return_inverse=True)
    sequences = (key.to_bytes(4, "big").rstrip(b"\0") for key in distinct.tolist())
    is_word = np.fromiter(
        (bool(_WORD_CHAR.match(s.decode("utf-8"))) for s in sequences), dtype=bool, count=len(distinct)
    )
    blank = ~is_word[inverse.ravel()]
    for k in range(4):
        rows = blank & (k < sizes)
        data[leads[rows] + k] = 0x20


def folded_hashes(encoded: Sequence[bytes], ngram: int) -> list[np.ndarray]:
    """The 32-bit hashes (``uint32``) of the ``ngram``-word shingles of each text, in order.

    encoded: each text as :func:`folded_utf8` gives it. Equals
    ``[shingle_hash(s.encode()) for s in shingles(text, ngram)]`` per text.
    """
    hashes, counts = hash_runs(encoded, ngram)
    return np.split(hashes, np.cumsum(counts)[:-1]) if len(encoded) else []


def hash_runs(encoded: Sequence[bytes], ngram: int) -> tuple[np.ndarray, np.ndarray]:
    """The shingle hashes of all texts in one ``uint32`` array, and the number of each text's.

    encoded: each text as :func:`folded_utf8` gives it (A-Z may be left). The texts are joined
    into one buffer, each behind a ``\x01`` marker, with ``ngram`` more markers at the end,
    every non-word byte blanked and A-Z lowered (a byte table for ASCII,
    :func:`_blank_non_words` for the rest, when there is any) and only the first blank after
    a word kept, so the buffer holds the words joined by single spaces, each text's behind a
    one-byte marker word. Window ``j`` of ``ngram`` words, from word ``j + 1`` on, is a
    ``(start, length)`` slice of the buffer, so the slices of all windows are differences of
    the word ends, shifted; every window is hashed by :func:`~.xxh3.xxh3_64` and those
    without a marker kept. A text of fewer words has no such window: its one shingle (all
    of its words) takes the place of its first window, which the trailing markers make sure
    exists.
    """
    if not encoded:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    joined = bytearray(b" \x01 ").join([b"", *encoded, *[b""] * (ngram + 1)])
    data = np.frombuffer(joined.translate(_ASCII_BLANKS), dtype=np.uint8)  # a bytearray: writable, no copy
    data[np.cumsum([1] + [len(e) + 3 for e in encoded] + [3] * ngram)] = _MARKER
    if not joined.isascii():
        _blank_non_words(data)
    is_word = data != 0x20
    is_word[1:] |= is_word[:-1]
    words = data[is_word]
    ends = np.flatnonzero(words == 0x20)  # word k is words[ends[k - 1] + 1 : ends[k]]; word 0 is a marker
    markers = np.searchsorted(ends, np.flatnonzero(words == _MARKER))[: len(encoded) + 1]
    counts = np.diff(markers) - 1
    starts = ends[:-ngram] + 1  # window j: words j + 1 to j + ngram
    lengths = ends[ngram:] - starts
    kept = np.ones(len(starts), dtype=bool)
    kept[markers[-1] :] = False  # past the last text: trailing markers only
    for back in range(1, ngram + 1):  # window j holds marker m for j in m - ngram ... m - 1
        inside = markers[1:] - back
        kept[inside[inside >= 0]] = False
    few = (counts > 0) & (counts < ngram)
    if few.any():  # texts of fewer than ngram words: one shingle of all of them, at their first window
        first = markers[:-1][few]
        lengths[first] = ends[first + counts[few]] - starts[first]
        kept[first] = True
    low_halves = xxh3_64(words, starts, lengths).astype(np.uint32)  # the cast keeps the low 32 bits
    return low_halves[kept], np.where(counts > ngram, counts - ngram + 1, counts > 0)


def word_bytes(folded: str) -> list[bytes]:
    """The UTF-8 encoded tokens of :func:`newsmill.text.words` of a :func:`fold`-ed text."""
    if not folded.isascii():
        for char in set(folded):
            if char > "\x7f" and not _WORD_CHAR.match(char):
                folded = folded.replace(char, " ")
    return folded.encode("utf-8").translate(_ASCII_BLANKS).split()


def gram_hashes(tokens: list[bytes], ngram: int) -> np.ndarray:
    """The 32-bit hashes (``uint32``) of the ``ngram``-token shingles of ``tokens``, in order."""
    grams: Iterable[bytes]
    if len(tokens) <= ngram:
        grams = [b" ".join(tokens)] if tokens else []
    else:
        grams = map(b" ".join, zip(*(tokens[i : len(tokens) - ngram + 1 + i] for i in range(ngram)), strict=False))
    digests = np.fromiter(map(xxhash.xxh3_64_intdigest, grams), dtype=np.uint64)
    return (digests & np.uint64(HASH_MASK)).astype(np.uint32)


def shingle_hashes(text: str, ngram: int) -> np.ndarray:
    """The 32-bit hashes of ``shingles(text, ngram)`` in order, as ``uint32`` (empty without words).

    One text at a time, per shingle with ``xxhash``, which beats numpy's
    per-call overhead on a single text; :func:`folded_hashes` does many.
    """
    return gram_hashes(word_bytes(fold(text)), ngram)


def shingle_set(text: str, ngram: int) -> set[int]:
    """The set of shingle hashes of ``text``."""
    return set(shingle_hashes(text, ngram).tolist())


def jaccard(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a ∪ b|, 0.0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
