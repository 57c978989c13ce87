"""A SQLite cache of sentence translations, shared by every run and process.

Keyed by (model name and version, source sentence), so re-runs, runs after a
crash and pre-commit runs only send new sentences to the model. Decoding
options (beam size, length limit) are not part of the key: a cached sentence
keeps the translation it was first given; clear the cache to redo it with
other options.

The database runs in WAL mode (readers never block the writer) and every
batch is written in one ``BEGIN IMMEDIATE`` transaction with a generous busy
timeout, so two newsmill processes can fill the same cache at once.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR_ENV = "NEWSMILL_CACHE_DIR"
CACHE_FILE_NAME = "translations.sqlite3"
#: Seconds a writer waits for another process's transaction before failing.
BUSY_TIMEOUT_S = 60.0
#: Sentences per ``IN (...)`` lookup, below SQLite's oldest variable limit (999).
LOOKUP_CHUNK = 900

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (model, source)
) WITHOUT ROWID
"""


def default_cache_dir() -> Path:
    """``$NEWSMILL_CACHE_DIR``, else the platform's user cache folder + ``newsmill``.

    Linux and other Unix: ``$XDG_CACHE_HOME`` or ``~/.cache``; macOS:
    ``~/Library/Caches``; Windows: ``%LOCALAPPDATA%`` (``newsmill\\Cache`` inside).
    """
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "newsmill"
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(local) / "newsmill" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "newsmill"


@dataclass(frozen=True)
class CacheStats:
    """What ``newsmill cache stats`` shows: file, total entries, entries per model, bytes on disk."""

    path: Path
    entries: int
    entries_per_model: dict[str, int]
    size_bytes: int


class TranslationCache:
    """Sentence translations stored in ``cache_dir/translations.sqlite3``.

    ``cache_dir`` defaults to :func:`default_cache_dir`. The connection opens
    on first use; use the object as a context manager or call :meth:`close`.
    """

    def __init__(self, cache_dir: str | Path | None = None) -> None:
        self.path = Path(cache_dir or default_cache_dir()) / CACHE_FILE_NAME
        self._connection: sqlite3.Connection | None = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are begun explicitly, as IMMEDIATE.
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            _enable_wal(connection)
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(_SCHEMA)
            self._connection = connection
        return self._connection

    def lookup(self, model: str, sentences: Iterable[str]) -> dict[str, str]:
        """Cached translations by ``model`` (a model's cache key) of those ``sentences`` that have one."""
        wanted = list(dict.fromkeys(sentences))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT source, translation FROM translations WHERE model = ? AND source IN ({marks})",
                [model, *chunk],
            )
            found.update(rows)
        return found

    def store(self, model: str, translations: Mapping[str, str]) -> None:
        """Save ``source → translation`` pairs of ``model`` in one transaction."""
        if not translations:
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT OR REPLACE INTO translations (model, source, translation) VALUES (?, ?, ?)",
                ((model, source, target) for source, target in translations.items()),
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def stats(self) -> CacheStats:
        """Entries in total and per model, and the bytes the database files take."""
        per_model = dict(self._db.execute("SELECT model, COUNT(*) FROM translations GROUP BY model ORDER BY model"))
        files = [self.path, self.path.with_name(self.path.name + "-wal")]
        size = sum(f.stat().st_size for f in files if f.exists())
        return CacheStats(self.path, sum(per_model.values()), per_model, size)

    def clear(self, model: str | None = None) -> int:
        """Delete every entry, or only ``model``'s; returns how many were deleted."""
        db = self._db
        if model is None:
            deleted = db.execute("DELETE FROM translations").rowcount
        else:
            deleted = db.execute("DELETE FROM translations WHERE model = ?", (model,)).rowcount
        db.execute("VACUUM")
        return deleted


def _enable_wal(connection: sqlite3.Connection) -> None:
    """Switch the database to WAL mode, retrying while another process holds it.

    Switching the journal mode of a new database fails at once with
    "database is locked" when another process is doing the same: SQLite does
    not apply the busy timeout there (found by the two-writer test).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
