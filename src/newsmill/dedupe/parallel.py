"""Chunks of work on every core: an ordered map over a process pool with bounded memory.

``jobs`` is the number of worker processes; 0 means every core this process
may use. At most ``2 · jobs`` chunks are in flight, so the arguments and
results held at once stay bounded however long the input is (the results
themselves are consumed by the caller as they arrive, in input order).

Large read-only input (the texts) is not sent with every chunk: it is the
``shared`` value, which each worker receives once when it starts (under the
``fork`` start method it is inherited, nothing is pickled), so a chunk can
be a range of indices. Pickling chunks of texts made the parent hold
several copies of them in flight and left its heap fragmented.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

#: Texts per chunk of work: large enough to amortise a process round trip.
CHUNK_TEXTS = 1000


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def worker_count(jobs: int) -> int:
    """``jobs`` worker processes, or every core for 0."""
    return jobs if jobs > 0 else cores()


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in consecutive slices of ``size`` (one empty slice for no items)."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


#: In a worker process: the ``shared`` value of the :func:`ordered_map` it serves.
_shared: Any = None


def _share(value: Any) -> None:
    """Worker initializer: keep ``value`` for :func:`_call`."""
    global _shared
    _shared = value


def _call(function: Callable[[Any, T], R], item: T) -> R:
    return function(_shared, item)


def ordered_map(function: Callable[[S, T], R], shared: S, items: Iterable[T], jobs: int, count: int) -> Iterator[R]:
    """``function(shared, item)`` for each of ``items``, in order, on ``worker_count(jobs)`` processes;
    in-process for one job or one item.

    function: a picklable callable (a module-level function or a ``functools.partial`` of one).
    shared: read-only input every call needs, given to each worker once at its start.
    count: the number of items, which decides whether a pool is worth starting.
    """
    workers = min(worker_count(jobs), count)
    if workers <= 1:
        yield from (function(shared, item) for item in items)
        return
    with ProcessPoolExecutor(workers, initializer=_share, initargs=(shared,)) as pool:
        window: deque[Future[R]] = deque()
        for item in items:
            window.append(pool.submit(_call, function, item))
            if len(window) >= 2 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
