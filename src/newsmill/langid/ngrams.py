"""The n-grams langdetect's ``Detector`` scores in a text, computed word by word.

langdetect (1.0.9) prepares a text in ``Detector.append``,
``Detector.cleaning_text`` and ``Detector._extract_ngrams``; newsmill keeps
every step, with langdetect's own regular expressions and normalisers:

1. URLs and e-mail addresses become spaces (``Detector.URL_RE``,
   ``Detector.MAIL_RE``), Vietnamese letters with combining marks are
   composed (``NGram.normalize_vi``), and the text is cut to
   ``MAX_TEXT_LENGTH`` characters.
2. A text with fewer than half as many Latin letters (``'A' <= ch <= 'z'``)
   as characters from U+0300 on (langdetect means to exempt Latin Extended
   Additional, but its test compares a block number with a block name, so
   it exempts nothing) loses its Latin letters.
3. Every character is normalised (``NGram.normalize``: ASCII punctuation,
   digits and excluded Latin-1 signs become spaces, kana, hangul and kanji
   classes collapse to one representative, ...).
4. Words are the runs between spaces. A word ``w`` followed by a space gives
   every 1-, 2- and 3-character substring of ``' ' + w + ' '`` that ends at
   a character of ``w`` or at the closing space, the lone space excepted;
   the text's last word has no closing space when nothing follows it. An
   upper-case letter right after an upper-case letter ends no n-gram
   (langdetect's ``capitalword``: of ``NOS`` only ``N``, `` N``, ``S `` and
   ``OS `` count).

Step 4 makes a text's n-grams the concatenation of its words' n-grams, so
:func:`word_keys` cuts a text into words and :func:`word_ngrams` turns one
word into n-grams, once per distinct word. A key is a word that a space
closes, or the text's last word with ``UNCLOSED`` appended (a character step
3 never leaves); the empty key between two spaces has no n-gram.
:class:`WordSpans` holds the keys of a whole batch of texts as spans of one
UTF-8 buffer, found with numpy, so that no Python string is made per word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

from ..hashing.xxh3 import xxh3_64

#: Characters of a text langdetect reads (``Detector.max_text_length``'s default).
MAX_TEXT_LENGTH = 10_000
#: Longest n-gram (``NGram.N_GRAM``).
LONGEST = NGram.N_GRAM

_LATIN = re.compile("[A-z]")
#: UTF-16 code units of ``_LATIN``'s characters (langdetect's Latin letters, and ``[\\]^_``` between them).
_LATIN_UNITS = (ord("A"), ord("z"))
#: From this code point on a character is not Latin (step 2's ``[\u0300-\U0010ffff]``).
_NON_LATIN_START = 0x300
#: Marks the text's last word: no space closes it (``NGram.normalize`` turns every control character into a space).
UNCLOSED = "\0"


class _Normalised(dict):
    """``str.translate`` table: code point → ``NGram.normalize`` of its character, filled on first use."""

    def __missing__(self, code: int) -> str:
        value = self[code] = NGram.normalize(chr(code))
        return value


_NORMALISE = _Normalised()
#: ``_NORMALISE`` of the 256 Latin-1 characters, each a Latin-1 character: a Latin-1 text (most
#: are ASCII) is normalised by one ``bytes.translate`` of its Latin-1 bytes, several times faster
#: than ``str.translate`` with a dict.
_LATIN1_NORMALISE = "".join(map(NGram.normalize, map(chr, range(256)))).encode("latin-1")
#: Characters below this code point are normalised through a table (``_clean_wide``): up to
#: U+3000, where CJK punctuation, kana and ideographs start (below U+D800, the surrogates).
TABLE_END = 0x3000
#: The combining marks ``NGram.normalize_vi`` composes: a text without one is left as it is.
_VI_MARKS = tuple(NGram.DMARK_CLASS)


def clean_utf8(text: str | bytes) -> bytes:
    """Steps 1-3 in UTF-8: the text (a string, or its UTF-8 bytes) whose words langdetect reads,
    every character normalised (:func:`clean_all` of the one text)."""
    return clean_all([text])[0]


def clean_all(texts: Sequence[str | bytes]) -> list[bytes]:
    """:func:`clean_utf8` of each of ``texts``.

    The regular expressions run only where they can match (a URL needs
    ``http``, an e-mail address ``@``, a combining mark a character beyond
    Latin-1). A Latin-1 text has no combining mark and no character from
    U+0300 on (step 2 keeps its Latin letters), so it is normalised by one
    ``bytes.translate``; an ASCII text given as bytes is not even decoded
    (ASCII normalises to ASCII). The texts with a character beyond Latin-1
    (in news, most often a curly quote or a dash) are cleaned together
    (:func:`_clean_wide`).
    """
    cleaned: list[bytes] = []
    wide: list[tuple[int, str]] = []  # (where in ``cleaned``, the text after step 1's substitutions)
    for text in texts:
        if isinstance(text, bytes):
            if text.isascii() and b"http" not in text and b"@" not in text:
                cleaned.append(text[:MAX_TEXT_LENGTH].translate(_LATIN1_NORMALISE))
                continue
            text = text.decode("utf-8")
        if "http" in text:
            text = Detector.URL_RE.sub(" ", text)
        if "@" in text:
            text = Detector.MAIL_RE.sub(" ", text)
        try:
            narrow = text.encode("latin-1")[:MAX_TEXT_LENGTH]  # a byte a character
        except UnicodeEncodeError:
            wide.append((len(cleaned), text))
            cleaned.append(b"")
            continue
        normalised = narrow.translate(_LATIN1_NORMALISE)
        cleaned.append(normalised if normalised.isascii() else normalised.decode("latin-1").encode("utf-8"))
    if wide:
        for at, text in zip((at for at, _ in wide), _clean_wide([text for _, text in wide]), strict=True):
            cleaned[at] = text.encode("utf-8")
    return cleaned


@functools.cache
def _code_unit_table() -> np.ndarray:
    """``NGram.normalize`` of every character below ``TABLE_END`` as UTF-16 code units (each of them
    normalises to one character of the Basic Multilingual Plane), made on first use in a process."""
    return np.array([ord(NGram.normalize(chr(code))) for code in range(TABLE_END)], dtype=np.uint16)


def _clean_wide(texts: Sequence[str]) -> list[str]:
    """Steps 1-3 after the URLs and addresses, for texts with a character beyond Latin-1, all
    of them at once on their UTF-16 code units laid end to end.

    Step 2's test counts each text's Latin letters and its characters from U+0300 on: its
    code units from U+0300 on less one for each character beyond the Basic Multilingual
    Plane (a surrogate pair, whose two units are both counted), that is less the units
    it has beyond its characters. A text whose characters all lie below ``TABLE_END``
    (Latin, Greek, Cyrillic, Arabic, Indic scripts, punctuation, ...) is then normalised
    by a lookup of its code units in a table, all such texts in one lookup
    (``str.translate`` with a dict looks each character up on its own, and a numpy step
    per text costs more than the text); others, CJK scripts among them, by ``str.translate``.
    """
    cut = [(NGram.normalize_vi(t) if any(mark in t for mark in _VI_MARKS) else t)[:MAX_TEXT_LENGTH] for t in texts]
    units, starts = _code_units(cut)
    latin = _per_text(np.add, (units >= _LATIN_UNITS[0]) & (units <= _LATIN_UNITS[1]), starts)
    extra_units = np.diff(starts) - np.fromiter(map(len, cut), dtype=np.int64, count=len(cut))
    non_latin = _per_text(np.add, units >= _NON_LATIN_START, starts) - extra_units
    mostly_non_latin = np.flatnonzero(latin < (non_latin + 1) // 2)  # fewer than half as many, rounded up
    if len(mostly_non_latin):  # step 2 drops their Latin letters (rare: texts in other scripts)
        for at in mostly_non_latin.tolist():
            cut[at] = _LATIN.sub("", cut[at])
        units, starts = _code_units(cut)
    tabled = _per_text(np.maximum, units, starts) < TABLE_END
    # Every unit is looked up (one beyond the table as its last entry, for the texts normalised otherwise), so
    # the lookup holds no surrogate and a tabled text's offsets in code units are its offsets in characters.
    whole = _code_unit_table()[np.minimum(units, TABLE_END - 1)].tobytes().decode("utf-16-le")
    return [
        whole[start:end] if table else text.translate(_NORMALISE)
        for text, start, end, table in zip(cut, starts[:-1].tolist(), starts[1:].tolist(), tabled.tolist(), strict=True)
    ]


def _code_units(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-16 code units of ``texts`` end to end (a lone surrogate as itself), and where each text
    starts, then where the last one ends."""
    encoded = [text.encode("utf-16-le", "surrogatepass") for text in texts]
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)) // 2, out=starts[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint16), starts


