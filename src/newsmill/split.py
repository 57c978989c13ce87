"""Split a plain-text dump into articles.

A scraped dump holds many articles with no reliable delimiter: blank lines
separate paragraphs *and* articles. The splitter combines two signals that
generalise beyond one outlet:

Signature lines
    Outlets close their articles with a short line that recurs across the
    corpus ("NOS Tech", "TechCrunch", "Link to original source"). A paragraph
    is a *signature* when it is short (at most ``SIGNATURE_MAX_WORDS`` words),
    starts with an upper-case letter, recurs at least twice in the corpus and
    follows at least two different paragraphs (so a sub-heading repeated
    because a whole article was printed twice does not qualify). A signature
    ends the article; the recurring short paragraphs directly after it (a
    footer such as "Created by ...") belong to the same closing run. The run
    is consumed: it is not part of the article's text and is reported as a
    removal with reason ``signature``.
Headlines
    In a dump whose articles carry no signature, a new article starts at a
    *headline*: a one-line paragraph of ``HEADLINE_MIN_WORDS`` to
    ``HEADLINE_MAX_WORDS`` words that starts with a capital or a digit, has no
    sentence break and no closing punctuation, and stands between two body
    paragraphs (the one before ends a sentence, the one after is a sentence
    of at least ``BODY_MIN_WORDS`` words). Short sub-headings ("A three-tier
    playbook") and captions under an image line fall outside this shape.
    Dumps that do have signatures are split by signatures alone, because
    roundup articles contain headline-shaped section titles.

A piece without a paragraph of at least ``ARTICLE_MIN_WORDS`` words that
ends a sentence (a paywall fragment between two signature runs, say) is not
an article: it is joined to the article before
it. The first paragraph of an article is its title when it is a single line
of at most ``TITLE_MAX_WORDS`` words without closing punctuation.

Separator lines
    A line of at least ``SEPARATOR_MIN_MARKS`` repetitions of one of
    ``- = * _ # ~ +`` (spaces between them allowed: ``-----``, ``* * * * *``)
    is an explicit delimiter. A dump holding one is split at those lines
    alone: they end an article and are dropped, and no other rule applies
    (the writer of the dump said where articles end, so a short article is
    not joined to its neighbour either). Three marks (``***``, a Markdown
    rule) are a scene break inside an article, not a delimiter.
    ``newsmill --format text`` writes its dumps with such lines, so they split
    back into the same articles without options.

With ``separator`` (a regex) the built-in rules are replaced in the same
way: every line the regex matches ends an article and is dropped.

Splitting needs corpus-wide counts, so a dump is read twice: once by
:meth:`SignatureStats.scan` and once by :func:`split_dump`. Neither holds
more than the current article in memory.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .record import Paragraph
from .text import paragraphs_of, text_hash, words

SIGNATURE_MAX_WORDS = 8
HEADLINE_MIN_WORDS = 5
HEADLINE_MAX_WORDS = 16
TITLE_MAX_WORDS = 20
BODY_MIN_WORDS = 8
ARTICLE_MIN_WORDS = 25
SEPARATOR_MIN_MARKS = 5

#: The line ``--format text`` writes between articles.
SEPARATOR_LINE = "-" * 10
SEPARATOR = re.compile(rf"^\s*([-=*_#~+])(?:[ \t]*\1){{{SEPARATOR_MIN_MARKS - 1},}}\s*$")

END = -1  # the "paragraph" after the last one of a dump
_CLOSING = tuple(".!?…\"”’»)")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")


@dataclass
class Piece:
    """An article as the splitter found it: title, body and consumed signature lines."""

    title: Paragraph | None
    body: list[Paragraph]
    signature: list[Paragraph]

    @property
    def line_start(self) -> int:
        first = self.title or (self.body or self.signature)[0]
        return first.line_start

    @property
    def line_end(self) -> int:
        return (self.signature or self.body or [self.title])[-1].line_end


@dataclass
class SignatureStats:
    """Corpus-wide counts of short paragraphs, gathered in one pass over all dumps.

    ``counts`` maps the hash of a short paragraph to its occurrences;
    ``before`` and ``after`` to (up to two) hashes of the paragraphs around it
    (``END`` after the last paragraph of a dump); ``capitalised`` marks those
    whose text starts with an upper-case letter.
    """

    counts: Counter[int] = field(default_factory=Counter)
    before: dict[int, set[int]] = field(default_factory=dict)
    after: dict[int, set[int]] = field(default_factory=dict)
    capitalised: set[int] = field(default_factory=set)
    files_with_signature: set[str] = field(default_factory=set)
    files_with_separator: set[str] = field(default_factory=set)
    _short_in_file: dict[str, set[int]] = field(default_factory=dict)

    def scan(self, name: str, lines: Iterable[str]) -> None:
        """Count the short paragraphs of one dump, and note whether it has separator lines."""
        previous: int | None = None
        seen: set[int] = set()
        for _, _, text in paragraphs_of(self._watch_separators(name, lines)):
            key = text_hash(text)
            if previous in seen:
                _add_capped(self.after, previous, key)
            if _is_short(text):
                self.counts[key] += 1
                if previous is not None:
                    _add_capped(self.before, key, previous)
                if text.lstrip()[:1].isupper():
                    self.capitalised.add(key)
                seen.add(key)
            previous = key
        if previous in seen:
            _add_capped(self.after, previous, END)
        self._short_in_file[name] = seen

    def _watch_separators(self, name: str, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            if name not in self.files_with_separator and SEPARATOR.match(line):
                self.files_with_separator.add(name)
            yield line

    def finish(self) -> None:
        """Decide which dumps carry signatures once every dump has been scanned."""
        for name, keys in self._short_in_file.items():
            if any(self.is_signature(key) for key in keys):
                self.files_with_signature.add(name)
        self._short_in_file.clear()

    def recurs(self, key: int) -> bool:
        return self.counts.get(key, 0) >= 2

    def is_signature(self, key: int) -> bool:
        """Short, capitalised, recurring, after two different paragraphs, and not
        always followed by the same ordinary paragraph (as a repeated article's
        sub-heading is)."""
        if not (self.recurs(key) and key in self.capitalised):
            return False
        if len(self.before.get(key, ())) < 2:
            return False
        following = self.after.get(key, set())
        return len(following) >= 2 or all(n == END or self.recurs(n) for n in following)


def _add_capped(contexts: dict[int, set[int]], key: int, value: int) -> None:
    values = contexts.setdefault(key, set())
    if len(values) < 2:
        values.add(value)


def _is_short(text: str) -> bool:
    return len(words(text)) <= SIGNATURE_MAX_WORDS


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_CLOSING)


def _is_body(text: str) -> bool:
    return _ends_sentence(text) and len(words(text)) >= BODY_MIN_WORDS


def _is_headline(text: str) -> bool:
    if "\n" in text or _ends_sentence(text) or text.rstrip().endswith((":", ";")):
        return False
    first = text.lstrip()[:1]
    count = len(text.split())
    return (
        (first.isupper() or first.isdigit())
        and HEADLINE_MIN_WORDS <= count <= HEADLINE_MAX_WORDS
        and not _SENTENCE_BREAK.search(text)
    )


def _is_title(text: str) -> bool:
    return "\n" not in text and not _ends_sentence(text) and len(text.split()) <= TITLE_MAX_WORDS


def split_dump(
    name: str, lines: Iterable[str], stats: SignatureStats | None, separator: str | None = None
) -> Iterator[Piece]:
    """Yield the articles of one dump, in order.

    ``name`` identifies the dump in ``stats``; ``stats`` must have scanned
    every dump of the corpus (it is unused with a ``separator`` regex).
    """
    if separator is not None:
        yield from _split_on_separator(lines, re.compile(separator))
        return
    assert stats is not None
    if name in stats.files_with_separator:
        yield from _split_on_separator(lines, SEPARATOR)
    else:
        yield from _join_bodiless(_split_on_signals(lines, stats, name in stats.files_with_signature))


def _split_on_separator(lines: Iterable[str], pattern: re.Pattern[str]) -> Iterator[Piece]:
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if pattern.search(line):
            yield from _piece_from_lines(block)
            block = []
        else:
            block.append((number, line))
    yield from _piece_from_lines(block)


def _piece_from_lines(block: list[tuple[int, str]]) -> Iterator[Piece]:
    if not block:
        return
    offset = block[0][0] - 1
    paragraphs = [
        Paragraph(text, start + offset, end + offset)
        for start, end, text in paragraphs_of(line for _, line in block)
    ]
    if paragraphs:
        yield _make_piece(paragraphs, [])


def _split_on_signals(
    lines: Iterable[str], stats: SignatureStats, has_signatures: bool
) -> Iterator[Piece]:
    current: list[Paragraph] = []
    closing: list[Paragraph] = []
    previous_text = ""
    stream = (Paragraph(text, start, end) for start, end, text in paragraphs_of(lines))
    for paragraph, following in _with_next(stream):
        key = text_hash(paragraph.text)
        if closing:
            if _is_short(paragraph.text) and stats.recurs(key):
                closing.append(paragraph)
                continue
            yield _make_piece(current, closing)
            current, closing = [], []
        if has_signatures and stats.is_signature(key):
            closing.append(paragraph)
            continue
        starts_article = (
            not has_signatures
            and current
            and _is_headline(paragraph.text)
            and _ends_sentence(previous_text)
            and following is not None
            and _is_body(following.text)
        )
        if starts_article:
            yield _make_piece(current, [])
            current = []
        current.append(paragraph)
        previous_text = paragraph.text
    if current or closing:
        yield _make_piece(current, closing)


def _with_next(items: Iterator[Paragraph]) -> Iterator[tuple[Paragraph, Paragraph | None]]:
    previous = next(items, None)
    for item in items:
        assert previous is not None
        yield previous, item
        previous = item
    if previous is not None:
        yield previous, None


def _make_piece(paragraphs: list[Paragraph], signature: list[Paragraph]) -> Piece:
    if len(paragraphs) > 1 and _is_title(paragraphs[0].text):
        return Piece(paragraphs[0], paragraphs[1:], signature)
    return Piece(None, paragraphs, signature)


def _has_body(piece: Piece) -> bool:
    return any(
        _ends_sentence(p.text) and len(words(p.text)) >= ARTICLE_MIN_WORDS for p in piece.body
    )


def _join_bodiless(pieces: Iterator[Piece]) -> Iterator[Piece]:
    """Join each piece without a body paragraph to the piece before (the first to the next)."""
    held: Piece | None = None
    for piece in pieces:
        if held is None:
            held = piece
        elif not _has_body(piece):
            held = _join(held, piece)
        elif not _has_body(held):
            held = _join(held, piece)
        else:
            yield held
            held = piece
    if held is not None:
        yield held


def _join(first: Piece, second: Piece) -> Piece:
    body = first.body + first.signature + ([second.title] if second.title else []) + second.body
    return Piece(first.title, body, second.signature)
