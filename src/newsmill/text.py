"""Text helpers shared by the stages: normalisation, paragraphs, hashing.

Every comparison newsmill makes (boilerplate counts, exact duplicates,
shingles) runs on the same normal form, so that two paragraphs which differ
only in Unicode form, case or spacing count as the same.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import numpy as np
import xxhash

from .hashing.xxh3 import Words

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


def _blank_other_spaces(data: np.ndarray) -> None:
    """Every byte of the non-ASCII whitespace characters of the UTF-8 ``data`` made a space, in place:
    the ASCII ones are a byte table's (``bytes.translate``), these need the bytes after their first."""
    leads = np.flatnonzero(data >= 0xC2)
    if len(leads):
        padded = np.concatenate((data, np.zeros(2, dtype=np.uint8)))
        first, second, third = (padded[leads + k].astype(np.uint32) for k in range(3))
        three_bytes = first >= 0xE0
        hits = np.isin(first << 16 | second << 8 | np.where(three_bytes, third, 0), _OTHER_CODES)
        data[leads[hits]] = data[leads[hits] + 1] = 0x20
        data[leads[hits & three_bytes] + 2] = 0x20


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
        digests = map(xxhash.xxh3_64_intdigest, views(self.buffer, self.starts, self.ends))
        return np.fromiter(digests, dtype=np.uint64, count=len(self.starts))


def views(buffer: bytes | bytearray, starts: np.ndarray, ends: np.ndarray) -> Iterator[memoryview]:
    """Views of ``buffer[starts[i]:ends[i]]`` for each ``i``, made by ``map`` in C: a generator
    that slices a view in Python took three times as long as hashing the slices (0.59 ms
    against 0.20 ms for 1,000 slices of 250 bytes, each then hashed with ``xxhash``)."""
    return map(memoryview(buffer).__getitem__, map(slice, starts.tolist(), ends.tolist()))


def normal_forms(folded: Sequence[bytes]) -> NormalForms:
    """:func:`normal_utf8` of each text given as :func:`~newsmill.hashing.shingles.folded_utf8`
    (A-Z may be left), from one buffer of all of them (:func:`normal_slices`)."""
    bounds = np.cumsum([0, *map(len, folded)])
    return normal_slices(bytearray().join(folded), bounds[:-1], bounds[1:])


def normal_slices(data: bytearray, starts: np.ndarray, ends: np.ndarray) -> NormalForms:
    """:func:`normal_utf8` of each text ``data[starts[i]:ends[i]]`` given as
    :func:`~newsmill.hashing.shingles.folded_utf8` (A-Z may be left); the slices do not overlap,
    and the bytes outside them may be anything (:meth:`newsmill.textview.ParagraphTexts.joined`).

    ``normalise`` is the case fold with its whitespace collapsed and stripped (case folding adds
    no whitespace), so this saves ``str.split`` and ``str.join`` per text, most of its cost:
    every byte of a whitespace character becomes a space, every space that follows a space is
    deleted, and each text's slice of the result loses one leading and one trailing space. A
    run of spaces that crosses into a text from the bytes before it (another text, or any) only
    loses bytes that stripping would remove anyway.
    """
    spaced = np.frombuffer(data.translate(_SPACED), dtype=np.uint8)  # a bytearray: writable, no copy
    _blank_other_spaces(spaced)
    space = spaced == 0x20
    repeats = np.flatnonzero(space[1:] & space[:-1]) + 1
    kept = np.delete(spaced, repeats)
    starts = starts - np.searchsorted(repeats, starts)
    ends = ends - np.searchsorted(repeats, ends)
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


# ``bytes.translate`` table turning every ASCII whitespace byte into a space, the other bytes left as they are.
_ASCII_BLANKED = bytes(0x20 if b in ASCII_SPACES else b for b in range(0x100))
#: Characters of text per block of :func:`split_counts`: its numpy temporaries take about 16 bytes a
#: character (a block's distinct tokens, kept for the count of all blocks, a few percent of that).
SPLIT_BLOCK_CHARS = 1 << 20
#: Longest token, in UTF-8 bytes, that :func:`split_counts` reads as a key of two 64-bit words (nearly all
#: words; 0.2 % of the tokens of generated news are longer): its bytes, zero-padded, and its length in the
#: last byte, which the bytes leave free.
KEY_BYTES = 15
# The bits of the first and of the second word of a key that a token of each length 0 to KEY_BYTES fills.
_LOW_MASKS = np.array([(1 << 8 * min(n, 8)) - 1 for n in range(KEY_BYTES + 1)], dtype=np.uint64)
_HIGH_MASKS = np.array([(1 << 8 * max(n - 8, 0)) - 1 for n in range(KEY_BYTES + 1)], dtype=np.uint64)
# Odd multipliers of the slot hash (multiply-shift), times an odd number per round: keys that share a slot
# in one round are unlikely to share one in the next.
_MULTIPLIERS = (0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F)
# Slots of the first table of :func:`_key_groups`, as bits (less one: each round doubles the table).
_FIRST_TABLE_BITS = 15


