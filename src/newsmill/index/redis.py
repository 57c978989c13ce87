"""The shared index: the same data in a Redis database (``redis://host:port/db``).

For teams and CI: everyone checks against one index. An update writes
every key itself, in one ``MULTI``/``EXEC`` transaction, under a Redis lock
(``newsmill:lock``, which expires if its holder dies).

Keys: ``newsmill:meta`` and ``newsmill:files`` (hashes),
``newsmill:filedata`` (path -> the file's article keys and short-paragraph
hashes), ``newsmill:article:KEY`` (hash of :meth:`IndexedArticle.fields`),
``newsmill:band:BANDKEY`` (set of the article keys with that LSH band key),
``newsmill:para:HASH`` (sorted set of ``KEY<tab>FAMILY``, all scores 0, so
read in key order as SQLite reads them: the paragraph's postings; its size
is the document count), ``newsmill:short:HASH`` (hash path ->
:meth:`ShortStats.encode`), ``newsmill:near:HASH`` (hash: ``text`` and
``keys``, the meeting keys as decimal numbers, so that the script that
forgets a paragraph no article holds any more can name their sets),
``newsmill:nearkey:KEY`` (set of the near-searchable paragraph hashes with that meeting key)
and ``newsmill:articles`` (a counter).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast
from urllib.parse import urlsplit

import redis
from redis.typing import EncodableT, FieldT

from ..errors import InputError
from .base import Index, Writer
from .schema import IndexedArticle, IndexedFile, Params, ShortStats

PREFIX = "newsmill:"
LOCK_KEY = PREFIX + "lock"
#: Seconds a lock outlives its holder's last sign of life (a killed update frees it then).
LOCK_TTL_S = 120
LOCK_WAIT_S = 600
#: Postings read per round trip.
PAGE = 100

# Run inside the update's transaction, after its postings are removed: drop a
# near-searchable paragraph and its meeting keys once no article holds it.
_FORGET_UNHELD_NEAR = """
if redis.call('ZCARD', KEYS[1]) == 0 then
  local keys = redis.call('HGET', KEYS[2], 'keys')
  if keys then
    for key in string.gmatch(keys, '%S+') do
      redis.call('SREM', ARGV[1] .. key, ARGV[2])
    end
  end
  redis.call('DEL', KEYS[2])
end
"""


def public_location(url: str) -> str:
    """``url`` without user name or password, safe to print."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


class RedisIndex(Index):
    """The index in the Redis database at ``url``."""

    def __init__(self, url: str, params: Params) -> None:
        self.location = public_location(url)
        self.params = params
        try:
            self._client = redis.Redis.from_url(url)
            self._client.ping()
        except (redis.RedisError, ValueError) as error:
            raise InputError(self.location, f"cannot reach the Redis index: {type(error).__name__}") from None

    def meta(self) -> dict[str, str]:
        return {_text(k): _text(v) for k, v in self._client.hgetall(PREFIX + "meta").items()}

    def files(self) -> dict[str, str]:
        return {_text(k): _text(v) for k, v in self._client.hgetall(PREFIX + "files").items()}

    def articles(self, keys: Iterable[str]) -> list[IndexedArticle]:
        return _read_articles(self._client, sorted(set(keys)))

    def file_articles(self, path: str) -> list[IndexedArticle]:
        found = _read_articles(self._client, _file_data(self._client, path)["articles"])
        return sorted(found, key=lambda a: a.line_start)

    def candidates(self, bands: Sequence[int]) -> set[str]:
        names = [f"{PREFIX}band:{band}" for band in bands]
        return {_text(key) for key in self._client.sunion(names)} if names else set()

    def near_candidates(self, keys: Sequence[int], limit: int) -> set[int]:
        found: set[int] = set()
        for key in keys:
            for member in self._client.sscan_iter(f"{PREFIX}nearkey:{key}", count=limit):
                if len(found) >= limit:
                    return found
                found.add(int(member))
        return found

    def near_texts(self, paragraphs: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(paragraphs))
        pipe = self._client.pipeline(transaction=False)
        for paragraph in wanted:
            pipe.hget(f"{PREFIX}near:{paragraph}", "text")
        return {p: _text(text) for p, text in zip(wanted, pipe.execute(), strict=False) if text is not None}

    def postings(self, paragraph: int) -> Iterator[tuple[str, str]]:
        start = 0
        while True:
            # Asked without scores, a sorted set's range is its members alone.
            page = cast(list[bytes], self._client.zrange(f"{PREFIX}para:{paragraph}", start, start + PAGE - 1))
            for member in page:
                key, family = _text(member).split("\t")
                yield key, family
            if len(page) < PAGE:
                return
            start += PAGE

    def counts(self) -> dict[str, int]:
        sizes = [self._client.zcard(k) for k in self._client.scan_iter(PREFIX + "para:*", count=1000)]
        return {
            "files": self._client.hlen(PREFIX + "files"),
            "articles": int(self._client.get(PREFIX + "articles") or 0),
            "paragraphs": len(sizes),
            "recurring": sum(size >= 2 for size in sizes),
            "postings": sum(sizes),
            "near": sum(1 for _ in self._client.scan_iter(PREFIX + "near:*", count=1000)),
        }

    def shorts(self, key: int) -> Iterator[ShortStats]:
        for path, stats in self._client.hscan_iter(f"{PREFIX}short:{key}", count=100):
            yield ShortStats.decode(_text(path), key, stats)

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        lock = self._client.lock(LOCK_KEY, timeout=LOCK_TTL_S, blocking_timeout=LOCK_WAIT_S)
        if not lock.acquire():
            raise InputError(self.location, f"the index stayed locked for {LOCK_WAIT_S} s")
        try:
            pipe = self._client.pipeline(transaction=True)
            yield _RedisWriter(self._client, pipe, lock)
            lock.reacquire()
            pipe.execute()
        finally:
            lock.release()

    def close(self) -> None:
        self._client.close()


