"""Split a plain-text dump into articles.

A scraped dump holds many articles with no reliable delimiter: blank lines
separate paragraphs *and* articles. The splitter combines two signals that
generalise beyond one outlet:

Closers (signature lines and closing blocks)
    Outlets close their articles with a block that recurs at the end of
    every article: a signature line ("NOS Tech", "TechCrunch", "Link to
    original source", "More to come") or a promo block of full sentences
    ("Meld je aan voor onze nieuwsbrief ..."). A paragraph opens such a block
    (it is a *signature*) when it starts with an upper-case letter, recurs,
    follows at least two different paragraphs (so a sub-heading repeated
    because a whole article was printed twice does not qualify) and is
    followed by two different paragraphs, by the end of a dump, or by the
    rest of its block. A closer ends an article's own text, so it closes
    one only after some: body words in paragraphs that do not recur after
    different paragraphs (a cookie banner and a "Share this article" line
    under every headline are boilerplate, not text, and the banner is no
    closer). A short one (at most ``SIGNATURE_MAX_WORDS`` words) need recur
    only twice in the corpus. A longer one (up to ``CLOSER_MAX_WORDS``) must
    recur ``LONG_CLOSER_MIN_COUNT`` times in one dump, and closes an article
    only after ``ARTICLE_MIN_WORDS`` body words, next to paragraphs that do
    not recur (a paragraph of an article copied into the dump is not a
    closer). The block ends the article; the paragraphs directly after it
    belong to it when they recur as often as the one before them (a footer,
    the second paragraph of a promo), only at the ends of dumps (a page
    footer such as "Created by ..."), or, short, after a promo (the outlet's
    name) (:meth:`SignatureStats.continues_closing`); the title of an
    article copied into the dump does not. The block is consumed: it is not part of the article's text
    and is reported as a removal with reason ``signature``.
Headlines
    In a dump whose articles carry no signature, a new article starts at a
    *headline*, in any case (Title Case, or sentence case as Dutch and most
    British outlets write them): a one-line paragraph of
    ``HEADLINE_MIN_WORDS`` to ``HEADLINE_MAX_WORDS`` words that starts with
    a capital or a digit and has no sentence break; it may end in "?" or ","
    but not in ".", ":" or ";", and a quoted question is speech. It must come
    where a text has ended (after a sentence, a long paragraph, or a short
    capitalised closing line such as "More to come" after one), and be
    followed by a body paragraph (at least ``BODY_MIN_WORDS`` words that end
    a sentence, or run over several lines or ``TEXT_LINE_MIN_WORDS`` words),
    or by a headline-shaped standfirst (longer or shorter) and then a body.
    Short sub-headings ("Public reaction") and captions under an image line
    fall outside this shape. Dumps that do have signatures are split by
    signatures alone, because roundup articles contain headline-shaped
    section titles. An outlet writes its headlines in one case: in a dump
    where at least ``TITLE_CASE_MIN_SHARE`` of the headline-shaped lines
    followed by a body are in Title Case (:func:`_in_title_case`), a line in
    sentence case (a question or a sub-heading in the text) starts no article,
    and a line in Title Case may end in a full stop. A question, a line
    followed by a standfirst, and a Title Case line with a full stop start an
    article only when they announce the text after them (:func:`_announces`:
    more of their words come back in the ``CONTEXT_WORDS`` words after them than
    in the last ``CONTEXT_WORDS`` content words before them), as a headline's
    words come back in its lead.

A piece with fewer than ``ARTICLE_MIN_WORDS`` body words (in sentence-ending
paragraphs of at least ``BODY_MIN_WORDS`` words: a paywall fragment between
two signature runs, say) is not an article: it is joined to the article
before it, or, when it opens with a headline and no closer ends it (its
body was cut off by a false start), to the article after it. The first
paragraph of an article is its title when it is a single headline-shaped
line of at most ``TITLE_MAX_WORDS`` words.

Per-path rules
    :class:`SplitRule` (``[tool.newsmill.split."GLOB"]``) gives a dump's
    headline and closer patterns when its shape is known.

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
more than the current article in memory; the scan remembers the short
paragraphs, and the longer ones that recur within a dump (in a table of
fixed size, :class:`_Sightings`).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from ..record import Paragraph
from ..text import paragraphs_of, text_hash, word_count

SIGNATURE_MAX_WORDS = 8
CLOSER_MAX_WORDS = 60
LONG_CLOSER_MIN_COUNT = 5
SIGHTING_SLOTS = 1 << 12
HEADLINE_MIN_WORDS = 5
HEADLINE_MAX_WORDS = 30  # Dutch headlines run to 25 words and more
TITLE_MAX_WORDS = HEADLINE_MAX_WORDS
TEXT_LINE_MIN_WORDS = 23  # a line this long is text even without a full stop (most headlines are shorter)
BODY_MIN_WORDS = 8
ARTICLE_MIN_WORDS = 25
TITLE_CASE_MIN_SHARE = 2 / 3
TITLE_CASE_MIN_CAPITALISED = 0.8
SEPARATOR_MIN_MARKS = 5
CONTEXT_WORDS = 60  # the text before and after a headline its words are looked up in (about a lead paragraph)
STEM_LETTERS = 5

#: The line ``--format text`` writes between articles.
SEPARATOR_LINE = "-" * 10
SEPARATOR = re.compile(rf"^\s*([-=*_#~+])(?:[ \t]*\1){{{SEPARATOR_MIN_MARKS - 1},}}\s*$")

END = -1  # the "paragraph" after the last one of a dump
_CLOSING = tuple(".!?…\"”’»)")
_SENTENCE_END = tuple(".!?…")
_QUOTES = "\"'‘’“”«»()[] "
_NOT_HEADLINE_END = tuple(".!…:;")
_SPEECH = re.compile(r"^\s*[\"'‘“«]|:\s*[\"'‘“«]")
# A full stop between two sentences; "A.I. plans" and "U.S. troops" hold none.
_SENTENCE_BREAK = re.compile(r"(?<!\b\w)[.!?]\s+\S")
# The words Title Case capitalises whatever the style guide: four letters or more, not in
# quotes and not the second half of a compound ("Mexico-stad").
_LONG_WORD = re.compile(r"(?<![\w'‘’-])[^\W\d_]{4,}")
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


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
        title = [self.title] if self.title else []
        return (self.signature or self.body or title)[-1].line_end


@dataclass
class SignatureStats:
    """Corpus-wide counts of closer-sized paragraphs, gathered in one pass over all dumps.

    ``counts`` maps the hash of a short paragraph, or of a longer one that
    recurs within a dump (those are in ``long``), to its occurrences;
    ``before`` and ``after`` to (up to two) hashes of the paragraphs around it
    (``END`` after the last paragraph of a dump); ``capitalised`` marks those
    whose text starts with an upper-case letter. ``files_in_title_case`` are
    the dumps that write their headlines in Title Case.
    """

    counts: Counter[int] = field(default_factory=Counter)
    before: dict[int, set[int]] = field(default_factory=dict)
    after: dict[int, set[int]] = field(default_factory=dict)
    capitalised: set[int] = field(default_factory=set)
    long: set[int] = field(default_factory=set)
    files_with_signature: set[str] = field(default_factory=set)
    files_with_separator: set[str] = field(default_factory=set)
    files_in_title_case: set[str] = field(default_factory=set)
    _headline_cases: dict[str, Counter[bool]] = field(default_factory=dict)  # Title Case or not, per dump
    _short_in_file: dict[str, set[int]] = field(default_factory=dict)

    def scan(self, name: str, lines: Iterable[str]) -> None:
        """Count the closer-sized paragraphs of one dump, note whether it has separator lines, and
        count its headline-shaped lines followed by a body, in Title Case or not.

        Short paragraphs are counted wherever they occur. A longer one (a
        promo block of full sentences) is counted once it recurs in this
        dump, as remembered by :class:`_Sightings`: counting every
        paragraph of a large dump would hold one entry per paragraph.
        """
        previous: int | None = None
        seen: set[int] = set()
        sightings = _Sightings()
        cases = self._headline_cases.setdefault(name, Counter())
        headline_case: bool | None = None  # the previous paragraph's, when it is headline-shaped
        for _, _, text in paragraphs_of(self._watch_separators(name, lines)):
            if headline_case is not None and _is_body(text):
                cases[headline_case] += 1
            headline_case = _in_title_case(text) if _is_headline(text) else None
            key = text_hash(text)
            if previous in seen:
                _add_capped(self.after, previous, key)
            elif previous is not None:
                sightings.follow(previous, key)
            size = word_count(text)
            first = None if size <= SIGNATURE_MAX_WORDS or key in seen else sightings.recall(key)
            if first is not None:
                self._count(key, text, first.before, first.after)
                self.long.add(key)
            if size <= SIGNATURE_MAX_WORDS or key in seen or first is not None:
                self._count(key, text, previous, None)
                seen.add(key)
            elif size <= CLOSER_MAX_WORDS:
                sightings.remember(key, previous)
            previous = key
        if previous in seen:
            _add_capped(self.after, previous, END)
        self._short_in_file[name] = seen

    def _count(self, key: int, text: str, before: int | None, after: int | None) -> None:
        self.counts[key] += 1
        if before is not None:
            _add_capped(self.before, key, before)
        if after is not None:
            _add_capped(self.after, key, after)
        if text.lstrip()[:1].isupper():
            self.capitalised.add(key)

    def _watch_separators(self, name: str, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            if name not in self.files_with_separator and SEPARATOR.match(line):
                self.files_with_separator.add(name)
            yield line

    def finish(self) -> None:
        """Decide which dumps carry signatures, and which write headlines in Title Case (of the
        headline-shaped lines followed by a body, ``TITLE_CASE_MIN_SHARE`` or more), once every
        dump has been scanned."""
        for name, keys in self._short_in_file.items():
            if any(self.is_signature(key) for key in keys):
                self.files_with_signature.add(name)
        self._short_in_file.clear()
        for name, cases in self._headline_cases.items():
            if cases[True] and cases[True] >= TITLE_CASE_MIN_SHARE * (cases[True] + cases[False]):
                self.files_in_title_case.add(name)
        self._headline_cases.clear()

    def recurs(self, key: int) -> bool:
        return self.counts.get(key, 0) >= 2

    def recurs_in_places(self, key: int) -> bool:
        """Recurs after two different paragraphs: boilerplate (a cookie banner under every
        headline), not a paragraph of an article copied whole, always after the same one."""
        return self.recurs(key) and len(self.before.get(key, ())) >= 2

    def is_signature(self, key: int) -> bool:
        """Capitalised, recurring, after two different paragraphs, and followed by two different
        paragraphs or only by the end of a dump and the rest of a closing block
        (:meth:`continues_closing`); not, then, a repeated article's sub-heading or title,
        always followed by the same paragraph."""
        if not (self.recurs_in_places(key) and key in self.capitalised):
            return False
        if key in self.long and self.counts[key] < LONG_CLOSER_MIN_COUNT:
            return False
        following = self.after.get(key, set())
        return len(following) >= 2 or all(n == END or self.continues_closing(n, key) for n in following)

    def continues_closing(self, key: int, last: int) -> bool:
        """Whether ``key`` continues a closing block whose last paragraph so far is ``last``.

        After a long paragraph (a promo), a long one recurring as often (the
        rest of the promo) or any short recurring one (the outlet's signature
        line). After a short line, a short paragraph that recurs as often (a
        footer after every signature) or only at the ends of dumps (a page
        footer), not the title of an article copied two or three times into
        dumps whose articles close with the same signature.
        """
        if not self.recurs(key):
            return False
        if key in self.long:
            return last in self.long and self.counts[key] >= self.counts[last]
        return last in self.long or self.counts[key] >= self.counts[last] or self.after.get(key) == {END}


@dataclass(slots=True)
class _Sighting:
    key: int
    before: int | None
    after: int | None = None


class _Sightings:
    """Closer-sized paragraphs seen once so far in one dump, with their neighbours.

    A fixed table of ``SIGHTING_SLOTS`` slots indexed by the paragraph's
    hash: a newer paragraph takes an older one's slot, so memory does not
    grow with the dump, and a block that recurs within a few thousand
    paragraphs (as a closer does, once per article) is still found.
    """

    def __init__(self) -> None:
        self._slots: list[_Sighting | None] = [None] * SIGHTING_SLOTS

    def remember(self, key: int, before: int | None) -> None:
        self._slots[key % SIGHTING_SLOTS] = _Sighting(key, before)

    def follow(self, key: int, after: int) -> None:
        """Note the paragraph after ``key``'s sighting."""
        slot = self._slots[key % SIGHTING_SLOTS]
        if slot is not None and slot.key == key and slot.after is None:
            slot.after = after

    def recall(self, key: int) -> _Sighting | None:
        """``key``'s earlier sighting, forgotten from the table; ``None`` when not seen (or displaced)."""
        slot = self._slots[key % SIGHTING_SLOTS]
        if slot is None or slot.key != key:
            return None
        self._slots[key % SIGHTING_SLOTS] = None
        return slot


