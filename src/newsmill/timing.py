"""Where a run's time and memory went: seconds per stage and peak resident memory.

:class:`StageClock` times each stage of a run as it happens; its JSON form is
the ``timing`` object of ``report.json``::

    {"seconds": {"ingest": 1.2, "langid": 3.4, ...}, "total_seconds": 9.8,
     "peak_memory_mb": {"main": 812.5, "workers": 301.0}}

``main`` is the peak resident set of the process that ran the pipeline;
``workers`` the largest peak of the worker processes it started and waited
for (``--jobs`` pools; 0 when none ran). Unlike the counts, these figures
differ between identical runs, so they stay out of ``counts``.
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

#: Runs at least this long print where their time went in the summary.
LONG_RUN_SECONDS = 10.0


def peak_memory_mb(outside_workers_mb: float | None = None) -> dict[str, float]:
    """Peak resident memory of this process (``main``) and of its largest finished child
    (``workers``), in MB; ``workers`` is ``outside_workers_mb`` when given (a Dask cluster's
    workers are not this process's children)."""
    workers = _peak_mb(children=True) if outside_workers_mb is None else outside_workers_mb
    return {"main": _peak_mb(), "workers": workers}


def _peak_mb(children: bool = False) -> float:
    """``ru_maxrss`` of this process or of its largest finished child, in MB (kilobytes on Linux,
    bytes on macOS; on Windows there is no ``resource`` module and the figure is 0)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    unit = 1 if sys.platform == "darwin" else 1024
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return round(usage.ru_maxrss * unit / 2**20, 1)


def own_peak_mb() -> float:
    """This process's peak resident memory in MB: what a Dask worker is asked for."""
    return _peak_mb()


def return_freed_memory() -> None:
    """Hand the memory freed on the C heap back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    NumPy arrays and worker results live on the C heap, and glibc keeps what
    they free resident unless it lies at the heap's top; Python's own objects
    come from separate arenas, so they cannot reuse it. Trimmed after each
    stage, a run of 100,000 generated articles went from 1,155 MB resident at
    the end of boilerplate to 838 MB at the end of dedupe (1,330 MB untrimmed).
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except AttributeError:  # a C library without it (musl)
            pass


@dataclass
class StageClock:
    """Seconds spent in each named stage, in the order the stages first ran."""

    seconds: dict[str, float] = field(default_factory=dict)
    #: The largest peak (MB) of worker processes this process did not start (a Dask cluster's),
    #: reported as ``workers`` instead of this process's children's.
    outside_workers_mb: float | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Add the time spent inside the ``with`` block to stage ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "seconds": {name: round(value, 3) for name, value in self.seconds.items()},
            "total_seconds": round(self.total, 3),
            "peak_memory_mb": peak_memory_mb(self.outside_workers_mb),
        }


def timing_line(timing: dict[str, Any]) -> str:
    """One summary line: total, each stage's seconds and share, peak memory."""
    total = timing["total_seconds"] or 1e-9
    stages = ", ".join(
        f"{name} {seconds:.1f} s ({seconds / total:.0%})" for name, seconds in timing["seconds"].items()
    )
    memory = timing["peak_memory_mb"]
    return (
        f"time: {timing['total_seconds']:.1f} s ({stages}); "
        f"peak memory {memory['main']:,.0f} MB, workers {memory['workers']:,.0f} MB"
    )
