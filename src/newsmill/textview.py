"""Texts made from records when they are read, not held: what a stage hands its workers.

An article's ``text`` is its paragraphs joined (:attr:`newsmill.record.Article.text`),
so a list of every article's text is a second copy of the corpus in the
main process: at 100,000 articles it made the boilerplate and dedupe stages
peak about 1.1 GB above the articles themselves, and the freed strings left
the heap fragmented for the rest of the run. A :class:`TextView` keeps only
the records and makes one text at a time, where it is read: the workers,
which inherit the view at fork (:class:`newsmill.workers.Workers`),
join the texts of their own chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Generic, TypeVar, overload

from .record import Article

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


def article_texts(articles: Sequence[Article]) -> TextView[Article]:
    """Each article's :attr:`~newsmill.record.Article.text`, joined when read."""
    return TextView(articles, attrgetter("text"))