def _add_capped(contexts: dict[int, set[int]], key: int, value: int) -> None:
    values = contexts.setdefault(key, set())
    if len(values) < 2:
        values.add(value)


def _ends_sentence(text: str) -> bool:
    """Ends in sentence punctuation or a closing quote or bracket (``overspeeld.'`` too)."""
    stripped = text.rstrip()
    return stripped.endswith(_CLOSING) or stripped.rstrip(_QUOTES).endswith(_SENTENCE_END)


def _is_body(text: str) -> bool:
    """A paragraph of at least ``BODY_MIN_WORDS`` words that ends a sentence, or runs over
    several lines or ``TEXT_LINE_MIN_WORDS`` words."""
    long = "\n" in text or len(text.split()) >= TEXT_LINE_MIN_WORDS
    return word_count(text) >= BODY_MIN_WORDS and (_ends_sentence(text) or long)


def _ends_like_a_headline(text: str) -> bool:
    """One line, without a full stop, colon or semicolon at the end (quotes aside).

    A headline may end in "?" or ",", but a question in quotes, or opening
    with one or after a colon ("He asked: 'Why?"), is speech.
    """
    stripped = text.rstrip()
    unquoted = stripped.rstrip(_QUOTES)
    if "\n" in text or unquoted.endswith(_NOT_HEADLINE_END):
        return False
    return not (unquoted.endswith("?") and (unquoted != stripped or _SPEECH.search(text)))


