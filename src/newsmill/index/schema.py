"""What the persistent index holds, independent of where it is kept.

The index describes the committed tree of a corpus repository, one entry
per ``.txt``/``.jsonl`` file:

:class:`IndexedFile`
    The file's path (relative to the corpus root), the git blob id of the
    content indexed (so a changed file is found without reading it), its
    articles, its short-paragraph statistics and its near-searchable paragraphs.
:class:`IndexedArticle`
    Provenance (id, path, line range, body line range), the normalised
    content hash, the LSH band keys of its MinHash signature (the indexed
    query that finds near-duplicate candidates; the same ``uint64`` keys
    :mod:`newsmill.dedupe` makes, from :func:`newsmill.dedupe.sketch.sketch`), the hashes of its
    paragraphs (their postings give each paragraph's document count, for
    boilerplate) and its *family*: the key of the first indexed article it
    duplicates, so that a duplicated article counts once for boilerplate.
:class:`ShortStats`
    What :class:`newsmill.ingest.split.SignatureStats` learnt about one short
    paragraph in one file, so that a changed file is split exactly as if the
    whole corpus had been scanned (signature lines included).
:class:`NearParagraph`
    A paragraph short enough to take part in the near-identical paragraph
    search (:mod:`newsmill.boilerplate.near`): its text and the keys under which
    :func:`newsmill.boilerplate.near.near_groups` could pair it with a variant
    (:func:`newsmill.boilerplate.near.meeting_keys`), stored once per distinct paragraph
    while an indexed article holds it. A check looks up the keys of the
    staged paragraphs and runs the near search on them and the committed
    texts found, without reading committed files.

Every backend stores the same values, in the same encodings, through
:meth:`IndexedArticle.fields`, :meth:`ShortStats.encode` and
:meth:`NearParagraph.encode_keys`. ``FORMAT_VERSION`` changes whenever any of this changes; an index written
in another format is refused with a rebuild command
(:class:`IndexFormatError`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

import numpy as np

from ..dedupe.sketch import SketchSpec
from ..errors import InputError
from ..settings import DedupeSettings

#: Version of everything this module defines; bump it with any change.
#: 2: ``uint64`` band keys shared with dedupe, no stored signature, near-searchable paragraphs.
#: 3: short-paragraph statistics mark the longer closers (promo blocks) the splitter counts.
FORMAT_VERSION = 3

_SIGN = 1 << 63


def to_signed(value: int) -> int:
    """A 64-bit unsigned hash as the signed integer SQLite stores."""
    return value - (1 << 64) if value >= _SIGN else value


def to_unsigned(value: int) -> int:
    """Inverse of :func:`to_signed`."""
    return value + (1 << 64) if value < 0 else value


def encode_hashes(values: Sequence[int]) -> bytes:
    """64-bit hashes as little-endian ``uint64`` bytes (how lists of hashes are stored)."""
    return np.asarray(values, dtype="<u8").tobytes()


def decode_hashes(data: bytes) -> tuple[int, ...]:
    """Inverse of :func:`encode_hashes`."""
    return tuple(np.frombuffer(bytes(data), dtype="<u8").tolist())


@dataclass(frozen=True)
class Params:
    """The settings an index is built with; an index is only valid for equal ones.

    ``ngram`` and ``num_perm`` fix the signatures, ``threshold`` the LSH
    banding (:meth:`SketchSpec.of`: tuned ``CANDIDATE_MARGIN`` below it, as
    :mod:`newsmill.dedupe` does).
    """

    ngram: int
    num_perm: int
    threshold: float

    @classmethod
    def of(cls, settings: DedupeSettings) -> Params:
        return cls(settings.ngram, settings.num_perm, settings.threshold)

    @cached_property
    def spec(self) -> SketchSpec:
        """How articles are sketched: the spec ``newsmill run`` uses for these settings."""
        return SketchSpec.of(self.ngram, self.num_perm, self.threshold)

    def meta(self) -> dict[str, str]:
        """The index metadata these parameters and the format version are recorded as."""
        return {
            "format": str(FORMAT_VERSION),
            "ngram": str(self.ngram),
            "num_perm": str(self.num_perm),
            "threshold": repr(self.threshold),
        }


class IndexFormatError(InputError):
    """The index was written in another format: it must be rebuilt, never read."""

    def __init__(self, location: str, found: str, rebuild: str) -> None:
        super().__init__(
            location,
            f"index format {found} cannot be read by this newsmill (format {FORMAT_VERSION}); "
            f"rebuild it with: {rebuild}",
        )


@dataclass(frozen=True)
class IndexedArticle:
    """One article of the committed tree as the index keeps it.

    ``key`` is ``path#k`` (unique in the index, unlike JSONL ids); ``id`` is
    the article id newsmill shows. ``body_start``/``body_end`` are the lines
    of the text paragraphs (title and signature lines excluded), so the text
    can be read back from the blob for exact verification. ``bands`` is
    empty for an article without words.
    """

    key: str
    id: str
    path: str
    line_start: int
    line_end: int
    body_start: int
    body_end: int
    title: str
    content_hash: int
    family: str
    bands: tuple[int, ...]
    paragraphs: tuple[int, ...]

    @property
    def where(self) -> str:
        """``path:first-last``, as findings show it."""
        return f"{self.path}:{self.line_start}-{self.line_end}"

    def fields(self) -> dict[str, str | int | bytes]:
        """The stored form: flat string, integer and byte fields (hashes signed)."""
        return {
            "key": self.key,
            "id": self.id,
            "path": self.path,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "body_start": self.body_start,
            "body_end": self.body_end,
            "title": self.title,
            "content_hash": to_signed(self.content_hash),
            "family": self.family,
            "bands": encode_hashes(self.bands),
            "paragraphs": encode_hashes(self.paragraphs),
        }

    @classmethod
    def from_fields(cls, stored: Mapping[str, Any]) -> IndexedArticle:
        """Inverse of :meth:`fields`; values may come back as bytes (Redis) or typed (SQLite)."""

        def text(name: str) -> str:
            value = stored[name]
            return value.decode("utf-8") if isinstance(value, bytes) else str(value)

        return cls(
            key=text("key"),
            id=text("id"),
            path=text("path"),
            line_start=int(stored["line_start"]),
            line_end=int(stored["line_end"]),
            body_start=int(stored["body_start"]),
            body_end=int(stored["body_end"]),
            title=text("title"),
            content_hash=to_unsigned(int(stored["content_hash"])),
            family=text("family"),
            bands=decode_hashes(stored["bands"]),
            paragraphs=decode_hashes(stored["paragraphs"]),
        )


ARTICLE_FIELDS = tuple(f.name for f in fields(IndexedArticle))


@dataclass(frozen=True)
class ShortStats:
    """One short paragraph (hash ``key``) in one file, as a single-file ``SignatureStats`` saw it.

    ``count`` occurrences, ``capitalised`` whether one starts upper-case,
    ``before``/``after`` up to two distinct neighbouring paragraph hashes
    (``after`` holds ``END`` after a file's last paragraph), ``long`` whether
    it is a longer closer (a promo block the file repeats, ``SignatureStats.long``). Merging the
    rows of several files gives what one scan of all of them would: counts
    add up, and "two distinct neighbours" survives the union.
    """

    path: str
    key: int
    count: int
    capitalised: bool
    before: tuple[int, ...]
    after: tuple[int, ...]
    long: bool = False

    def encode(self) -> str:
        """The stored value (the path and key are stored beside it)."""
        return json.dumps([self.count, int(self.capitalised), list(self.before), list(self.after), int(self.long)])

    @classmethod
    def decode(cls, path: str, key: int, value: str | bytes) -> ShortStats:
        count, capitalised, before, after, long = json.loads(value)
        return cls(path, key, count, bool(capitalised), tuple(before), tuple(after), bool(long))


@dataclass(frozen=True)
class NearParagraph:
    """A near-searchable paragraph: its hash (:func:`newsmill.text.text_hash`), text and meeting keys."""

    paragraph: int
    text: str
    keys: tuple[int, ...]

    def encode_keys(self) -> bytes:
        return encode_hashes(self.keys)


@dataclass(frozen=True)
class IndexedFile:
    """One corpus file of the committed tree: its blob id, articles, short-paragraph stats
    and the near-searchable paragraphs of its articles (each once)."""

    path: str
    blob: str
    articles: tuple[IndexedArticle, ...]
    shorts: tuple[ShortStats, ...]
    near: tuple[NearParagraph, ...] = ()


__all__ = [
    "ARTICLE_FIELDS",
    "FORMAT_VERSION",
    "IndexFormatError",
    "IndexedArticle",
    "IndexedFile",
    "NearParagraph",
    "Params",
    "ShortStats",
    "decode_hashes",
    "encode_hashes",
]
