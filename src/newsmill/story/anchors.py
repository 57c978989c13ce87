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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from ..progress import SILENT, Progress
from ..text import split_counts
from ..workers import CHUNK_TEXTS, Workers, chunked, text_ranges, worker_count
from .prefix import AnchorTable

#: ``(offset in the NFKC text, anchor)``: anchors are ordered by where they occur.
Located = tuple[int, str]


def _scanned_class(ascii_members: str, other_members: str | None = None) -> str:
    """A regex character class of ``ascii_members`` and ``other_members`` (non-ASCII; ``None``:
    every non-ASCII character), written as the negation of the characters it leaves out.

    A pattern that starts with a class makes the regex engine test that class at every
    character of a text until one is in it; a negated class without ranges above the
    Latin-1 characters decides a character of most texts with one bitmap lookup, where
    ranges and literals take a test each (on generated news, 9 % of the time of
    :data:`_PIECE`'s ``findall``, 15 % of :data:`_AFTER_BREAK`'s).
    """
    left_out = [re.escape(chr(c)) for c in range(0x80) if chr(c) not in ascii_members]
    if other_members is not None:
        bounds = [0x80, *(b for c in sorted(map(ord, other_members)) for b in (c, c + 1)), 0x110000]
        gaps = zip(bounds[::2], bounds[1::2], strict=True)
        left_out += [f"{chr(low)}-{chr(high - 1)}" for low, high in gaps if low < high]
    return f"[^{''.join(left_out)}]"


_WORD = re.compile(r"\w+")
# The word after a gap that holds a sentence break (one of .!?:;\n…); the text's first word opens a sentence too.
_AFTER_BREAK = re.compile(_scanned_class(".!?:;\n", "…") + r"\W*(\w+)")
# Signs that stick to a word in a whitespace-separated token ("said," "(AP)"): stripped of them, a token
# that is all letters is its one word.
_STUCK = ".,;:!?\"'()"