def _is_headline(text: str) -> bool:
    """A one-line headline in any case: capital or digit first, no sentence break, not too short or long."""
    first = text.lstrip(_QUOTES)[:1]
    return (
        _ends_like_a_headline(text)
        and (first.isupper() or first.isdigit())
        and HEADLINE_MIN_WORDS <= len(text.split()) <= HEADLINE_MAX_WORDS
        and not _SENTENCE_BREAK.search(text)
    )


def _in_title_case(text: str) -> bool:
    """Title Case: at least ``TITLE_CASE_MIN_CAPITALISED`` of the words of four letters or more
    after the first are capitalised (quoted words aside: "Trump Says Kavanaugh 'suffered' ...")."""
    long_words = _LONG_WORD.findall(text)[1:]
    capitalised = sum(word[0].isupper() for word in long_words)
    return bool(long_words) and capitalised >= TITLE_CASE_MIN_CAPITALISED * len(long_words)


def _is_title(text: str) -> bool:
    return _ends_like_a_headline(text) and len(text.split()) <= TITLE_MAX_WORDS


def _closes_text(text: str, size: int, closed: bool) -> bool:
    """Whether an article may end after this paragraph (``closed``: it could after the one before).

    It may after a sentence or a long paragraph, and after a short
    capitalised closing line ("More to come") where it could before.
    """
    if _ends_sentence(text) or size >= BODY_MIN_WORDS:
        return True
    return closed and "\n" not in text and text.lstrip()[:1].isupper() and size <= SIGNATURE_MAX_WORDS


