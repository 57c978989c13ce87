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
from typing import Generic, TypeVar, overload

import numpy as np

from .record import Article, PackedParagraphs

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

    def utf8(self, start: int, stop: int) -> list[bytes]:
        """The UTF-8 of paragraphs ``start`` to ``stop``: ``[t.encode() for t in self[start:stop]]``,
        cut out of the articles' packed text (:meth:`~newsmill.record.PackedParagraphs.encoded`)
        without decoding it."""
        return self._per_paragraph(start, stop, PackedParagraphs.encoded)

    def lengths(self, start: int, stop: int) -> list[int]:
        """The lengths in characters of paragraphs ``start`` to ``stop``, read from the articles'
        layouts (:meth:`~newsmill.record.PackedParagraphs.lengths`): nothing decoded."""
        return self._per_paragraph(start, stop, PackedParagraphs.lengths)

    def _per_paragraph(self, start: int, stop: int, of: Callable[[PackedParagraphs], list[T]]) -> list[T]:
        """``of(body)`` of each article holding paragraphs ``start`` to ``stop``, cut to those paragraphs."""
        wanted = max(min(stop, len(self)) - start, 0)
        found: list[T] = []
        if not wanted:
            return found
        first = self._article_of(start)
        skip = start - int(self.starts[first])
        for number in range(first, len(self.articles)):  # by index, as in _texts_from
            found += of(self.articles[number].body)[skip : skip + wanted - len(found)]
            skip = 0
            if len(found) == wanted:
                break
        return found

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

