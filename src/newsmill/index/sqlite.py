"""The embedded index: one SQLite file (default ``.newsmill/index.sqlite``).

Tables (all lookups go through a primary key or index):

``meta(name, value)``
    format version and parameters.
``files(path, blob)``
    indexed files and the git blob id of the content indexed.
``articles(key, ...)``
    one row per article (:meth:`IndexedArticle.fields`), indexed by path.
``bands(key, article)``
    LSH band keys (``uint64``, seeded by band, so one column holds every
    band): candidates are the rows sharing a key.
``postings(paragraph, article, family)``
    which articles hold a paragraph hash; a paragraph's document count is
    its number of rows.
``shorts(key, path, stats)``
    :class:`ShortStats` per short paragraph and file.
``near(paragraph, text, keys)`` and ``near_keys(key, paragraph)``
    :class:`NearParagraph` per distinct near-searchable paragraph, and its
    meeting keys for lookups.

The database runs in WAL mode: readers never block, and a writer takes the
lock with ``BEGIN IMMEDIATE`` (others wait up to ``BUSY_TIMEOUT_S``), so
each update is one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from .base import Index, Writer
from .schema import (
    ARTICLE_FIELDS,
    IndexedArticle,
    IndexedFile,
    Params,
    ShortStats,
    decode_hashes,
    to_signed,
    to_unsigned,
)

BUSY_TIMEOUT_S = 120.0

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE files (path TEXT PRIMARY KEY, blob TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE articles (
    key TEXT PRIMARY KEY, id TEXT NOT NULL, path TEXT NOT NULL,
    line_start INTEGER NOT NULL, line_end INTEGER NOT NULL,
    body_start INTEGER NOT NULL, body_end INTEGER NOT NULL, title TEXT NOT NULL,
    content_hash INTEGER NOT NULL, family TEXT NOT NULL,
    bands BLOB NOT NULL, paragraphs BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX articles_by_path ON articles (path, line_start);
CREATE TABLE bands (
    key INTEGER NOT NULL, article TEXT NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE TABLE postings (
    paragraph INTEGER NOT NULL, article TEXT NOT NULL, family TEXT NOT NULL,
    PRIMARY KEY (paragraph, article)
) WITHOUT ROWID;
CREATE TABLE shorts (
    key INTEGER NOT NULL, path TEXT NOT NULL, stats TEXT NOT NULL, PRIMARY KEY (key, path)
) WITHOUT ROWID;
CREATE INDEX shorts_by_path ON shorts (path);
CREATE TABLE near (paragraph INTEGER PRIMARY KEY, text TEXT NOT NULL, keys BLOB NOT NULL);
CREATE TABLE near_keys (
    key INTEGER NOT NULL, paragraph INTEGER NOT NULL, PRIMARY KEY (key, paragraph)
) WITHOUT ROWID;
"""

_COLUMNS = ", ".join(ARTICLE_FIELDS)