@dataclass(frozen=True)
class SplitRule:
    """The shape of one outlet's dumps, given by the user (``[tool.newsmill.split."GLOB"]``).

    ``headline``: a paragraph it matches (``re.search``) starts an article,
    in place of the built-in headline rule, and pieces are not joined (the
    user said where articles start). ``closer``: a paragraph it
    matches ends an article and is removed (reason ``signature``), besides
    the recurring closers found on their own.
    """

    headline: re.Pattern[str] | None = None
    closer: re.Pattern[str] | None = None

    KEYS: ClassVar[tuple[str, ...]] = ("headline", "closer")

    @classmethod
    def from_table(cls, glob: str, table: object) -> SplitRule:
        """Build the rule of ``[tool.newsmill.split."glob"]``; a ``ValueError`` names the bad key."""
        where = f'[tool.newsmill.split."{glob}"]'
        if not isinstance(table, dict):
            raise ValueError(f"{where} must be a table with {' and/or '.join(cls.KEYS)}, got {table!r}")
        patterns = {}
        for key, pattern in table.items():
            if key not in cls.KEYS:
                raise ValueError(f"{where}: unknown key {key!r} (known: {', '.join(cls.KEYS)})")
            if not isinstance(pattern, str):
                raise ValueError(f"{where}.{key} must be a regex string, got {pattern!r}")
            try:
                patterns[key] = re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{where}.{key} is not a valid regex: {pattern!r}: {error}") from None
        return cls(**patterns)


