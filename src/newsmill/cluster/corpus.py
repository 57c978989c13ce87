"""The corpus as partitions held by the workers; the driver keeps futures and offsets only.

Each partition is a list of :class:`~newsmill.record.Article` in one
worker's memory. A stage that changes articles is a task that takes a
partition and returns it changed (:meth:`Corpus.update`), so the futures
always name the current state and a lost worker's partitions are recomputed
from their inputs by the scheduler. Article ``i`` of the corpus (the local
engine's reading order) is article ``i - starts[p]`` of partition ``p``.

The partitions are read by the workers in turn (:func:`~newsmill.dedupe.dask_engine.spread`), and a
partition stays on the worker that read it: every task given a partition
is asked to run on that worker (``places``, asked of the scheduler once, when the
partitions are made, and the one record of where they are; Dask still runs it elsewhere when
that worker is gone, or steals it for an idle one). The scheduler alone runs a task where the larger part of its
inputs already is, by the sizes the workers report: a task that also took the
merged word counts of the story pass or the clusters moved the partition to
them, a copy on the other worker for a while and seconds of pickling (at
100,000 articles, 19 s of transfers). An article's size is registered with
Dask too (:func:`article_bytes`; Dask's default, the object's header alone,
made a partition look a thousand times smaller than it is).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from dask.sizeof import sizeof

from ..dedupe.dask_engine import partition_of
from ..hashing.distinct import distinct
from ..record import Article

if TYPE_CHECKING:
    from distributed import Client, Future

T = TypeVar("T")

Part = list[Article]

#: Bytes an article's objects take besides its texts, and a removed paragraph's besides its text (CPython, about).
ARTICLE_OVERHEAD = 1000
REMOVAL_OVERHEAD = 200


@sizeof.register(Article)
def article_bytes(article: Article) -> int:
    """About the memory ``article`` holds: its packed paragraphs (text and layout), its
    removed paragraphs, title and translation, and ``ARTICLE_OVERHEAD``."""
    translated = getattr(article.translation, "text", "")
    return (
        ARTICLE_OVERHEAD
        + sizeof(article.body.text)
        + sizeof(article.body.layout)
        + sum(REMOVAL_OVERHEAD + sizeof(removal.text) for removal in article.removals)
        + sizeof(article.title)
        + sizeof(translated)
    )


def _updated(function: Callable[..., Any], part: Part, *args: Any) -> tuple[Part, Any]:
    return part, function(part, *args)


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _second(pair: tuple[Any, Any]) -> Any:
    return pair[1]


def _texts(part: Part) -> list[str]:
    return [article.text for article in part]


def _picked(part: Part, offsets: Sequence[int], function: Callable[[Article], T]) -> list[T]:
    return [function(part[offset]) for offset in offsets]


def _ids_among(part: Part, start: int, indices: np.ndarray) -> dict[int, str]:
    """The ids of the articles at those of the global ``indices`` that are in this partition."""
    mine = indices[(indices >= start) & (indices < start + len(part))]
    return {i: part[i - start].id for i in mine.tolist()}


def _joined(*found: dict[int, str]) -> dict[int, str]:
    joined: dict[int, str] = {}
    for part in found:
        joined.update(part)
    return joined


def _holders(client: Client, parts: Sequence[Future]) -> list[str]:
    """The worker holding each of ``parts`` (waited for)."""
    from distributed import wait

    wait(list(parts))
    holders = client.who_has(list(parts))
    workers = sorted(client.scheduler_info()["workers"])
    return [min(holders.get(t.key) or [workers[p % len(workers)]]) for p, t in enumerate(parts)]


class Corpus:
    """Partitions of articles on a Dask cluster: ``parts`` (futures, in reading order, computed),
    the worker holding each (``places``) and the global index of each partition's first article
    (``starts``; ``total`` articles in all)."""

    def __init__(self, client: Client, parts: list[Future], sizes: Sequence[int]) -> None:
        if len(parts) != len(sizes):
            raise ValueError(f"{len(parts)} partitions but {len(sizes)} sizes")
        self.client = client
        self.parts = parts
        self.places = _holders(client, parts)
        self.sizes = list(sizes)
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1])).astype(np.int64).tolist()
        self.total = int(sum(self.sizes))

    def each(
        self, function: Callable[..., T], *args: Any, per_part: Sequence[Sequence[Any]] = (), priority: int = 0
    ) -> list[Future]:
        """``function(part, *per_part[p], *args)`` for each partition ``p``: futures of the results
        (``priority``: Dask's, higher runs first among tasks ready at once)."""
        return [
            self.client.submit(
                function, part, *(per_part[p] if per_part else ()), *args, pure=False, priority=priority, **self._at(p)
            )
            for p, part in enumerate(self.parts)
        ]

    def _at(self, p: int) -> dict[str, Any]:
        """Where partition ``p``'s tasks are asked to run: on its worker (not required, so a lost
        worker's partitions are recomputed and used elsewhere)."""
        return {"workers": [self.places[p]], "allow_other_workers": True}

    def update(self, function: Callable[..., T], *args: Any, per_part: Sequence[Sequence[Any]] = ()) -> list[Future]:
        """:meth:`each` with a ``function`` that changes the articles of its partition in place: the
        changed partitions replace the old; futures of what ``function`` returned."""
        submit = self.client.submit
        done = [
            submit(_updated, function, part, *(per_part[p] if per_part else ()), *args, pure=False, **self._at(p))
            for p, part in enumerate(self.parts)
        ]
        self.parts = [submit(_first, pair) for pair in done]  # each where its one input is
        return [submit(_second, pair) for pair in done]

    def texts(self) -> list[Future]:
        """Futures of each partition's article texts (they stay on the workers)."""
        return self.each(_texts)

    def at(self, indices: Iterable[int], function: Callable[[Article], T]) -> dict[int, T]:
        """``function(article)`` of the articles at the global ``indices``, gathered to the driver
        (keep it small: ids, facts, never texts)."""
        wanted = distinct(np.fromiter(indices, dtype=np.int64))
        owner = partition_of(wanted, np.asarray(self.starts, dtype=np.int64))
        chosen = [wanted[owner == p] for p in distinct(owner).tolist()]
        futures = [
            self.client.submit(_picked, self.parts[p], (held - self.starts[p]).tolist(), function, **self._at(p))
            for p, held in zip(distinct(owner).tolist(), chosen, strict=True)
        ]
        found: dict[int, T] = {}
        for held, values in zip(chosen, self.client.gather(futures), strict=True):
            found.update(zip(held.tolist(), values, strict=True))
        return found

    def ids_at(self, indices: Future) -> Future:
        """The future of the ids of the articles at the global ``indices`` (a future of an integer
        array), by index: each partition gives its own and one task joins them, so neither the
        indices nor the ids pass through this process (:meth:`at` gathers them; for a few)."""
        found = self.each(_ids_among, indices, per_part=[(start,) for start in self.starts])
        return self.client.submit(_joined, *found)

    def gather(self, futures: Sequence[Future]) -> list[Any]:
        return self.client.gather(list(futures))

    def wait(self) -> None:
        """Block until every partition is computed (a stage's time is then its own)."""
        from distributed import wait

        wait(self.parts)
