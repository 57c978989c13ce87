"""The Dask engine: the local engine's stages as tasks on a Dask distributed cluster.

The texts are cut into ``P`` partitions and scattered to the workers; from
then on only compact arrays move, through three hash-partitioned all-to-all
shuffles (each source task splits its output into ``P`` parts, each
destination task concatenates its part from every source). Destination
``p`` runs on the worker holding text partition ``p``, and a source's parts
for the destinations of one worker travel as one piece (:func:`shuffle`):
on ``W`` workers a shuffle is ``P · W`` small tasks, not ``P²`` (at 20
partitions on 2 workers, 40 instead of 400, each a round trip through the
scheduler):

1. **sketch** (per text partition): exact keys and band keys
   (:func:`newsmill.dedupe.sketch.sketch`); signatures never leave the task.
2. **exact** (shuffle on exact key): each key partition pairs copies with the
   first text of their key; the copies' ids (the exact pairs, which the
   results list anyway) are broadcast back.
3. **buckets** (shuffle on band key): each key partition drops the copies,
   pairs the ids sharing a key (:func:`newsmill.hashing.lsh.bucket_pairs`) and
   routes each pair to the partition holding its first text.
4. **verification** (a join in two shuffles): the partition of ``a`` attaches
   a's shingle set and routes the pair to the partition of ``b``, which
   computes the exact Jaccard similarity.

Only the checked pairs come back to the client, which is what the results
directory lists; clusters are the connected components of those pairs
(:func:`newsmill.dedupe.group`), so no signature or shingle set is ever
pulled to one process. Pairs and similarities equal the local engine's.

On a real cluster, every worker needs the same newsmill version (``pip
install 'newsmill[dask]'`` on each); pass the scheduler's address
(``--scheduler tcp://HOST:8786``).

The client keeps none of the messages it sends (``DRIVER_CONFIG``): Dask's
developer log of each connection's last 1,000 batches held, on the driver,
the pickled arguments of every task submitted lately, the driver's largest
growth in a long run.

Each client registers :class:`HeapThresholds` with the cluster, which gives
every worker glibc's own heap thresholds back: Dask's nanny starts workers
with ``MALLOC_TRIM_THRESHOLD_=65536``, which fixes both thresholds low, so
each NumPy temporary is a fresh ``mmap`` and each free hands pages back;
a worker sketched texts 3–4× slower than the same function in a plain process.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import dask
import numpy as np
from dask.base import tokenize

from ..config import Config
from ..errors import UsageError
from ..hashing.distinct import distinct
from ..hashing.lsh import bucket_pairs, unique_pairs
from ..workers import CHUNK_TEXTS, worker_count
from .local import Checked, exact_pairs
from .sketch import SketchSpec, sketch
from .verify import array_jaccard, shingle_array

if TYPE_CHECKING:
    from distributed import Client, Future

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # without the dask extra: connect() says what to install
    WorkerPlugin = object  # type: ignore[assignment,misc]

#: Partitions per worker when the caller does not choose their number.
PARTITIONS_PER_WORKER = 4

#: Dask settings of every :func:`connect`: no developer log of recent messages. Dask keeps each
#: connection's last ``low-level-log-length`` batches (1,000 by default), and the client's batches
#: to the scheduler carry the pickled graph of each task submitted, its arguments included: a run
#: submits thousands (a shuffle is partitions × workers of them, the near verification a shuffle per
#: round), so the driver held the last thousand's, growing with the corpus (at 100,000 articles
#: most of the driver's growth in the boilerplate stage). The scheduler's transition and event logs
#: share the setting (with a ``LocalCluster`` they are in this process too).
DRIVER_CONFIG = {"distributed.admin.low-level-log-length": 0}

Rows = tuple[np.ndarray, np.ndarray]  # (uint64 keys, int64 ids)


#: The client of the enclosing :func:`session`, if any.
_session_client: ContextVar[Client | None] = ContextVar("newsmill_dask_client", default=None)


@contextmanager
def session(config: Config) -> Iterator[None]:
    """One client (and its ``LocalCluster``) for every :func:`find_checked` inside the block.

    A run dedupes twice (boilerplate's article families, then the articles);
    starting a cluster takes seconds, so a run starts one.
    """
    with connect(config) as client:
        token = _session_client.set(client)
        try:
            yield
        finally:
            _session_client.reset(token)


#: glibc's ``mallopt`` parameters (malloc.h) and the values its dynamic thresholds grow to on 64-bit
#: Linux: a freed block of up to 32 MiB raises the mmap threshold to its size, and the trim threshold
#: to twice that.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD_MAX = 32 * 2**20
TRIM_THRESHOLD_MAX = 2 * MMAP_THRESHOLD_MAX


def restore_heap_thresholds() -> bool:
    """Set this process's glibc heap thresholds to what glibc's own defaults grow to
    (``MMAP_THRESHOLD_MAX``, ``TRIM_THRESHOLD_MAX``); whether it could (not on other C libraries).

    A trim threshold set by the environment (Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_`` to
    64 KiB, so that workers hand memory back) also freezes the mmap threshold at 128 KiB:
    every array above it is mapped and unmapped afresh, its pages faulted in again, and
    each free below it shrinks the heap. With glibc's values the memory a task frees
    stays with the worker, for its next tasks to reuse.
    """
    if not sys.platform.startswith("linux"):
        return False
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is None:  # pragma: no cover - a C library without it (musl)
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX) and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_MAX))


class HeapThresholds(WorkerPlugin):
    """Worker plugin: :func:`restore_heap_thresholds` on every worker, those that join later too."""

    name = "newsmill-heap-thresholds"  # registered once per cluster, whatever the number of clients

    def setup(self, worker: Any) -> None:
        restore_heap_thresholds()


@contextmanager
def connect(config: Config) -> Iterator[Client]:
    """The :func:`session`'s client, else a client of ``config.scheduler`` or of a new
    ``LocalCluster`` of ``config.jobs`` workers, its workers given :class:`HeapThresholds`."""
    current = _session_client.get()
    if current is not None:
        yield current
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--engine dask needs Dask: pip install 'newsmill[dask]'") from None
    with dask.config.set(DRIVER_CONFIG):
        if config.scheduler:
            with Client(config.scheduler) as client:
                client.register_plugin(HeapThresholds())
                yield client
            return
        with LocalCluster(
            n_workers=worker_count(config.jobs),
            threads_per_worker=1,
            dashboard_address=":0",  # any free port: never clashes with another cluster's 8787
            silence_logs=logging.ERROR,
        ) as cluster, Client(cluster) as client:
            client.register_plugin(HeapThresholds())
            yield client


def _split(keys: np.ndarray, ids: np.ndarray, parts: int) -> list[Rows]:
    """Rows ``(keys, ids)`` split into ``parts`` by ``key mod parts``."""
    target = keys % np.uint64(parts)
    return [(keys[target == p], ids[target == p]) for p in range(parts)]


def _concat(rows: Sequence[Rows]) -> Rows:
    return np.concatenate([k for k, _ in rows]), np.concatenate([i for _, i in rows])


def _sketch_partition(texts: Sequence[str], start: int, spec: SketchSpec, parts: int) -> tuple[list[Rows], list[Rows]]:
    """Exact-key rows of non-blank texts and band-key rows of texts with words, each split by key."""
    sketched = sketch(texts, spec)
    ids = np.arange(start, start + len(texts), dtype=np.int64)
    filled = ~sketched.blank
    exact = _split(sketched.exact[filled], ids[filled], parts)
    keys = sketched.keys[sketched.has_words & filled]
    bands = _split(keys.ravel(), np.repeat(ids[sketched.has_words & filled], keys.shape[1]), parts)
    return exact, bands


def _exact_partition(*rows: Rows) -> np.ndarray:
    """Exact pairs ``(first, copy)`` among the rows of one exact-key partition."""
    keys, ids = _concat(rows)
    order = np.argsort(ids, kind="stable")
    return exact_pairs(keys[order], np.zeros(len(ids), dtype=bool), ids[order])


def partition_of(ids: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The text partition of each of ``ids``, partitions starting at ``starts`` (ascending; an
    empty partition starts where the next one does)."""
    return np.searchsorted(starts, ids, side="right") - 1


def _bucket_partition(copies: np.ndarray, starts: np.ndarray, *rows: Rows) -> list[np.ndarray]:
    """Candidate pairs of one band-key partition (copies left out), split by the partition of ``a``."""
    keys, ids = _concat(rows)
    keep = ~np.isin(ids, copies)
    pairs = bucket_pairs(keys[keep], ids[keep])
    owner = partition_of(pairs[:, 0], starts)
    return [pairs[owner == p] for p in range(len(starts))]


def _attach_left(
    texts: Sequence[str], start: int, ngram: int, starts: np.ndarray, *pairs: np.ndarray
) -> list[tuple[np.ndarray, dict[int, np.ndarray]]]:
    """Pairs whose ``a`` is in this partition, with a's shingle set, split by the partition of ``b``."""
    merged = unique_pairs(np.concatenate(pairs))
    shingles = {a: shingle_array(texts[a - start], ngram) for a in distinct(merged[:, 0]).tolist()}
    owner = partition_of(merged[:, 1], starts)
    routed = []
    for p in range(len(starts)):
        block = merged[owner == p]
        routed.append((block, {a: shingles[a] for a in distinct(block[:, 0]).tolist()}))
    return routed


def _verify_right(
    texts: Sequence[str], start: int, ngram: int, *parts: tuple[np.ndarray, dict]
) -> tuple[np.ndarray, list[float]]:
    """Pairs whose ``b`` is in this partition and their exact Jaccard similarity."""
    pairs = np.concatenate([block for block, _ in parts])
    left: dict[int, np.ndarray] = {}
    for _, arrays in parts:
        left.update(arrays)
    right = {b: shingle_array(texts[b - start], ngram) for b in distinct(pairs[:, 1]).tolist()}
    return pairs, [array_jaccard(left[a], right[b]) for a, b in pairs.tolist()]


def shuffle(
    client: Client,
    sources: Sequence[Future],
    function: Any,
    args_of: Callable[[int], tuple],
    places: Sequence[str],
    index: int | None = None,
) -> list[Future]:
    """One all-to-all shuffle: destination p runs ``function(*args_of(p), part p of every source)``
    on worker ``places[p]`` (where its other inputs are), one destination per place.

    Each source result is a list of per-destination parts (or, with ``index``,
    a tuple whose ``index``-th item is). A source's parts for the destinations
    on one worker travel as one piece: sources × workers small tasks, not
    sources × destinations (400 at 20 partitions, each a round trip through the scheduler).
    """
    by_worker: dict[str, list[int]] = {}
    for p, worker in enumerate(places):
        by_worker.setdefault(worker, []).append(p)
    name = function.__name__.lstrip("_")  # the destinations' keys name their work in Dask's dashboard
    futures: dict[int, Future] = {}
    for worker, destinations in by_worker.items():
        pieces = [client.submit(_pieces, source, index, destinations) for source in sources]
        for k, p in enumerate(destinations):
            args = args_of(p)
            futures[p] = client.submit(
                _destination,
                function,
                args,
                k,
                *pieces,
                key=f"{name}-{tokenize(function, args, k, pieces)}",
                workers=[worker],
                allow_other_workers=True,
            )
    return [futures[p] for p in range(len(places))]


def _pieces(result: Any, index: int | None, destinations: list[int]) -> list[Any]:
    parts = result if index is None else result[index]
    return [parts[p] for p in destinations]


def _destination(function: Any, args: tuple, k: int, *pieces: list[Any]) -> Any:
    return function(*args, *(piece[k] for piece in pieces))


def spread(client: Client, count: int) -> list[str]:
    """Workers for ``count`` partitions in turn, so that each worker holds as many (the scheduler
    alone put 14 of 20 partitions of 100,000 articles on one of two workers, whose tasks the
    other then stole, moving their partitions); waits for a first worker if there is none yet."""
    if not client.scheduler_info()["workers"]:
        client.wait_for_workers(1)
    workers = sorted(client.scheduler_info()["workers"])
    return [workers[p % len(workers)] for p in range(count)]


def find_checked(texts: Sequence[str], config: Config, partitions: int | None = None) -> Checked:
    """Exact pairs, candidate pairs and similarities of ``texts`` (as :func:`newsmill.dedupe.local.find_checked`).

    partitions: number of text partitions (default: ``PARTITIONS_PER_WORKER``
    per worker, of at least ``CHUNK_TEXTS`` texts each).
    """
    with connect(config) as client:
        if partitions is None:
            workers = max(1, len(client.scheduler_info()["workers"]))
            partitions = max(1, min(-(-len(texts) // CHUNK_TEXTS), PARTITIONS_PER_WORKER * workers))
        chunk = max(1, -(-len(texts) // partitions))
        starts = list(range(0, len(texts), chunk)) or [0]
        places = spread(client, len(starts))
        text_parts = [
            client.scatter([list(texts[s : s + chunk])], workers=[w])[0] for s, w in zip(starts, places, strict=True)
        ]
        return checked_on_parts(client, text_parts, starts, places, config)


def checked_on_parts(
    client: Client, text_parts: Sequence[Future], starts: Sequence[int], places: Sequence[str], config: Config
) -> Checked:
    """:func:`find_checked` of texts already on the cluster: ``text_parts`` (futures of lists of
    texts, in order, partition ``p`` on worker ``places[p]``) whose first texts have global indices ``starts``."""
    return client.gather(checked_future(client, text_parts, starts, places, config))


def checked_future(
    client: Client, text_parts: Sequence[Future], starts: Sequence[int], places: Sequence[str], config: Config
) -> Future:
    """:func:`checked_on_parts` left on the cluster: the future of the :class:`Checked` pairs,
    assembled by one task, so that nothing per pair passes through this process."""
    spec = SketchSpec.from_settings(config.dedupe)
    bounds = np.asarray(starts, dtype=np.int64)
    sketched = [
        client.submit(_sketch_partition, t, s, spec, len(starts)) for t, s in zip(text_parts, starts, strict=True)
    ]
    exact = client.submit(_exact_sorted, *shuffle(client, sketched, _exact_partition, lambda p: (), places, index=0))
    copies = client.submit(_copies, exact)
    buckets = shuffle(client, sketched, _bucket_partition, lambda p: (copies, bounds), places, index=1)
    return client.submit(_checked, exact, *_verification(client, text_parts, bounds, places, buckets, config.ngram))


def _exact_sorted(*parts: np.ndarray) -> np.ndarray:
    """The exact pairs of every key partition, sorted by copy."""
    exact = np.concatenate(parts)
    return exact[np.argsort(exact[:, 1], kind="stable")]


def _copies(exact: np.ndarray) -> np.ndarray:
    return exact[:, 1]


def _checked(exact: np.ndarray, *verified: tuple[np.ndarray, list[float]]) -> Checked:
    pairs, similarity = _sorted_pairs(*verified)
    return Checked(exact, pairs, similarity.tolist())


def similarities_future(
    client: Client,
    text_parts: Sequence[Future],
    starts: Sequence[int],
    places: Sequence[str],
    pairs: Future,
    ngram: int,
) -> Future:
    """The future of the exact Jaccard similarity of each of ``pairs`` (a future of an array of
    ``(a, b)``, ``a < b``) of texts on the cluster (as :func:`checked_on_parts` takes them): the
    pairs and their similarities, sorted as :func:`_sorted_pairs` gives them; the pairs never
    pass through this process."""
    bounds = np.asarray(starts, dtype=np.int64)
    routed = [client.submit(_by_first, pairs, bounds)]
    return client.submit(_sorted_pairs, *_verification(client, text_parts, bounds, places, routed, ngram))


def _by_first(pairs: np.ndarray, bounds: np.ndarray) -> list[np.ndarray]:
    """``pairs`` split by the partition of ``a``."""
    owner = partition_of(pairs[:, 0], bounds)
    return [pairs[owner == p] for p in range(len(bounds))]


def _verification(
    client: Client,
    text_parts: Sequence[Future],
    bounds: np.ndarray,
    places: Sequence[str],
    routed: Sequence[Future],
    ngram: int,
) -> list[Future]:
    """Pairs split by the partition of ``a`` (each of ``routed`` a list of per-partition blocks),
    joined with both texts' shingle sets in two shuffles: per partition of ``b``, its pairs and
    their similarities."""
    starts = bounds.tolist()
    left = shuffle(client, routed, _attach_left, lambda p: (text_parts[p], starts[p], ngram, bounds), places)
    return shuffle(client, left, _verify_right, lambda p: (text_parts[p], starts[p], ngram), places)


def _sorted_pairs(*results: tuple[np.ndarray, list[float]]) -> tuple[np.ndarray, np.ndarray]:
    """The verified pairs of every partition, sorted, and their similarities."""
    pairs = np.concatenate([p for p, _ in results])
    similarity = np.array([s for _, sims in results for s in sims], dtype=float)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    return pairs[order], similarity[order]