def split_dump(
    name: str,
    lines: Iterable[str],
    stats: SignatureStats | None,
    separator: str | None = None,
    rule: SplitRule | None = None,
) -> Iterator[Piece]:
    """Yield the articles of one dump, in order.

    ``name`` identifies the dump in ``stats``; ``stats`` must have scanned
    every dump of the corpus (it is unused with a ``separator`` regex).
    ``rule`` adds the user's headline and closer patterns for this dump.
    """
    if separator is not None:
        yield from _split_on_separator(lines, re.compile(separator))
        return
    assert stats is not None
    if name in stats.files_with_separator:
        yield from _split_on_separator(lines, SEPARATOR)
    else:
        rule = rule or SplitRule()
        has_signatures, title_case = name in stats.files_with_signature, name in stats.files_in_title_case
        pieces = _split_on_signals(lines, stats, has_signatures, title_case, rule)
        # With a headline pattern the user said where articles start: short ones stay apart.
        yield from pieces if rule.headline else _join_bodiless(pieces)


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
    lines: Iterable[str], stats: SignatureStats, has_signatures: bool, title_case: bool, rule: SplitRule
) -> Iterator[Piece]:
    current: list[Paragraph] = []
    closing: list[Paragraph] = []
    closed = started = False
    body_words = closing_key = previous_key = 0  # the article's body words (_body_words); keys: the closing
    # block's last paragraph, the paragraph before
    before: deque[str] = deque(maxlen=CONTEXT_WORDS)  # the last content words of the text so far
    finds_headlines = not (has_signatures or rule.headline)  # dumps without closers or a user's rule
    stream = (Paragraph(text, start, end) for start, end, text in paragraphs_of(lines))
    for paragraph, ahead in _with_next_two(stream):
        key = text_hash(paragraph.text)
        if closing:
            if stats.continues_closing(key, closing_key):
                closing.append(paragraph)
                closing_key = key
                continue
            yield _make_piece(current, closing)
            current, closing, body_words = [], [], 0
        size = word_count(paragraph.text)
        signature = (
            has_signatures
            and stats.is_signature(key)
            and _block_closes(stats, key, previous_key, ahead, body_words)
        )
        if signature or (rule.closer and rule.closer.search(paragraph.text)):
            closing.append(paragraph)
            closing_key = key
            continue
        if rule.headline:
            starts_article = bool(current and rule.headline.search(paragraph.text))
        else:
            starts_article = bool(
                finds_headlines
                and current
                and closed
                and not started
                and _opens_article(paragraph, ahead, title_case, before)
            )
        if starts_article:
            yield _make_piece(current, [])
            current = []
            body_words = 0
        current.append(paragraph)
        body_words += 0 if stats.recurs_in_places(key) else _body_words(paragraph.text, size)  # not boilerplate
        closed, started = _closes_text(paragraph.text, size, closed), starts_article
        previous_key = key
        if finds_headlines:  # only _opens_article reads them
            before.extend(_content_words(paragraph.text))
    if current or closing:
        yield _make_piece(current, closing)


def _block_closes(
    stats: SignatureStats, key: int, previous_key: int, ahead: list[Paragraph], body_words: int
) -> bool:
    """Whether a recurring block opened by ``key`` closes the article here.

    Only after the article's own text: ``body_words`` counts none of its
    boilerplate (a banner under each headline is no closer). A long block (a
    promo) needs a body of ``ARTICLE_MIN_WORDS`` words, and the paragraph
    before must not recur, nor the one after unless it continues the block
    (a paragraph of an article copied into the dump does not close it).
    """
    if key not in stats.long:
        return body_words > 0
    if body_words < ARTICLE_MIN_WORDS or stats.recurs(previous_key):
        return False
    if not ahead:
        return True
    following = text_hash(ahead[0].text)
    return not stats.recurs(following) or stats.continues_closing(following, key)