# What follows the first character of each kind of match of the one scan (:data:`_SCAN`).
# A number: the look-behind rejects a number that continues a word or another number; thousands
# are groups of three digits all joined by the same mark (one alternative per mark, not a
# back-reference, so that the pattern needs no group).
_NUMBER_REST = (
    r"(?<=\d)(?<![\w.,]\d)"
    r"(?:\d{0,2}(?:(?:\.\d{3})+|(?:,\d{3})+|(?: \d{3})+)(?:[.,]\d+)?(?!\d)|\d*(?:[.,]\d+)?)"
)
# What makes a number a percentage, right after it: the sign, or one of the words in any case.
_PERCENT_WORDS = r"percent|procent|per\s+cent|pct"
_PERCENT_WORD = rf"(?i:{_PERCENT_WORDS})\b"
_PERCENT = rf"\s?%|\s?{_PERCENT_WORD}"
# A word that may be a name: it starts with a word character other than a digit, _ or a-z (the first
# character's class holds A-Z and every non-ASCII character: a class of every capital letter, or one
# with Unicode categories, is far slower to scan); the look-behinds keep a word character that is not
# a digit and reject matches inside a word (the P of "iPhone").
_NAME_REST = r"(?<=[^\W\d])(?<!\w\w)\w*"
_DOMAINS = r"com|org|net|edu|gov|int|info|io|eu|nl|be|uk|de|fr"
# Where a URL may be: the ":" of "://", the "." of "www." or of a domain ending (looked at, not consumed).
# A domain ending starts with a letter: one test turns down the many sentence ends (". ") before the
# endings are tried one by one.
_URL_HINT_REST = rf"(?i:(?<=:)(?=//)|(?<=www\.)|(?=[a-z])(?=(?:{_DOMAINS})\b))"
# One pass over a text finds its numbers, the words that may be names and whether it may hold a
# URL, in the order they occur: the first character's class is the union of the three kinds' first
# characters, so that the regex engine skips to a possible start; the look-behind after it says
# which kind the match is, and the empty group that closes the kind names it (``lastindex``).
# The percent sign or word after a number is looked at, not consumed, so that a word read as part of a
# percentage ("5 PCT") is a word to the scan too.
_SCAN = re.compile(
    rf"[0-9A-Z:.\x80-\U0010FFFF](?:{_NUMBER_REST}(?=(?P<percent>{_PERCENT})|)(?P<number>)|{_NAME_REST}(?P<name>)"
    rf"|(?<=[:.]){_URL_HINT_REST}(?P<url>))"
)
_NUMBER_KIND, _NAME_KIND = _SCAN.groupindex["number"], _SCAN.groupindex["name"]
_URL_HINT = re.compile(rf"[:.]{_URL_HINT_REST}")
# A gap across which two words that may be names may form a run: one space, or non-word characters
# and words that do not start with an ASCII letter, ending in a word character and one space.
# Either way the non-word characters after a name are followed by no lower-case ASCII letter (after one
# space, the next name's first letter): looked at first, that turns down the common "Paul said" in one step.
_CHAIN_GAP = r"(?=\W++(?![a-z]))(?: |(?:\W++(?![a-zA-Z])\w++)+ )"
_CHAIN_REST = rf"(?:{_CHAIN_GAP}[A-Z\x80-\U0010FFFF]{_NAME_REST})*"
# A number's percent sign or word, consumed by its piece as far as no piece could start in it: the
# sign, or the word in lower case, with the space before it; otherwise the space before the word, or
# the word's first letters right after the number (a letter after a digit starts no piece). So a number's
# piece holds more than the number exactly when the number is a percentage.
_PERCENT_SUFFIX = rf"(?:\s?%|\s?(?:{_PERCENT_WORDS})\b|\s(?={_PERCENT_WORD})|(?={_PERCENT_WORD})[^\W\d_]+)?"
# A piece of a text (see :func:`text_anchors`): a chain of words that may be names joined by such gaps,
# a number with its percent suffix, a place where a URL may start, or a handle and the chain after it.
# No group, so that ``findall`` gives the pieces as strings; the regex engine skips to a possible start
# by the first character's class.
_PIECE = re.compile(
    _scanned_class("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:.@#")
    + rf"(?:{_NAME_REST}{_CHAIN_REST}|{_NUMBER_REST}{_PERCENT_SUFFIX}"
    rf"|(?<=[:.]){_URL_HINT_REST}|(?<=[@#])(?<!\w[@#])\w+{_CHAIN_REST})"
)
# A chain that ends in the word "per" after a number: the number may be "per cent" with the text after the chain.
_PER_AT_END = re.compile(r"\d (?i:per)$")
#: What a piece's anchors hold when the whole text must be scanned instead (never an anchor: no kind prefix).
_READ_WHOLE = "\x00"
#: Most pieces whose anchors a :class:`Names` keeps; past it, it starts afresh with the pieces of the
#: text it reads (20,000 generated articles: 11,216 distinct pieces, 4.2 MB with their anchors and the
#: words decided, so about 50 MB at most).
PIECES_KEPT = 1 << 17
_MARK = re.compile(r"[., ]")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+"
    rf"|\b[a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:{_DOMAINS})\b"
    r"(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)
# Characters no URL holds (every part of :data:`_URL` excludes whitespace): the URL around a hint lies between them.
_URL_GAPS = (" ", "\n")
# The sign first, then the look-behind, so that the regex engine skips to a possible start.
_HANDLE = re.compile(r"[@#](?<!\w[@#])\w+")
# The first character of a word that may start with a letter (also the rare numerals that are not digits).
_WORD_START = re.compile(r"(?<!\w)[^\W\d_]")


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


@lru_cache(maxsize=1 << 16)
def number_anchor(digits: str, percent: bool) -> str:
    """``n:VALUE`` of digits with separators, or ``p:VALUE%`` for a percentage."""
    return f"p:{number_value(digits)}%" if percent else f"n:{number_value(digits)}"


def numbers(text: str) -> list[Located]:
    """Number anchors: ``n:VALUE``, or ``p:VALUE%`` for a percentage (the numbers of :func:`scan`)."""
    return [(offset, anchor) for offset, anchor in scan(text, Names(frozenset())).located() if anchor[0] in "np"]


def urls(text: str) -> list[Located]:
    """URL anchors: ``u:`` + the address without scheme, ``www.`` and trailing punctuation or slash.

    Every URL holds a place where one may start (:data:`_URL_HINT`: its ``://``, ``www.`` or
    domain ending) and no whitespace, so :data:`_URL` runs only from the space or line break
    before each such place to the one after it, a word or two instead of the whole text (the
    pattern tries every word of what it reads). Read from a space on, it finds what reading
    from the start of the text finds there: no match holds the space.
    """
    found = []
    end = 0
    for hint in _URL_HINT.finditer(text):
        if hint.start() < end:
            continue  # in the stretch read already
        start = max(text.rfind(gap, 0, hint.start()) for gap in _URL_GAPS) + 1
        end = min((at for at in (text.find(gap, hint.start()) for gap in _URL_GAPS) if at >= 0), default=len(text))
        found += [(match.start(), url_anchor(match[0])) for match in _URL.finditer(text, start, end)]
    return found


