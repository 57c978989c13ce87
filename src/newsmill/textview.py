"""Texts made from records when they are read, not held: what a stage hands its workers.

An article's ``text`` is its paragraphs joined (:attr:`newsmill.record.Article.text`),
so a list of every article's text is a second copy of the corpus in the
main process: at 100,000 articles it made the boilerplate and dedupe stages
peak about 1.1 GB above the articles themselves, and the freed strings left
the heap fragmented for the rest of the run. A :class:`TextView` keeps only
the records and makes one text at a time, where it is read: the workers,
which inherit the view at fork (:class:`newsmill.workers.Workers`),
join the texts of their own chunk. :class:`ParagraphTexts` does the same for every
paragraph of the articles, which hold their paragraphs packed
(:class:`newsmill.record.PackedParagraphs`): a list of the paragraph texts would be a
decoded copy of the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, islice
from operator import attrgetter
from typing import Generic, NamedTuple, TypeVar, overload

import numpy as np

from .hashing.ragged import ragged_positions
from .record import SEPARATOR, Article, PackedParagraphs

T = TypeVar("T")


class TextView(Sequence[str], Generic[T]):
    """``text_of(items[i])`` at index ``i``; a slice gives a list of them.

    items: the records (kept by reference, not copied).
    text_of: a pure function of one record; a module-level function or an
        ``operator.attrgetter`` where the view must be pickled (the Dask engine).
    """

    def __init__(self, items: Sequence[T], text_of: Callable[[T], str]) -> None:
        if not callable(text_of):
            raise TypeError(f"text_of must be callable, got {text_of!r}")
        self.items = items
        self.text_of = text_of

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self.text_of(item) for item in self.items[index]]
        return self.text_of(self.items[index])


class ArticleTexts(TextView[Article]):
    """Each article's :attr:`~newsmill.record.Article.text`, decoded when read, and its UTF-8
    as the article holds it (:meth:`utf8`) for work that needs the bytes anyway (the sketch)."""

    def __init__(self, articles: Sequence[Article]) -> None:
        super().__init__(articles, attrgetter("text"))

    def utf8(self, start: int, stop: int) -> list[bytes]:
        """The UTF-8 of the texts ``start`` to ``stop``: ``[t.encode() for t in self[start:stop]]``,
        without decoding."""
        return [article.body.text for article in self.items[start:stop]]


def article_texts(articles: Sequence[Article]) -> ArticleTexts:
    """Each article's :attr:`~newsmill.record.Article.text`, joined when read."""
    return ArticleTexts(articles)


class JoinedParagraphs(NamedTuple):
    """Some paragraphs as slices of one buffer (:meth:`ParagraphTexts.joined`): paragraph ``i``'s
    UTF-8 is ``data[starts[i]:ends[i]]`` (the slices do not overlap; the bytes between them are
    anything), ``characters[i]`` its length in characters."""

    data: bytearray
    starts: np.ndarray
    ends: np.ndarray
    characters: np.ndarray


def _transformed_articles(
    texts: list[bytes], bodies: Sequence[PackedParagraphs], transform: Callable[[bytes], bytes]
) -> list[tuple[int, list[bytes]]]:
    """The articles (their numbers among ``bodies``) whose ``texts`` ``transform`` changes, with each
    one's paragraphs transformed one by one; their ``texts`` are replaced by those joined."""
    changed = []
    for number, text in enumerate(texts):
        if transform(text) is not text:
            pieces = list(map(transform, bodies[number].encoded()))
            changed.append((number, pieces))
            texts[number] = b"".join(pieces)
    return changed


