"""Anchors: the tokens of an article that survive translation, in the order they appear.

A translation rewrites every word but keeps four kinds of token, which are
therefore comparable across languages:

numbers
    Digits with their separators, read as one value: ``1,000``, ``1.000``,
    ``1 000`` and ``1000`` are ``1000``; ``16,5`` and ``16.5`` are ``16.5``;
    ``1.234,5`` and ``1,234.5`` are ``1234.5``. Groups of exactly three digits
    after a first group of one to three digits (not a leading zero), all
    joined by the same mark, are thousands; otherwise the last mark is the
    decimal mark. A ``%`` or the word ``percent``, ``procent``, ``per cent``
    or ``pct`` right after a number makes it a percentage. Years are numbers
    like any other.
names
    Capitalised words that the corpus itself shows to be names (see
    :class:`CaseStats`), accents stripped and case-folded, plus every run of
    two or more names separated by single spaces (``paul rowlett``), which
    is much rarer than either word alone. All-capital words of two or more
    letters (``NASA``, ``VS``) are acronyms and always names.
URLs
    ``http(s)://…`` and ``www.…`` addresses and bare domains
    (``example.com/page``), lower-cased, without scheme, ``www.`` and
    trailing punctuation or slash.
handles
    ``@user`` and ``#tag``, case-folded.

An anchor is a string with a kind prefix, so a number never meets a name:
``n:1000``, ``p:16.5%``, ``w:rowlett`` (a name word), ``r:paul rowlett``
(a run), ``u:example.com/page``, ``h:@user``. Text is NFKC-normalised first
(so no-break and thin spaces are spaces).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..progress import SILENT, Progress

#: ``(offset in the NFKC text, anchor)``: anchors are ordered by where they occur.
Located = tuple[int, str]

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(
    r"(?<![\w.,])"
    r"(\d{1,3}(?:([., ])\d{3})(?:\2\d{3})*(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?)"
    r"(\s?%|\s?(?:percent|procent|per\s+cent|pct)\b)?",
    re.IGNORECASE,
)
_MARK = re.compile(r"[., ]")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+"
    r"|\b[a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|int|info|io|eu|nl|be|uk|de|fr)\b"
    r"(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<!\w)[@#]\w+")
# A word opens a sentence when the gap before it holds one of these (or it opens the text).
_SENTENCE_BREAK = frozenset(".!?:;\n…")


def number_value(digits: str) -> str:
    """The canonical value of digits with separators (see the module docstring).

    >>> [number_value(s) for s in ("1,000", "1.000", "1 000", "16,5", "16.5", "1.234,50", "0,125")]
    ['1000', '1000', '1000', '16.5', '16.5', '1234.5', '0.125']
    """
    marks = _MARK.findall(digits)
    groups = _MARK.split(digits)
    thousands = (
        len(set(marks)) <= 1
        and all(len(group) == 3 for group in groups[1:])
        and len(groups[0]) <= 3
        and not groups[0].startswith("0")
    )
    if not marks or thousands:
        whole, fraction = "".join(groups), ""
    else:
        whole, fraction = "".join(groups[:-1]), groups[-1]
    whole, fraction = whole.lstrip("0") or "0", fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def numbers(text: str) -> list[Located]:
    """Number anchors: ``n:VALUE``, or ``p:VALUE%`` for a percentage."""
    return [
        (m.start(), f"p:{number_value(m.group(1))}%" if m.group(3) else f"n:{number_value(m.group(1))}")
        for m in _NUMBER.finditer(text)
    ]


def urls(text: str) -> list[Located]:
    """URL anchors: ``u:`` + the address without scheme, ``www.`` and trailing punctuation or slash."""
    found = []
    for match in _URL.finditer(text):
        address = re.sub(r"^(?:https?://)?(?:www\.)?", "", match.group(0).lower())
        found.append((match.start(), "u:" + address.rstrip(".,;:!?/")))
    return found


def handles(text: str) -> list[Located]:
    """``@user`` and ``#tag`` anchors, case-folded: ``h:@user``."""
    return [(m.start(), "h:" + m.group(0).casefold()) for m in _HANDLE.finditer(text)]