def url_anchor(address: str) -> str:
    """``u:`` + ``address`` lower-cased, without scheme, ``www.`` and trailing punctuation or slash."""
    return "u:" + re.sub(r"^(?:https?://)?(?:www\.)?", "", address.lower()).rstrip(".,;:!?/")


def handles(text: str) -> list[Located]:
    """``@user`` and ``#tag`` anchors, case-folded: ``h:@user``."""
    if "@" not in text and "#" not in text:
        return []  # the common case, without a regular expression pass
    return [(m.start(), "h:" + m.group(0).casefold()) for m in _HANDLE.finditer(text)]


def nfkc(text: str) -> str:
    """``text`` NFKC-normalised (ASCII text is already, and ``str.isascii`` reads a flag)."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1 << 16)
def fold_name(word: str) -> str:
    """Accents stripped (NFKD without combining marks), case-folded."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a str pattern: a letter, digit or numeric character, or ``_``."""
    return char.isalnum() or char == "_"


def is_acronym(word: str) -> bool:
    """All capitals, two or more letters (``NASA``, ``VS``)."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


def case_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each word (a ``\\w+`` run) of ``texts`` occurs *inside* a sentence.

    A word opens a sentence when it opens its text or the gap before it (the
    non-word characters back to the previous word) holds a sentence break.
    No word holds whitespace, so every word lies in one whitespace-separated
    token: the tokens are counted first (:func:`~newsmill.text.split_counts`,
    which decodes only the distinct ones) and each distinct token is then read
    for its words once.
    """
    read = list(texts)
    initial = Counter(chain.from_iterable(map(_AFTER_BREAK.findall, read)))
    initial.update(first.group() for first in map(_WORD.match, read) if first)
    inside: Counter[str] = Counter()
    get = inside.get
    for token, count in split_counts(read).items():
        stripped = token.strip(_STUCK)
        for word in (stripped,) if stripped.isalpha() else _WORD.findall(token):
            inside[word] = get(word, 0) + count
    inside.subtract(initial)
    return inside


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
    capitalised function words, and no stop list is needed. Acronyms are
    always names and not counted; words that start with a digit or ``_`` are
    not words here.
    """

    name_share: float = 0.5
    upper: Counter[str] = field(default_factory=Counter)
    lower: Counter[str] = field(default_factory=Counter)
    #: :meth:`names` of the counts so far (``None``: counts changed since).
    _names: Names | None = field(default=None, init=False, repr=False, compare=False)

    def merge(self, other: CaseStats) -> None:
        """Add ``other``'s counts (of other texts): the counts are sums over texts, so statistics
        learnt part by part and merged equal those learnt from all the texts at once."""
        self._names = None
        self.upper.update(other.upper)
        self.lower.update(other.lower)

    def add(self, inside: Counter[str]) -> None:
        """Count the in-sentence uses of :func:`case_counts` (of one text or summed over several)."""
        self._names = None
        upper, lower = self.upper, self.lower
        for word, count in inside.items():
            if count and word[0].isalpha() and not is_acronym(word):
                counts, key = upper if word[0].isupper() else lower, fold_name(word)
                counts[key] = counts.get(key, 0) + count  # not +=: a Counter's missing key is a Python call

    def names(self) -> Names:
        """What these counts decide, as the folded words that are names: ``upper > name_share ·
        (upper + lower)`` holds only for words counted capitalised, so those are the only candidates."""
        if self._names is None:
            share, lower = self.name_share, self.lower
            self._names = Names(frozenset(key for key, up in self.upper.items() if up > share * (up + lower[key])))
        return self._names

    def name(self, word: str) -> str:
        """``word`` folded if it is a name, else ``""`` (see :class:`Names`)."""
        return self.names().name(word)


@dataclass
class Names:
    """Which words are names, as :class:`CaseStats` decided: a capitalised word of two or more
    letters whose folded form is one of ``keys``, or an acronym.

    Small (1,657 words, 17 KB pickled, for 20,000 generated articles): it travels with each
    chunk of the anchor pass, so that the workers that counted the words' case find the anchors
    too (workers are forked with the texts they read, and a second fork would copy the pages of
    every article they touch once more). Only ``keys`` travel; a process unpickles one
    :class:`Names` per ``keys`` (:func:`names_of`), so that what it learns reading one chunk
    (:attr:`decided`, :attr:`pieces`) serves the next.
    """

    keys: frozenset[str]
    #: The decisions of :meth:`name` so far: word → folded name or ``""``.
    decided: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    #: The anchors of each piece (:data:`_PIECE`) read so far (:meth:`read`).
    pieces: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __reduce__(self) -> tuple[Callable[[frozenset[str]], Names], tuple[frozenset[str]]]:
        return names_of, (self.keys,)

    def name(self, word: str) -> str:
        """``word`` folded if it is a name, else ``""`` (decided once per distinct word)."""
        decided = self.decided.get(word)
        if decided is None:
            decided = self.decided[word] = fold_name(word) if self._is_name(word) else ""
        return decided

    def _is_name(self, word: str) -> bool:
        if is_acronym(word):
            return True
        return word[0].isupper() and len(word) >= 2 and fold_name(word) in self.keys

    def read(self, pieces: list[str]) -> list[tuple[str, ...]]:
        """The anchors of each of a text's ``pieces`` (:data:`_PIECE`): the pieces not read before
        are read (:func:`scan` of the piece alone) and kept, ``(_READ_WHOLE,)`` where the text must
        be read whole."""
        missing = set(pieces).difference(self.pieces)
        if len(self.pieces) + len(missing) > PIECES_KEPT:
            self.pieces.clear()
            missing = set(pieces)
        for piece in missing:
            self.pieces[piece] = self._read(piece)
        return list(map(self.pieces.__getitem__, pieces))

    def _read(self, piece: str) -> tuple[str, ...]:
        first = piece[0]
        if first.isdecimal():  # a decimal digit (what \d matches) starts a number, its percent suffix after it
            digits, suffix = _number_and_suffix(piece)
            return (number_anchor(digits, bool(suffix)),)
        if piece.isalnum():  # one word (most pieces): a name or nothing
            name = self.name(piece)
            return ("w:" + name,) if name else ()
        if first in ":." or (first in "@#" and piece[1].isdecimal()) or _PER_AT_END.search(piece):
            return (_READ_WHOLE,)
        scanned = scan(piece, self)
        if scanned.url_possible:
            return (_READ_WHOLE,)
        return tuple(_located_anchors(piece, scanned))


def _number_and_suffix(piece: str) -> tuple[str, str]:
    """A number's piece as the number and its percent suffix (:data:`_PERCENT_SUFFIX`, which holds no digit)."""
    end = len(piece)
    while not piece[end - 1].isdecimal():
        end -= 1
    return piece[:end], piece[end:]