def _character_bounds(layouts: bytes, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each paragraph begins and ends in its article's text, in characters, read from the
    articles' layouts end to end (``counts`` paragraphs each; :class:`~newsmill.record.PackedParagraphs`:
    ``ROW_BYTES`` a paragraph, the ends after the probabilities)."""
    words = np.frombuffer(layouts, dtype=np.uint32)
    words_per_row = PackedParagraphs.ROW_BYTES // 4
    before = np.cumsum(counts) - counts
    ends = words[ragged_positions(words_per_row * before + 2 * counts, counts)].astype(np.int64)
    begins = np.empty_like(ends)
    begins[1:] = ends[:-1] + len(SEPARATOR)
    begins[before[counts > 0]] = 0
    return begins, ends


def _byte_offsets(data: bytearray, text_begins: np.ndarray, characters: np.ndarray) -> np.ndarray:
    """Where, in the UTF-8 ``data``, character ``characters[i]`` of the text beginning at byte
    ``text_begins[i]`` begins (the text's end for its length).

    A character's first byte is its number in ``data`` plus the continuation bytes
    (``0b10xxxxxx``) before it, and a continuation byte comes before character ``g`` when
    fewer than ``g + 1`` first bytes come before it: so only the continuation bytes, few in
    most texts, are listed, not the first byte of every character (three times as slow)."""
    if data.isascii():
        return text_begins + characters
    continuing = np.flatnonzero((np.frombuffer(data, dtype=np.uint8) & 0xC0) == 0x80)
    first_bytes_before = continuing - np.arange(len(continuing))  # before each continuation byte
    wanted = text_begins - np.searchsorted(continuing, text_begins) + characters  # numbered in ``data``
    return wanted + np.searchsorted(first_bytes_before, wanted, "right")


class ParagraphTexts(Sequence[str]):
    """The text of every paragraph of ``articles`` in reading order (article by article),
    decoded where read: paragraph ``i`` is paragraph ``i - starts[a]`` of the article ``a``
    whose paragraphs begin at ``starts[a]``. The articles must not change while it is used.

    ``starts`` is a numpy array, not a list: the workers that inherit the view look
    paragraphs up by number, and a binary search through a list of Python ints
    writes the reference count of each int it compares, so that every worker
    copies the pages holding them.
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles
        #: Where each article's paragraphs begin, then the number of paragraphs.
        self.starts = np.fromiter(
            accumulate((len(a.body) for a in articles), initial=0), dtype=np.int64, count=len(articles) + 1
        )

    def __len__(self) -> int:
        return int(self.starts[-1])

    def _article_of(self, index: int) -> int:
        """The number of the article holding paragraph ``index`` (from 0)."""
        return int(np.searchsorted(self.starts, index, "right")) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return list(islice(self._texts_from(start), max(stop - start, 0)))
        if not -len(self) <= index < len(self):
            raise IndexError(f"paragraph {index} of {len(self)}")
        index %= len(self)
        article = self._article_of(index)
        return self.articles[article].body.text_at(index - int(self.starts[article]))

    def __iter__(self) -> Iterator[str]:
        return self._texts_from(0)

    def joined(self, start: int, stop: int, transform: Callable[[bytes], bytes] | None = None) -> JoinedParagraphs:
        """Paragraphs ``start`` to ``stop`` as slices of one buffer: their UTF-8 (``transform``-ed,
        when given), cut out of their articles' packed texts, which are joined whole, with no
        paragraph made on its own.

        Each paragraph's bounds are read from its article's layout
        (:class:`~newsmill.record.PackedParagraphs`: ends in characters, ``SEPARATOR`` between
        two paragraphs) and made byte offsets (:func:`_byte_offsets`) where the texts are not all
        ASCII. (A list of each paragraph's bytes, and of its length, cost as much as the hashing
        that reads them.)

        transform: a function of a text's UTF-8 that acts on each of its paragraphs alone
        (``SEPARATOR`` stays as it is and parts nothing) and returns its argument itself where it
        leaves a text as it is (:func:`~newsmill.hashing.shingles.folded_utf8`): it is applied to
        each article's text at once, and only an article whose text it changes has its
        paragraphs transformed one by one.
        """
        stop = min(stop, len(self))
        if stop <= start:
            return JoinedParagraphs(bytearray(), *(np.zeros(0, dtype=np.int64) for _ in range(3)))
        first, last = self._article_of(start), self._article_of(stop - 1) + 1
        bodies = [self.articles[number].body for number in range(first, last)]
        texts = [body.text for body in bodies]
        changed = [] if transform is None else _transformed_articles(texts, bodies, transform)
        counts = np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
        begins, ends = _character_bounds(b"".join([body.layout for body in bodies]), counts)
        characters = ends - begins
        data = bytearray().join(texts)  # what normal_slices translates, into a writable copy
        offsets = np.concatenate(([0], np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))))
        article_begins = np.repeat(offsets[:-1], counts)
        begins, ends = _byte_offsets(data, np.tile(article_begins, 2), np.concatenate((begins, ends))).reshape(2, -1)
        paragraph_starts = np.cumsum(counts) - counts
        for number, pieces in changed:  # their texts were replaced by their paragraphs transformed, end to end
            sizes = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
            rows = slice(paragraph_starts[number], paragraph_starts[number] + len(pieces))
            ends[rows] = offsets[number] + np.cumsum(sizes)
            begins[rows] = ends[rows] - sizes
        rows = slice(start - int(self.starts[first]), stop - int(self.starts[first]))
        return JoinedParagraphs(data, begins[rows], ends[rows], characters[rows])

    def _texts_from(self, index: int) -> Iterator[str]:
        """The paragraph texts from ``index`` on, each article decoded once (a worker's chunk is a slice).

        The articles are taken by index from the first one needed: ``islice`` would step
        through every article before it, so that each chunk cost its position in the corpus
        (at 1,000,000 articles the paragraph hashes took 51 s instead of 23)."""
        first = self._article_of(index)
        skip = index - int(self.starts[first])
        for number in range(first, len(self.articles)):
            yield from self.articles[number].paragraph_texts[skip:]
            skip = 0

