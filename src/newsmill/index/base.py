"""The operations every index backend provides.

Reads are point or range lookups keyed by what a change brings in (band
keys, paragraph hashes, short-paragraph hashes, near-search keys, article keys), so checking a
change costs in proportion to the change, not to the corpus. Lookups that
may match many rows (a paragraph in every article) are lazy iterators the
caller stops early.

Writes happen inside :meth:`Index.writing`: one lock and one transaction,
so a crash or Ctrl-C mid-update leaves the previous index intact and two
hooks running at once take turns. An index is a context manager that
closes its connections at the end of the block.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager

from .schema import IndexedArticle, IndexedFile, Params, ShortStats


class Writer(ABC):
    """The write half of one transaction (see :meth:`Index.writing`)."""

    @abstractmethod
    def remove_file(self, path: str) -> None:
        """Drop a file and everything derived from it (articles, bands, postings, stats, and the
        near-searchable paragraphs no remaining article holds)."""

    @abstractmethod
    def add_file(self, entry: IndexedFile) -> None:
        """Add a file that is not in the index."""

    @abstractmethod
    def set_meta(self, meta: dict[str, str]) -> None:
        """Record the format version and parameters."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every entry and the metadata."""


class Index(ABC):
    """A persistent index of a corpus's committed tree.

    ``location`` is how the index is shown to users (never with credentials);
    ``params`` are the settings its signatures and bands are made with.
    """

    location: str
    params: Params

    @abstractmethod
    def meta(self) -> dict[str, str]:
        """The recorded metadata; empty for an index never written."""

    @abstractmethod
    def files(self) -> dict[str, str]:
        """Every indexed file: path -> git blob id of the content indexed."""

    @abstractmethod
    def articles(self, keys: Iterable[str]) -> list[IndexedArticle]:
        """The articles with these keys (missing keys are skipped), in key order."""

    @abstractmethod
    def file_articles(self, path: str) -> list[IndexedArticle]:
        """The articles of one indexed file, in file order."""

    @abstractmethod
    def candidates(self, bands: Sequence[int]) -> set[str]:
        """Keys of the articles sharing at least one LSH band key with ``bands``."""

    @abstractmethod
    def postings(self, paragraph: int) -> Iterator[tuple[str, str]]:
        """``(article key, family)`` of the articles holding a paragraph hash, lazily, in key order."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Sizes for ``newsmill index stats``: ``files``, ``articles``, ``paragraphs`` (distinct
        hashes), ``recurring`` (paragraph hashes held by two or more articles),
        ``postings`` (article-paragraph pairs) and ``near`` (near-searchable paragraphs)."""

    @abstractmethod
    def shorts(self, key: int) -> Iterator[ShortStats]:
        """The per-file statistics of a short paragraph hash, lazily."""

    @abstractmethod
    def near_candidates(self, keys: Sequence[int], limit: int) -> set[int]:
        """Hashes of near-searchable paragraphs sharing a meeting key with ``keys``: all of them,
        or the first ``limit`` found (keys in the order given; a template printed with
        thousands of fields shares a key with thousands of paragraphs)."""

    @abstractmethod
    def near_texts(self, paragraphs: Iterable[int]) -> dict[int, str]:
        """The texts of these near-searchable paragraphs (missing ones are skipped)."""

    @abstractmethod
    def writing(self) -> AbstractContextManager[Writer]:
        """Lock the index and open a transaction; committed when the block ends without error."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