@lru_cache(maxsize=1)
def names_of(keys: frozenset[str]) -> Names:
    """The one :class:`Names` of ``keys`` in this process: the last one asked for, kept with what it
    has read (at most :data:`PIECES_KEPT` pieces) until another is."""
    return Names(keys)


class Scan(NamedTuple):
    """What :func:`scan` finds in a text: the number and name anchors in order of occurrence
    (``anchors``, at ``offsets``) and whether the text may hold a URL."""

    offsets: list[int]
    anchors: list[str]
    url_possible: bool

    def located(self) -> list[Located]:
        return list(zip(self.offsets, self.anchors, strict=True))


def scan(text: str, names: Names) -> Scan:
    """The number and name anchors of a text, from one regular-expression pass (:data:`_SCAN`).

    Names: ``w:`` per name word and ``r:`` per run of two or more joined
    names, placed before the run's first word (where its first word is). A
    run is a sequence of names, each joined to the word before by a single
    space, with no other word starting with a letter between them. Only the
    words that do not start with a lower-case ASCII letter are read, and of
    those only the names are kept; every other word matters only as a run
    breaker, found in the text between two names (:func:`_joined`).
    """
    offsets: list[int] = []
    found: list[str] = []
    url_possible = False
    run: list[str] = []  # the folded names of the open run
    run_at = previous = 0  # where in ``found`` the open run starts; where its last name ends in the text
    decided = names.decided
    for match in _SCAN.finditer(text):
        kind = match.lastindex
        if kind == _NAME_KIND:
            word = match[0]
            folded = decided.get(word)
            if folded is None:
                folded = names.name(word)
            if not folded:
                continue  # a word starting with a letter breaks a run, which _joined sees
            start, end = match.span()
            if run and text[start - 1] == " " and (start - previous == 1 or _joined(text, previous, start)):
                run.append(folded)
            else:
                if len(run) > 1:
                    _add_run(offsets, found, run_at, run)
                run, run_at = [folded], len(found)
            offsets.append(start)
            found.append("w:" + folded)
            previous = end
        elif kind == _NUMBER_KIND:
            offsets.append(match.start())
            found.append(number_anchor(match[0], match["percent"] is not None))
        else:
            url_possible = True
    if len(run) > 1:
        _add_run(offsets, found, run_at, run)
    return Scan(offsets, found, url_possible)