class SqliteIndex(Index):
    """The index in the SQLite file ``path`` (created with its directory when missing)."""

    def __init__(self, path: Path, params: Params) -> None:
        self.path = path
        self.location = str(path)
        self.params = params
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._db.execute("PRAGMA journal_mode = WAL")
            self._tables()
        except (OSError, sqlite3.DatabaseError) as error:
            raise InputError(self.location, f"cannot open the index: {error}") from None

    def _tables(self) -> set[str]:
        """The tables there now (another process may have just created them)."""
        return {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def meta(self) -> dict[str, str]:
        tables = self._tables()
        if not tables:
            return {}
        if "meta" not in tables:
            return {"format": "unknown"}
        return dict(self._db.execute("SELECT name, value FROM meta"))

    def files(self) -> dict[str, str]:
        if not self._tables():
            return {}
        return dict(self._db.execute("SELECT path, blob FROM files"))

    def articles(self, keys: Iterable[str]) -> list[IndexedArticle]:
        found = []
        for key in sorted(set(keys)):
            row = self._db.execute(f"SELECT {_COLUMNS} FROM articles WHERE key = ?", (key,)).fetchone()
            if row is not None:
                found.append(_article(row))
        return found

    def file_articles(self, path: str) -> list[IndexedArticle]:
        return _file_articles(self._db, path)

    def candidates(self, bands: Sequence[int]) -> set[str]:
        found: set[str] = set()
        for key in bands:
            rows = self._db.execute("SELECT article FROM bands WHERE key = ?", (to_signed(key),))
            found.update(row[0] for row in rows)
        return found

    def near_candidates(self, keys: Sequence[int], limit: int) -> set[int]:
        found: set[int] = set()
        for key in keys:
            if len(found) >= limit:
                break
            rows = self._db.execute(
                "SELECT paragraph FROM near_keys WHERE key = ? LIMIT ?", (to_signed(key), limit - len(found))
            )
            found.update(to_unsigned(row[0]) for row in rows)
        return found

    def near_texts(self, paragraphs: Iterable[int]) -> dict[int, str]:
        found = {}
        for paragraph in set(paragraphs):
            row = self._db.execute("SELECT text FROM near WHERE paragraph = ?", (to_signed(paragraph),)).fetchone()
            if row is not None:
                found[paragraph] = row[0]
        return found

    def postings(self, paragraph: int) -> Iterator[tuple[str, str]]:
        cursor = self._db.execute(
            "SELECT article, family FROM postings WHERE paragraph = ? ORDER BY article", (to_signed(paragraph),)
        )
        yield from cursor

    def counts(self) -> dict[str, int]:
        if not self._tables():
            return dict.fromkeys(("files", "articles", "paragraphs", "recurring", "postings", "near"), 0)
        (files,) = self._db.execute("SELECT count(*) FROM files").fetchone()
        (articles,) = self._db.execute("SELECT count(*) FROM articles").fetchone()
        paragraphs, recurring, postings = self._db.execute(
            "SELECT count(*), coalesce(sum(n >= 2), 0), coalesce(sum(n), 0) FROM "
            "(SELECT count(*) AS n FROM postings GROUP BY paragraph)"
        ).fetchone()
        (near,) = self._db.execute("SELECT count(*) FROM near").fetchone()
        return {
            "files": files,
            "articles": articles,
            "paragraphs": paragraphs,
            "recurring": recurring,
            "postings": postings,
            "near": near,
        }

    def shorts(self, key: int) -> Iterator[ShortStats]:
        cursor = self._db.execute("SELECT path, stats FROM shorts WHERE key = ?", (to_signed(key),))
        for path, stats in cursor:
            yield ShortStats.decode(path, key, stats)

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            writer = _SqliteWriter(self._db)
            if not self._tables():
                writer.create()
            yield writer
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()


def _article(row: tuple) -> IndexedArticle:
    return IndexedArticle.from_fields(dict(zip(ARTICLE_FIELDS, row, strict=False)))


def _file_articles(db: sqlite3.Connection, path: str) -> list[IndexedArticle]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM articles WHERE path = ? ORDER BY line_start", (path,))
    return [_article(row) for row in rows]


class _SqliteWriter(Writer):
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def create(self) -> None:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self._db.execute(statement)

    def remove_file(self, path: str) -> None:
        held: set[int] = set()
        for article in _file_articles(self._db, path):
            self._db.executemany(
                "DELETE FROM bands WHERE key = ? AND article = ?", _band_rows(article.bands, article.key)
            )
            self._db.executemany(
                "DELETE FROM postings WHERE paragraph = ? AND article = ?",
                [(to_signed(p), article.key) for p in article.paragraphs],
            )
            held.update(article.paragraphs)
        for paragraph in held:
            self._forget_near(to_signed(paragraph))
        self._db.execute("DELETE FROM articles WHERE path = ?", (path,))
        self._db.execute("DELETE FROM shorts WHERE path = ?", (path,))
        self._db.execute("DELETE FROM files WHERE path = ?", (path,))

    def add_file(self, entry: IndexedFile) -> None:
        self._db.execute("INSERT INTO files (path, blob) VALUES (?, ?)", (entry.path, entry.blob))
        marks = ", ".join("?" * len(ARTICLE_FIELDS))
        for article in entry.articles:
            self._db.execute(f"INSERT INTO articles ({_COLUMNS}) VALUES ({marks})", tuple(article.fields().values()))
            self._db.executemany(
                "INSERT OR IGNORE INTO bands (key, article) VALUES (?, ?)", _band_rows(article.bands, article.key)
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO postings (paragraph, article, family) VALUES (?, ?, ?)",
                [(to_signed(p), article.key, article.family) for p in article.paragraphs],
            )
        self._db.executemany(
            "INSERT INTO shorts (key, path, stats) VALUES (?, ?, ?)",
            [(to_signed(s.key), s.path, s.encode()) for s in entry.shorts],
        )
        # Another file may hold the same paragraph already: both inserts keep one row.
        self._db.executemany(
            "INSERT OR IGNORE INTO near (paragraph, text, keys) VALUES (?, ?, ?)",
            [(to_signed(n.paragraph), n.text, n.encode_keys()) for n in entry.near],
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO near_keys (key, paragraph) VALUES (?, ?)",
            sorted((to_signed(key), to_signed(n.paragraph)) for n in entry.near for key in n.keys),
        )  # in key order: appends to the B-tree's pages instead of scattering writes

    def _forget_near(self, paragraph: int) -> None:
        """Drop a near-searchable paragraph (signed hash) once no article holds it."""
        if self._db.execute("SELECT 1 FROM postings WHERE paragraph = ? LIMIT 1", (paragraph,)).fetchone():
            return
        row = self._db.execute("SELECT keys FROM near WHERE paragraph = ?", (paragraph,)).fetchone()
        if row is not None:
            self._db.executemany(
                "DELETE FROM near_keys WHERE key = ? AND paragraph = ?",
                [(to_signed(key), paragraph) for key in decode_hashes(row[0])],
            )
            self._db.execute("DELETE FROM near WHERE paragraph = ?", (paragraph,))

    def set_meta(self, meta: dict[str, str]) -> None:
        self._db.execute("DELETE FROM meta")
        self._db.executemany("INSERT INTO meta (name, value) VALUES (?, ?)", meta.items())

    def clear(self) -> None:
        tables = [row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            self._db.execute(f'DROP TABLE "{table}"')
        self.create()


def _band_rows(bands: Iterable[int], key: str) -> list[tuple[int, str]]:
    return [(to_signed(band), key) for band in bands]
