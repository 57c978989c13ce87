"""The persistent, incremental index the pre-commit hooks check against.

It describes the committed tree of a corpus repository (per article:
provenance, content hash, LSH band keys, paragraph hashes; per file,
short-paragraph statistics; per near-searchable paragraph, its text and
meeting keys; see :mod:`.schema`) so that a commit is checked by reading only the
files it changes and querying the index. Entry point: :func:`open_index`
(an index is a context manager). Boilerplate counts from it: :mod:`.counts`.
Keeping it current: :func:`~.sync.update`; checking it: :func:`~.verify.verify`.

Backends: an embedded SQLite file (:mod:`.sqlite`, the default,
``.newsmill/index.sqlite`` at the corpus root) or a shared Redis database
(:mod:`.redis`, ``redis://host:port/db``), holding the same data.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from .base import Index
from .schema import FORMAT_VERSION, IndexFormatError, Params
from .sync import UpdateSummary, check_format, update
from .verify import verify

#: Where the index lives when ``index`` is not configured, relative to the corpus root.
DEFAULT_LOCATION = ".newsmill/index.sqlite"
REDIS_SCHEMES = ("redis://", "rediss://")


def open_index(location: str | None, root: Path, config: Config) -> Index:
    """Open (creating when missing) the index at ``location`` for the corpus at ``root``.

    ``location``: ``redis://[user:password@]host:port/db`` (or ``rediss://``)
    for a shared Redis index; otherwise a SQLite file path, relative to
    ``root`` unless absolute; ``None`` means :data:`DEFAULT_LOCATION`.
    ``config`` gives the parameters signatures and bands are made with.
    """
    params = Params.of(config.dedupe)
    location = location or DEFAULT_LOCATION
    if location.startswith(REDIS_SCHEMES):
        from .redis import RedisIndex

        return RedisIndex(location, params)
    from .sqlite import SqliteIndex

    return SqliteIndex(root / location, params)


__all__ = [
    "DEFAULT_LOCATION",
    "FORMAT_VERSION",
    "Index",
    "IndexFormatError",
    "UpdateSummary",
    "check_format",
    "open_index",
    "update",
    "verify",
]
