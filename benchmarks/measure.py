"""Time and peak memory of one call, measured alone in a freshly forked process.

The child is forked from the benchmark, so it starts with the data the
parent already holds (the texts, the articles) without copying it, and
nothing an earlier call allocated counts against the next one.

- ``seconds``: wall-clock time of the call.
- ``peak``: the child's peak resident memory above its resident memory when
  the call starts (``VmHWM``, reset to the current RSS first), in bytes:
  what the call adds to the data it was given.
- ``worker_peak``: the largest peak resident memory of the processes the
  call started (``RUSAGE_CHILDREN``) above the same start, in bytes, or
  ``None`` when it started none. A forked worker begins with its parent's
  pages, and reading an object copies the pages it lies on, so this
  includes the copies of the data that worker read.

Linux only (``/proc/self``, the ``fork`` start method).
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

R = TypeVar("R")


@dataclass(frozen=True)
class Measured(Generic[R]):
    """What :func:`measured` saw: ``seconds``, ``peak`` and ``worker_peak`` bytes, and the call's ``result``."""

    seconds: float
    peak: int
    worker_peak: int | None
    result: R


def memory_kb(field: str) -> int:
    """A ``/proc/self/status`` memory field (``VmRSS``, ``VmHWM``) in KiB; 0 where absent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _child(function: Callable[..., Any], args: tuple[Any, ...], out: Any) -> None:
    start_kb = memory_kb("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    except OSError:
        pass
    started = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - started
    peak = max(0, memory_kb("VmHWM") - start_kb) * 1024
    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    worker_peak = max(0, workers_kb - start_kb) * 1024 if workers_kb else None
    out.send(Measured(seconds, peak, worker_peak, result))
    out.close()


def measured(function: Callable[..., R], *args: Any) -> Measured[R]:
    """``function(*args)`` in a forked child, with its time and memory; the result must pickle."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(function, args, send))
    child.start()
    result = receive.recv()
    child.join()
    return result