def _opens_article(paragraph: Paragraph, ahead: list[Paragraph], title_case: bool, before: Iterable[str]) -> bool:
    """A headline (in Title Case where the dump's are) followed by a body paragraph, or by a
    standfirst and a body.

    A standfirst is a headline-shaped line after the headline ("Elite League:
    Dundee Stars 5-3 Belfast Giants" / "Patrick Dwyer hit two goals for the
    Giants against Dundee"), longer or shorter than it. A line as long as
    text (``TEXT_LINE_MIN_WORDS``) before a headline and a body is the end
    of a text ("... a role that really does justice to his talent?"), not a
    headline with its standfirst.

    Three shapes open an article only when they announce the text after them
    (:func:`_announces`), because text takes them too: a question (one inside
    an article, "Would you be able to answer questions on medications?",
    continues the text before it); a line followed by another headline-shaped
    one (the last line of an article without a full stop, "Chris Leslie is MP
    for Nottingham East", before the next headline); and, in a Title Case
    dump, a Title Case line ending in a full stop ("Labour Is No Longer a
    Broad Church.", but also "Desert Island Discs is on BBC Radio 4 on Sunday
    at 11:15 BST.", names in a closing sentence).
    """
    text = paragraph.text
    in_title_case = title_case and _in_title_case(text)
    full_stop = in_title_case and text.rstrip().endswith(".")
    shaped = _is_headline(text.rstrip().removesuffix(".") if full_stop else text)
    if not shaped or not ahead or (title_case and not in_title_case):
        return False
    if _is_body(ahead[0].text):
        return not (full_stop or _is_question(text)) or _announces(text, before, ahead)
    return (
        len(ahead) == 2
        and len(text.split()) < TEXT_LINE_MIN_WORDS
        and _is_headline(ahead[0].text)
        and _is_body(ahead[1].text)
        and _announces(text, before, ahead)
    )


def _is_question(text: str) -> bool:
    return text.rstrip().rstrip(_QUOTES).endswith("?")


def _content_words(text: str) -> list[str]:
    """Words of four letters or more, lower-cased and cut to ``STEM_LETTERS`` letters (a crude
    stem that any language shares: "defectors" and "defector", "undergoes" and "underwent")."""
    return [word.lower()[:STEM_LETTERS] for word in _CONTENT_WORD.findall(text)]


def _announces(headline: str, before: Iterable[str], ahead: list[Paragraph]) -> bool:
    """Whether a headline announces the text after it rather than continuing the text before.

    With H the headline's content words (:func:`_content_words`), A those of
    the ``CONTEXT_WORDS`` words after it and B the last ``CONTEXT_WORDS``
    content words before it (``before``, a window that reaches further back
    than A, so that a line must announce clearly): |H ∩ A| > |H ∩ B|. A headline's words come back in the lead that
    follows it; a question or a closing line in an article takes its words
    from the argument before it.
    """
    words = set(_content_words(headline))
    after = set(_content_words(" ".join(" ".join(p.text for p in ahead).split()[:CONTEXT_WORDS])))
    return len(words & after) > len(words & set(before))


def _with_next_two(items: Iterator[Paragraph]) -> Iterator[tuple[Paragraph, list[Paragraph]]]:
    """Each item with the (up to) two items after it."""
    window: deque[Paragraph] = deque()
    for item in items:
        window.append(item)
        if len(window) == 3:
            yield window.popleft(), list(window)
    while window:
        yield window.popleft(), list(window)


def _make_piece(paragraphs: list[Paragraph], signature: list[Paragraph]) -> Piece:
    if len(paragraphs) > 1 and _is_title(paragraphs[0].text):
        return Piece(paragraphs[0], paragraphs[1:], signature)
    return Piece(None, paragraphs, signature)


def _has_body(piece: Piece) -> bool:
    total = 0
    for paragraph in piece.body:
        total += _body_words(paragraph.text, word_count(paragraph.text))
        if total >= ARTICLE_MIN_WORDS:
            return True
    return False


def _body_words(text: str, size: int) -> int:
    """The words a paragraph adds to an article's body: those of a sentence-ending paragraph of
    at least ``BODY_MIN_WORDS`` words (not a paywall line such as "Your trial has expired.")."""
    return size if size >= BODY_MIN_WORDS and _ends_sentence(text) else 0


def _join_bodiless(pieces: Iterator[Piece]) -> Iterator[Piece]:
    """Join each piece without a body to the piece before; the first joins the next.

    So does an *opening* without a body (a headline and text that no closer
    ends): its body was cut off by a false start, so it joins the next piece,
    or the piece before when it is the last.
    """
    held: Piece | None = None
    opening: Piece | None = None
    for piece in pieces:
        if opening is not None:
            piece, opening = _join(opening, piece), None
        if held is None:
            held = piece
        elif not _has_body(piece) and _is_opening(piece):
            opening = piece
        elif not _has_body(piece) or not _has_body(held):
            held = _join(held, piece)
        else:
            yield held
            held = piece
    if held is not None:
        yield _join(held, opening) if opening else held


def _is_opening(piece: Piece) -> bool:
    return piece.title is not None and not piece.signature


def _join(first: Piece, second: Piece) -> Piece:
    body = first.body + first.signature + ([second.title] if second.title else []) + second.body
    return Piece(first.title, body, second.signature)