def _per_text(reduce: np.ufunc, values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``reduce`` over each text's ``values`` (``starts``: each text's first, then the end), 0 for an empty text."""
    result = np.zeros(len(starts) - 1, dtype=np.int64)
    filled = np.flatnonzero(starts[1:] > starts[:-1])
    if len(filled):
        result[filled] = reduce.reduceat(values, starts[filled], dtype=np.int64)
    return result


def clean(text: str) -> str:
    """Steps 1-3: the text whose words langdetect reads, every character normalised."""
    return clean_utf8(text).decode("utf-8")


def word_keys(text: str) -> list[str]:
    """The word keys of ``text`` (steps 1-4), in order."""
    return (clean(text) + UNCLOSED).split(" ")


_UNCLOSED_BYTES = UNCLOSED.encode("ascii")
#: What ends each text's word keys in a :class:`WordSpans` buffer but the last: ``UNCLOSED``, then a space.
_TEXT_END = _UNCLOSED_BYTES + b" "
_SPACE, _UNCLOSED_BYTE = ord(" "), ord(UNCLOSED)
#: Keys of up to this many bytes are their own id (:meth:`WordSpans.ids`); longer ones are hashed.
SHORT_KEY = 7
#: The low ``n`` bytes of a 64-bit word, for ``n`` up to ``SHORT_KEY``.
_LOW_BYTES = np.array([(1 << 8 * n) - 1 for n in range(SHORT_KEY + 1)], dtype=np.uint64)
#: Set in the id of every hashed key, clear in every short key's.
_HASHED = np.uint64(1 << 63)


@dataclass(frozen=True)
class WordSpans:
    """The word keys of a batch of texts, end to end, as byte spans of one UTF-8 buffer.

    buffer: each text's :func:`clean_utf8` followed by ``UNCLOSED``, the
        texts joined by a space, so that cutting it at every space gives
        the concatenation of the texts' :func:`word_keys` (a space is one
        byte in UTF-8, never part of another character; step 3 leaves no
        ``UNCLOSED``).
    starts, ends: ``int64`` byte offsets of each key, ``buffer[starts[i]:ends[i]]``.
    counts: ``int64``, how many keys each text has, in order.
    """

    buffer: bytes
    starts: np.ndarray
    ends: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, texts: Sequence[str | bytes]) -> WordSpans:
        """The word keys of ``texts`` (strings, or their UTF-8 bytes), in order."""
        if not texts:
            empty = np.zeros(0, dtype=np.int64)
            return cls(b"", empty, empty, empty)
        buffer = _TEXT_END.join(clean_all(texts)) + _UNCLOSED_BYTES
        data = np.frombuffer(buffer, dtype=np.uint8)
        spaces = np.flatnonzero(data == _SPACE)
        starts = np.concatenate(([0], spaces + 1))
        ends = np.append(spaces, len(buffer))
        # Each text's last key ends just after its UNCLOSED: the number of keys up to it, text by text.
        last = np.searchsorted(ends, np.flatnonzero(data == _UNCLOSED_BYTE) + 1)
        return cls(buffer, starts, ends, np.diff(last, prepend=-1))

    def ids(self) -> np.ndarray:
        """A 64-bit id of each key, equal for equal keys (``uint64``).

        A key of ``n <= SHORT_KEY`` bytes is its own id: its bytes, little-endian, and
        ``n`` in the top byte, so that two short keys have one id only if they are
        equal. A longer key's id is its xxh3 with the top bit set, which no short
        key's id has; two long keys share an id with probability 2^-63.
        """
        starts = self.starts
        lengths = self.ends - starts
        padded = np.frombuffer(self.buffer + bytes(8), dtype=np.uint8)
        words = np.ndarray((len(self.buffer) + 1,), dtype="<u8", buffer=padded, strides=(1,))  # at every offset
        ids = words[starts] & _LOW_BYTES[np.minimum(lengths, SHORT_KEY)]
        ids |= lengths.astype(np.uint64) << np.uint64(56)
        long = np.flatnonzero(lengths > SHORT_KEY)
        ids[long] = xxh3_64(padded, starts[long], lengths[long]) | _HASHED
        return ids

    def keys(self, at: np.ndarray) -> list[str]:
        """The keys numbered ``at``, as strings."""
        buffer, spans = self.buffer, zip(self.starts[at].tolist(), self.ends[at].tolist(), strict=True)
        return [buffer[start:end].decode("utf-8") for start, end in spans]


def word_ngrams(key: str, length: int | None = None) -> list[str]:
    """The n-grams of one word key (step 4), in langdetect's order; only those ``length`` long if given."""
    closed = not key.endswith(UNCLOSED)
    word = key if closed else key[:-1]
    if not word:
        return []
    padded = " " + word + (" " if closed else "")
    ends: Sequence[int] = range(2, len(padded) + 1)
    if sum(map(str.isupper, padded)) > 1:  # a capital after a capital ends no n-gram
        ends = [end for end in ends if not (padded[end - 1].isupper() and padded[end - 2].isupper())]
    if length is None:
        grams = [padded[end - n : end] for end in ends for n in range(1, LONGEST + 1) if n <= end]
    else:
        grams = [padded[end - length : end] for end in ends if length <= end]
    if closed and length in (None, 1):
        grams.remove(" ")  # the closing space alone, never an n-gram
    return grams
