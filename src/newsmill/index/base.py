"""The operations every index backend provides.

Reads are point or range lookups keyed by what a change brings in (band
keys, paragraph hashes, short-paragraph hashes, article keys), so checking a
change costs in proportion to the change, not to the corpus. Lookups that
may match many rows (a paragraph in every article) are lazy iterators the
caller stops early.

Writes happen inside :meth:`Index.writing`: one lock and one transaction,
so a crash or Ctrl-C mid-update leaves the previous index intact and two
hooks running at once take turns.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager

from datasketch import LeanMinHash

from .schema import IndexedArticle, IndexedFile, Params, ShortStats


class Writer(ABC):
    """The write half of one transaction (see :meth:`Index.writing`)."""

    @abstractmethod
    def remove_file(self, path: str) -> None:
        """Drop a file and everything derived from it (articles, bands, postings, stats)."""

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
    def candidates(self, minhash: LeanMinHash, bands: tuple[bytes, ...]) -> set[str]:
        """Keys of the articles sharing at least one LSH band with ``minhash``."""

    @abstractmethod
    def postings(self, paragraph: int) -> Iterator[tuple[str, str]]:
        """``(article key, family)`` of the articles holding a paragraph hash, lazily, in key order."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Sizes for ``newsmill index stats``: ``files``, ``articles``, ``paragraphs`` (distinct
        hashes), ``recurring`` (paragraph hashes held by two or more articles) and
        ``postings`` (article-paragraph pairs)."""

    @abstractmethod
    def shorts(self, key: int) -> Iterator[ShortStats]:
        """The per-file statistics of a short paragraph hash, lazily."""

    @abstractmethod
    def writing(self) -> AbstractContextManager[Writer]:
        """Lock the index and open a transaction; committed when the block ends without error."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""