def _add_run(offsets: list[int], found: list[str], at: int, run: list[str]) -> None:
    """Put the run anchor of the names ``run`` before its first name, at index ``at``."""
    offsets.insert(at, offsets[at])
    found.insert(at, "r:" + " ".join(run))


def _joined(text: str, end: int, start: int) -> bool:
    """Whether the name at ``start``, preceded by a space, joins the run whose last name ends more
    than one character before it, at ``end``: the character before that space is a word character
    and no word starting with a letter lies between the two (see :func:`scan`)."""
    if text[end] == " " and "a" <= text[end + 1] <= "z":
        return False  # the common case, a lower-case word right after the name, seen without a search
    if not is_word_char(text[start - 2]):
        return False
    first = _WORD_START.search(text, end, start)  # nearly always a letter, or None
    while first is not None and not first[0].isalpha():
        first = _WORD_START.search(text, first.end(), start)
    return first is None


def names(text: str, names: Names) -> list[Located]:
    """Name anchors: ``w:`` per name word and ``r:`` per run of two or more joined names (the names of :func:`scan`)."""
    return [(offset, anchor) for offset, anchor in scan(text, names).located() if anchor[0] in "wr"]


def text_anchors(text: str, names: Names) -> list[str]:
    """The distinct anchors of one NFKC-normalised text, in order of first occurrence.

    The text is read in *pieces* (:data:`_PIECE`): chains of words that may be names, each
    joined to the one before by a single space or by a gap of non-word characters and words
    that do not start with an ASCII letter, ending in a word character and a space; numbers,
    each with as much of its percent suffix as holds no possible start of a piece
    (:data:`_PERCENT_SUFFIX`: a number's piece is longer than the number exactly when the number
    is a percentage); handles with the chain after them; places where a URL may start. The
    anchors of each distinct piece are found once (:meth:`Names.read`: a number's or one word's
    directly, any other piece by :func:`scan` of the piece alone, with its handles) and the
    text's anchors are those of its pieces in order, which is what reading the whole text finds:

    - A run never spans two pieces: two names form a run only across a single space, or across
      a gap that ends in a word character and a space and holds no word starting with a letter
      (:func:`_joined`); a chain continues across every such gap, so the names of a run are in
      one chain.
    - A piece's matches look at no text outside it, save in three cases that send the text to
      be read whole (:func:`scan` and :func:`_located_anchors`): a URL (the piece that may start
      one, or a chain that holds one); a chain ending in "per" right after a number, which may be
      "per cent" with the words after the chain; a handle of digits, which may be a percentage.
      Every other look-around reads at most two characters before a match, which within a
      chain lie in the chain, and after a match at most the word that follows it, which within
      a chain is the chain's next word. The first word of a piece starts a word in the text and
      in the piece alike.
    - Between pieces, :data:`_SCAN` and :data:`_HANDLE` find nothing: every character where
      either may start a match is one where a piece is tried, with the same alternatives, save
      the letters of a percent word right after a number, where neither can start (a word
      character precedes them).
    """
    pieces = _PIECE.findall(text)
    try:
        found = dict.fromkeys(chain.from_iterable(map(names.pieces.__getitem__, pieces)))
    except KeyError:  # a piece not read before
        found = dict.fromkeys(chain.from_iterable(names.read(pieces)))
    if _READ_WHOLE in found:
        return _located_anchors(text, scan(text, names))
    return list(found)


def _located_anchors(text: str, scanned: Scan) -> list[str]:
    """The distinct anchors of ``text`` in order of first occurrence, from its :func:`scan` and its URLs and handles."""
    if not scanned.url_possible and "@" not in text and "#" not in text:
        return list(dict.fromkeys(scanned.anchors))  # in order already: no URL or handle to merge
    located = sorted(scanned.located() + urls(text) + handles(text))
    return list(dict.fromkeys(map(itemgetter(1), located)))


