"""Chunks of work on every core: ordered maps over one process pool with bounded memory.

``jobs`` is the number of worker processes; 0 means every core this process
may use. At most ``2 · jobs`` chunks are in flight, so the arguments and
results held at once stay bounded however long the input is (the results
themselves are consumed by the caller as they arrive, in input order).

Large read-only input (the texts) is not sent with every chunk: it is the
``shared`` value, which each worker receives once when it starts (under the
``fork`` start method it is inherited, nothing is pickled), so a chunk can
be a range of indices. Pickling chunks of texts made the parent hold
several copies of them in flight and left its heap fragmented. One
:class:`Workers` serves every step of a dedupe, so the processes start once.

A run opens one :class:`Pool` (``with Pool(jobs):``, see
:func:`newsmill.pipeline.clean`): every :class:`Workers` created inside it
with the same number of processes runs on the pool's processes instead of
starting its own, so the whole run (split, langid, boilerplate, dedupe,
stories) holds at most ``jobs`` workers, shut down once at the end. The
pool's processes are replaced by freshly forked ones only when a stage
shares a different value than the one they hold: inheritance at fork is the
one way to hand them the texts without copying them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")
Sliced = TypeVar("Sliced", bound="Sliceable")

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


class Sliceable(Protocol):
    """What :func:`chunked` cuts: a sized container whose slices are of its own type
    (a list, a ``range``, a NumPy array)."""

    def __len__(self) -> int: ...

    def __getitem__(self: Sliced, index: slice, /) -> Sliced: ...


def chunked(items: Sliced, size: int) -> list[Sliced]:
    """``items`` in consecutive slices of ``size`` (one empty slice for no items)."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


def text_ranges(count: int) -> list[range]:
    """Index ranges of ``CHUNK_TEXTS`` texts covering ``count`` texts: the chunks of work the
    workers take (one empty range for no texts)."""
    return chunked(range(count), CHUNK_TEXTS)


#: In a worker process: the ``shared`` value of the :class:`Workers` it serves.
_shared: Any = None


#: Linux prctl option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """End this worker when the process that started it dies, even by SIGKILL (Linux).

    Otherwise a worker of a killed run waits for work forever: under fork it
    inherits the pool's own pipe ends, so it never sees the pipe close.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _share(value: Any) -> None:
    """Worker initializer: keep ``value`` for :func:`_call`, die with the parent, and leave Ctrl-C
    to it: the terminal sends SIGINT to every process of the run, and each worker printed a
    ``KeyboardInterrupt`` traceback before the parent's one-line message; the parent, interrupted,
    shuts the pool down."""
    global _shared
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _shared = value


def _call(function: Callable[[Any, T], R], item: T) -> R:
    return function(_shared, item)


class Pool:
    """Up to ``worker_count(jobs)`` processes that the :class:`Workers` opened inside ``with pool:`` share.

    The processes hold one shared value at a time (:meth:`executor`): asked
    for another, the pool shuts its processes down and forks new ones that
    inherit it. Pools nest; the innermost one open is used. A map that starts
    while another map with a different shared value is still in flight (a
    caller consuming one map's results lazily while it runs another) gets
    processes of its own instead of cancelling that one's work.
    """

    def __init__(self, jobs: int) -> None:
        if jobs < 0:
            raise ValueError(f"jobs must be at least 0 (0: every core), got {jobs}")
        self.count = worker_count(jobs)
        #: How many times processes were forked for a new shared value (what a run's forks cost is visible).
        self.starts = 0
        self._executor: ProcessPoolExecutor | None = None
        self._shared: Any = None
        self._outer: Pool | None = None
        #: Maps running on the processes now (see :meth:`busy`).
        self.maps = 0

    def __enter__(self) -> Pool:
        global _open_pool
        self._outer, _open_pool = _open_pool, self
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        global _open_pool
        _open_pool = self._outer
        self.close()

    def executor(self, shared: Any) -> ProcessPoolExecutor:
        """The processes, holding ``shared`` (the same object, not an equal one)."""
        if self._executor is None or self._shared is not shared:
            self.close()
            self._executor = ProcessPoolExecutor(self.count, initializer=_share, initargs=(shared,))
            self._shared = shared
            self.starts += 1
        return self._executor

    def busy(self, shared: Any) -> bool:
        """Whether a map holding another shared value than ``shared`` is still running."""
        return self.maps > 0 and self._shared is not shared

    def close(self) -> None:
        """Shut the processes down (a later :meth:`executor` starts new ones)."""
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
        self._executor, self._shared = None, None


#: The innermost :class:`Pool` open in this process, if any.
_open_pool: Pool | None = None


def release(shared: Any) -> None:
    """Shut the open pool's processes down if they hold ``shared`` and no map runs: a
    caller done with a value it made for its workers (decoded texts) frees it now, not
    when the next value is shared."""
    if _open_pool is not None and _open_pool._shared is shared and _open_pool.maps == 0:
        _open_pool.close()


class Workers(Generic[S]):
    """``worker_count(jobs)`` processes that hold ``shared``, started on the first map that needs them.

    Inside an open :class:`Pool` of that many processes they are the pool's
    (and stay up for the next :class:`Workers`); otherwise they are this
    object's own, shut down when it closes. Use as a context manager;
    :meth:`map` runs in-process for one job or one item.
    """

    def __init__(self, shared: S, jobs: int) -> None:
        self.shared = shared
        self.count = worker_count(jobs)
        if _open_pool is not None and _open_pool.count == self.count:
            self._pool, self._owned = _open_pool, False
        else:
            self._pool, self._owned = Pool(jobs), True

    def __enter__(self) -> Workers[S]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._owned:
            self._pool.close()

    def map(self, function: Callable[[S, T], R], items: Sequence[T]) -> Iterator[R]:
        """``function(shared, item)`` for each of ``items``, in order.

        function: a picklable callable (a module-level function or a ``functools.partial`` of one).
        """
        if self.count <= 1 or len(items) <= 1:
            yield from (function(self.shared, item) for item in items)
            return
        if self._pool.busy(self.shared):
            self._pool, self._owned = Pool(self.count), True
        executor = self._pool.executor(self.shared)
        self._pool.maps += 1
        try:
            window: deque[Future[R]] = deque()
            for item in items:
                window.append(executor.submit(_call, function, item))
                if len(window) >= 2 * self.count:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        finally:
            self._pool.maps -= 1