def _hash(fields: Mapping[str, EncodableT]) -> dict[FieldT, EncodableT]:
    """``fields`` as the mapping of a Redis hash (redis-py types its field names wider than ``str``)."""
    return {name: value for name, value in fields.items()}


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _file_data(client: redis.Redis, path: str) -> dict[str, list]:
    stored = client.hget(PREFIX + "filedata", path)
    return json.loads(stored) if stored else {"articles": [], "shorts": []}


def _read_articles(client: redis.Redis, keys: list[str]) -> list[IndexedArticle]:
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.hgetall(f"{PREFIX}article:{key}")
    found = []
    for stored in pipe.execute():
        if stored:
            fields = {_text(name): value for name, value in stored.items()}
            found.append(IndexedArticle.from_fields(fields))
    return found


class _RedisWriter(Writer):
    """Queues every write of one update on a ``MULTI`` pipeline, executed at the end."""

    def __init__(self, client: redis.Redis, pipe: redis.client.Pipeline, lock: Any) -> None:
        self._client = client
        self._pipe = pipe
        self._lock = lock
        self._forget_near = client.register_script(_FORGET_UNHELD_NEAR)

    def remove_file(self, path: str) -> None:
        self._lock.reacquire()
        data = _file_data(self._client, path)
        pipe = self._pipe
        held: set[int] = set()
        for article in _read_articles(self._client, data["articles"]):
            for band in article.bands:
                pipe.srem(f"{PREFIX}band:{band}", article.key)
            for paragraph in article.paragraphs:
                pipe.zrem(f"{PREFIX}para:{paragraph}", f"{article.key}\t{article.family}")
            held.update(article.paragraphs)
            pipe.delete(f"{PREFIX}article:{article.key}")
        for paragraph in sorted(held):
            self._forget_near(
                keys=[f"{PREFIX}para:{paragraph}", f"{PREFIX}near:{paragraph}"],
                args=[f"{PREFIX}nearkey:", paragraph],
                client=pipe,
            )
        for key in data["shorts"]:
            pipe.hdel(f"{PREFIX}short:{key}", path)
        pipe.decrby(PREFIX + "articles", len(data["articles"]))
        pipe.hdel(PREFIX + "files", path)
        pipe.hdel(PREFIX + "filedata", path)

    def add_file(self, entry: IndexedFile) -> None:
        self._lock.reacquire()
        pipe = self._pipe
        for article in entry.articles:
            pipe.hset(f"{PREFIX}article:{article.key}", mapping=_hash(article.fields()))
            for band in article.bands:
                pipe.sadd(f"{PREFIX}band:{band}", article.key)
            for paragraph in article.paragraphs:
                pipe.zadd(f"{PREFIX}para:{paragraph}", {f"{article.key}\t{article.family}": 0})
        for short in entry.shorts:
            pipe.hset(f"{PREFIX}short:{short.key}", short.path, short.encode())
        for near in entry.near:
            keys = " ".join(map(str, near.keys))
            pipe.hset(f"{PREFIX}near:{near.paragraph}", mapping=_hash({"text": near.text, "keys": keys}))
            for key in near.keys:
                pipe.sadd(f"{PREFIX}nearkey:{key}", near.paragraph)
        data = {"articles": [a.key for a in entry.articles], "shorts": [s.key for s in entry.shorts]}
        pipe.hset(PREFIX + "filedata", entry.path, json.dumps(data))
        pipe.hset(PREFIX + "files", entry.path, entry.blob)
        pipe.incrby(PREFIX + "articles", len(entry.articles))

    def set_meta(self, meta: dict[str, str]) -> None:
        self._pipe.delete(PREFIX + "meta")
        self._pipe.hset(PREFIX + "meta", mapping=_hash(meta))

    def clear(self) -> None:
        keys = [k for k in self._client.scan_iter(PREFIX + "*", count=1000) if _text(k) != LOCK_KEY]
        for start in range(0, len(keys), 1000):
            self._pipe.delete(*keys[start : start + 1000])


__all__ = ["RedisIndex", "public_location"]