def case_chunk_texts(count: int, jobs: int) -> int:
    """Texts per chunk of the word-case pass over ``count`` texts on ``jobs`` processes: up to four
    times :data:`~newsmill.workers.CHUNK_TEXTS`, while every process still gets eight chunks.

    The main process adds up one entry per distinct word of each chunk, and the workers fold
    each once, so longer chunks repeat less of that work (on 17,095 generated articles: 207,169
    entries in chunks of 1,000, 60,402 in chunks of 4,000); a few long chunks would leave a
    process idle at the end.
    """
    return min(4 * CHUNK_TEXTS, max(CHUNK_TEXTS, count // (8 * worker_count(jobs))))


def _case_counts_of(texts: Sequence[str], chunk: range) -> CaseStats:
    """A chunk's word-case counts, folded where they are counted (the workers), so that the
    main process only adds them up."""
    counts = CaseStats()
    counts.add(case_counts(nfkc(texts[i]) for i in chunk))
    return counts


def _anchors_of(names: Names, texts: Sequence[str], chunk: range) -> AnchorTable:
    """A chunk's anchor sequences as a table: each distinct anchor once and the sequences as an array
    of ids, which pickle and unpickle in a step per distinct anchor, not one per anchor of each text."""
    return AnchorTable.build([text_anchors(nfkc(texts[i]), names) for i in chunk])


def case_stats(texts: Sequence[str], name_share: float = 0.5, progress: Progress = SILENT, jobs: int = 1) -> CaseStats:
    """Which capitalised words of ``texts`` are names: the first pass of :func:`anchor_table`
    (``progress`` counts chunks of texts; ``jobs`` as there)."""
    chunks = chunked(range(len(texts)), case_chunk_texts(len(texts), jobs))
    stats = CaseStats(name_share)
    with Workers(texts, jobs) as workers:
        for counts in progress.track(workers.map(_case_counts_of, chunks), "story names", total=len(chunks)):
            stats.merge(counts)
    return stats


def anchors_with(texts: Sequence[str], stats: CaseStats, progress: Progress = SILENT, jobs: int = 1) -> AnchorTable:
    """The distinct anchors of each text in order of first occurrence, names as ``stats`` decides:
    the second pass of :func:`anchor_table` (``progress`` counts texts). The workers hold the
    ``texts`` as those of :func:`case_stats` do, so that inside a :class:`newsmill.workers.Pool` the
    second pass runs on the first pass's processes; the decisions (:meth:`CaseStats.names`) go with
    each chunk, and each chunk's table comes back (:meth:`AnchorTable.join`)."""
    with Workers(texts, jobs) as workers, progress.counting("stories", len(texts)) as done:
        parts = workers.map(partial(_anchors_of, stats.names()), text_ranges(len(texts)))
        return AnchorTable.join(_counted(parts, done))


def _counted(parts: Iterable[AnchorTable], done: Callable[[int], None]) -> Iterator[AnchorTable]:
    """``parts``, each one's articles reported to ``done`` as it arrives."""
    for part in parts:
        done(part.size)
        yield part


def anchor_table(
    texts: Sequence[str], name_share: float = 0.5, progress: Progress = SILENT, jobs: int = 1
) -> AnchorTable:
    """The distinct anchors of each text in order of first occurrence, as an :class:`AnchorTable`
    (:meth:`AnchorTable.sequences` gives them as lists).

    Which capitalised words are names is learnt from all ``texts`` together
    (:class:`CaseStats` with ``name_share``): one pass counts the case of
    every word (:func:`case_stats`), a second finds the anchors, one
    regular-expression pass per text and each distinct piece of text read once
    per process (:func:`anchors_with`, :func:`text_anchors`).
    Both run on ``jobs`` processes (:class:`newsmill.workers.Workers`, 0:
    every core; inside a :class:`~newsmill.workers.Pool`, the same ones), in
    chunks of texts; the result does not depend on ``jobs``. ``progress`` counts
    chunks in the first pass and texts in the second. Where the texts are
    held in parts (the Dask engine), the first pass runs per part and the
    parts' statistics are merged (:meth:`CaseStats.merge`) before the second.
    """
    return anchors_with(texts, case_stats(texts, name_share, progress, jobs), progress, jobs)