def split_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each whitespace-separated token (``str.split()``) of ``texts`` occurs, all texts together.

    ``Counter(chain.from_iterable(map(str.split, texts)))``, without making a string of
    every token: the texts are read in blocks of about :data:`SPLIT_BLOCK_CHARS`
    characters (:func:`_block_keys`), each token of up to :data:`KEY_BYTES` bytes as a
    key that holds it exactly; the distinct keys of all blocks are counted together in
    numpy (:func:`_key_groups`) and only they are decoded. Longer tokens are decoded one
    by one.
    """
    lows, highs, counts = [np.empty(0, dtype=np.uint64)], [np.empty(0, dtype=np.uint64)], [np.empty(0, dtype=np.int64)]
    counted: Counter[str] = Counter()
    for block in _text_blocks(texts, SPLIT_BLOCK_CHARS):
        low, high, count, long = _block_keys(block)
        lows.append(low)
        highs.append(high)
        counts.append(count)
        counted.update(long)
    low, high = np.concatenate(lows), np.concatenate(highs)
    firsts, totals = _key_groups(low, high, np.concatenate(counts))
    counted.update(dict(zip(_key_tokens(low[firsts], high[firsts]), totals.tolist(), strict=True)))
    return counted


def _text_blocks(texts: Iterable[str], chars: int) -> Iterator[list[str]]:
    """``texts`` in consecutive lists of at least ``chars`` characters (the last one may hold fewer)."""
    block: list[str] = []
    size = 0
    for text in texts:
        block.append(text)
        size += len(text)
        if size >= chars:
            yield block
            block, size = [], 0
    if block:
        yield block


def _block_keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The distinct keys of the tokens of ``texts`` up to :data:`KEY_BYTES` long (as ``low``, ``high``
    words), how often each occurs, and the longer tokens themselves.

    The texts are joined by spaces and encoded as UTF-8, every byte of a whitespace
    character becomes a space (:data:`ASCII_SPACES` and the others that ``str.split``
    splits at), and the tokens are the runs of other bytes. A key is a token's bytes,
    zero-padded to 16, as two little-endian words, with its length in the last byte.
    """
    raw = " ".join(texts).encode("utf-8", "surrogatepass")  # a lone surrogate (JSON allows one) round-trips
    data = np.frombuffer(bytearray(raw).translate(_ASCII_BLANKED), dtype=np.uint8)  # writable, no copy
    _blank_other_spaces(data)
    starts, ends = _runs_between_spaces(data)
    lengths = ends - starts
    short = np.flatnonzero(lengths <= KEY_BYTES)
    low, high = Words(data).pairs(starts[short])
    short_lengths = lengths[short]
    low &= _LOW_MASKS[short_lengths]
    high &= _HIGH_MASKS[short_lengths]
    high |= short_lengths.astype(np.uint64) << np.uint64(56)
    firsts, counts = _key_groups(low, high)
    long = np.flatnonzero(lengths > KEY_BYTES)
    return low[firsts], high[firsts], counts, _decoded(raw, starts[long], ends[long])


def _key_tokens(low: np.ndarray, high: np.ndarray) -> list[str]:
    """The tokens whose keys (:func:`_block_keys`) are ``low[i]``, ``high[i]``."""
    packed = np.stack((low, high), axis=1).astype("<u8", copy=False).tobytes()
    lengths = (high >> np.uint64(56)).tolist()
    return [packed[16 * i : 16 * i + n].decode("utf-8", "surrogatepass") for i, n in enumerate(lengths)]


def _runs_between_spaces(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of bytes other than spaces (0x20) starts and ends (exclusive) in ``data``."""
    space = np.ones(len(data) + 2, dtype=bool)
    np.equal(data, 0x20, out=space[1:-1])
    edges = np.flatnonzero(space[1:] != space[:-1])
    return edges[0::2], edges[1::2]


def _key_groups(
    low: np.ndarray, high: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys ``(low[i], high[i])``: the index of one of each key's occurrences, and how many
    there are (or the sum of their ``weights``, integers).

    Hashing instead of sorting, exactly: each round hashes the keys not grouped yet into a
    table and picks one key per occupied slot (whichever numpy writes there last); the keys
    equal to their slot's pick are its occurrences, and the others, which only shared a slot
    with it, go to the next round with another hash and a table twice as large. Every round
    groups at least its picks, so the rounds end. The first table is small (keys repeat: the
    170,000 tokens of a block of generated news hold 14,300 distinct ones), so that it stays in cache.
    """
    firsts, counts = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    index = np.arange(len(low))
    bits = _FIRST_TABLE_BITS
    for multipliers in _hash_multipliers():
        if not len(index):
            break
        bits = min(bits + 1, len(index).bit_length())
        slots = low * multipliers[0]
        slots += high * multipliers[1]
        slots >>= np.uint64(64 - bits)
        slots = slots.view(np.intp)  # below 2 ** bits: the same numbers
        pick = np.empty(1 << bits, dtype=np.intp)
        pick[slots] = np.arange(len(index))
        picked = pick[slots]
        same = low[picked] == low
        same &= high[picked] == high
        tally = np.bincount(slots[same], None if weights is None else weights[same], minlength=1 << bits)
        used = np.flatnonzero(tally)
        firsts.append(index[pick[used]])
        counts.append(tally[used].astype(np.int64))  # exact: float64 sums of counts below 2 ** 53
        other = ~same
        index, low, high = index[other], low[other], high[other]
        weights = None if weights is None else weights[other]
    return np.concatenate(firsts), np.concatenate(counts)


def _hash_multipliers() -> Iterator[tuple[np.uint64, np.uint64]]:
    """Odd multipliers of the slot hash of :func:`_key_groups` (multiply-shift), a new pair per round."""
    for odd in itertools.count(1, 2):
        yield np.uint64(_MULTIPLIERS[0] * odd % 2**64), np.uint64(_MULTIPLIERS[1] * odd % 2**64)


def _decoded(raw: bytes, starts: np.ndarray, ends: np.ndarray) -> list[str]:
    """The strings whose UTF-8 is ``raw[start:end]`` for each of ``starts``, ``ends``."""
    return [raw[s:e].decode("utf-8", "surrogatepass") for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
