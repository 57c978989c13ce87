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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

#: Characters of a text langdetect reads (``Detector.max_text_length``'s default).
MAX_TEXT_LENGTH = 10_000
#: Longest n-gram (``NGram.N_GRAM``).
LONGEST = NGram.N_GRAM

_LATIN = re.compile("[A-z]")
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")
#: Marks the text's last word: no space closes it (``NGram.normalize`` turns every control character into a space).
UNCLOSED = "\0"


class _Normalised(dict):
    """``str.translate`` table: code point → ``NGram.normalize`` of its character, filled on first use."""

    def __missing__(self, code: int) -> str:
        value = self[code] = NGram.normalize(chr(code))
        return value


_NORMALISE = _Normalised()
#: ``_NORMALISE`` of the 128 ASCII characters, each an ASCII character: an ASCII text is normalised
#: by one ``bytes.translate``, several times faster than ``str.translate`` with a dict (the table's
#: upper half, for bytes an ASCII text never holds, is padding).
_ASCII_NORMALISE = "".join(map(NGram.normalize, map(chr, range(128)))).encode("ascii") + bytes(128)


def _mostly_non_latin(text: str) -> bool:
    """Step 2's test, ``2 · latin < non-Latin``, counting Latin letters only as far as needed."""
    needed = (len(_NON_LATIN.findall(text)) + 1) // 2  # the test holds when fewer Latin letters than this
    return needed > 0 and next(islice(_LATIN.finditer(text), needed - 1, None), None) is None


def clean(text: str) -> str:
    """Steps 1-3: the text whose words langdetect reads, every character normalised.

    The regular expressions run only where they can match (a URL needs
    ``http``, an e-mail address ``@``, a combining mark a non-ASCII text).
    """
    if "http" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    if not text.isascii():
        text = NGram.normalize_vi(text)
    text = text[:MAX_TEXT_LENGTH]
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_NORMALISE).decode("ascii")
    if _mostly_non_latin(text):
        text = _LATIN.sub("", text)
    return text.translate(_NORMALISE)


def word_keys(text: str) -> list[str]:
    """The word keys of ``text`` (steps 1-4), in order."""
    return (clean(text) + UNCLOSED).split(" ")


def word_ngrams(key: str) -> list[str]:
    """The n-grams of one word key (step 4), in langdetect's order."""
    closed = not key.endswith(UNCLOSED)
    word = key if closed else key[:-1]
    if not word:
        return []
    padded = " " + word + (" " if closed else "")
    ends: Sequence[int] = range(2, len(padded) + 1)
    if sum(map(str.isupper, padded)) > 1:  # a capital after a capital ends no n-gram
        ends = [end for end in ends if not (padded[end - 1].isupper() and padded[end - 2].isupper())]
    grams = [padded[end - n : end] for end in ends for n in range(1, min(LONGEST, end) + 1)]
    if closed:
        grams.remove(" ")  # the closing space alone, never an n-gram
    return grams