@lru_cache(maxsize=1 << 16)
def fold_name(word: str) -> str:
    """Accents stripped (NFKD without combining marks), case-folded."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Word(NamedTuple):
    """A word of a text: where it starts, whether it opens a sentence, and whether
    only one space separates it from the word before (``joined``).

    A named tuple, not a dataclass: the story pass makes one per word of the corpus.
    """

    text: str
    start: int
    initial: bool
    joined: bool

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def acronym(self) -> bool:
        return len(self.text) >= 2 and self.text.isalpha() and self.text.isupper()


def words_of(text: str) -> Iterator[Word]:
    """The words of ``text`` that start with a letter, with their position."""
    end = 0
    for match in _WORD.finditer(text):
        gap = text[end : match.start()]
        end = match.end()
        if match.group(0)[0].isalpha():
            initial = match.start() == 0 or not _SENTENCE_BREAK.isdisjoint(gap)
            yield Word(match.group(0), match.start(), initial, gap == " ")


@dataclass
class CaseStats:
    """How often each word (folded) is written capitalised and in lower case inside sentences.

    A capitalised word of two or more letters is a *name* when, over the
    corpus, its capitalised share of non-initial uses exceeds ``name_share``:
    ``upper / (upper + lower) > name_share``. Sentence-initial uses say
    nothing about a word and are not counted, so a word seen only at the
    start of sentences ("The", "Het") is not a name, while one seen
    capitalised inside a sentence anywhere in the corpus is a name at the
    start of a sentence too. The words of a title-case headline are common
    words written in lower case elsewhere, so they drop out; so do
    capitalised function words, and no stop list is needed.
    """

    name_share: float = 0.5
    upper: Counter[str] = field(default_factory=Counter)
    lower: Counter[str] = field(default_factory=Counter)

    def add(self, words: Iterable[Word]) -> None:
        for word in words:
            if not word.initial and not word.acronym:
                (self.upper if word.capitalised else self.lower)[fold_name(word.text)] += 1

    def is_name(self, word: Word) -> bool:
        if word.acronym:
            return True
        if not word.capitalised or len(word.text) < 2:
            return False
        key = fold_name(word.text)
        upper = self.upper[key]
        return upper > self.name_share * (upper + self.lower[key])


def names(words: Sequence[Word], stats: CaseStats) -> list[Located]:
    """Name anchors: ``w:`` per name word and ``r:`` per run of two or more joined names."""
    found: list[Located] = []
    run: list[Word] = []

    def close() -> None:
        if len(run) > 1:
            found.append((run[0].start, "r:" + " ".join(fold_name(w.text) for w in run)))
        run.clear()

    for word in words:
        if not stats.is_name(word):
            close()
            continue
        if not word.joined:
            close()
        found.append((word.start, "w:" + fold_name(word.text)))
        run.append(word)
    close()
    return found


def anchor_sequences(texts: Sequence[str], name_share: float = 0.5, progress: Progress = SILENT) -> list[list[str]]:
    """The distinct anchors of each text in order of first occurrence.

    Which capitalised words are names is learnt from all ``texts`` together
    (:class:`CaseStats` with ``name_share``).
    """
    normal = [unicodedata.normalize("NFKC", text) for text in texts]
    tokenised = [list(words_of(text)) for text in progress.track(normal, "stories", total=len(normal))]
    stats = CaseStats(name_share)
    for words in tokenised:
        stats.add(words)
    sequences = []
    for text, words in zip(normal, tokenised):
        located = sorted(numbers(text) + urls(text) + handles(text) + names(words, stats))
        sequences.append(list(dict.fromkeys(anchor for _, anchor in located)))
    return sequences
