"""Where `newsmill run` holds its memory, stage by stage.

Runs the pipeline in this process as ``newsmill run INPUT -o OUT`` does
(:func:`newsmill.clean`, then :meth:`Results.write`), and prints one row per
stage (ingest, langid, boilerplate, dedupe, translate, stories, then write):

- ``end``: the main process's resident memory when the stage ends (``VmRSS``);
- ``peak``: its largest resident memory sampled while the stage ran;
- ``workers rss / pss / uss``: the largest sum over the live worker processes
  sampled while it ran. A forked worker's RSS counts the pages it still shares
  with the parent; PSS splits each shared page among its sharers and USS counts
  only the worker's own pages (``/proc/PID/smaps_rollup``), so USS is what the
  workers add to the machine.

Memory is sampled every ``--interval`` seconds by a thread; a short spike can
fall between two samples, so the run's ``VmHWM`` (the kernel's exact peak) is
printed as well, with its ratio to the input's size. ``--trace N`` also prints,
at each stage's end, the N source lines holding the most memory allocated by
Python (``tracemalloc``: several times slower, use it on small corpora).

The stage ends are seen by wrapping :meth:`newsmill.timing.StageClock.stage`,
which times each stage of a run.

Usage: python benchmarks/memory_stages.py INPUT [-o OUT] [--jobs N] [--trace 10]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import newsmill
from benchmarks.measure import memory_kb
from newsmill import timing
from newsmill.config import Config

MB = 2**20


def rollup_kb(pid: int) -> tuple[int, int, int]:
    """``(rss, pss, uss)`` of process ``pid`` in KiB, from ``smaps_rollup``; zeros when it is gone."""
    fields: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, _, value = line.partition(":")
            fields[key] = int(value.split()[0])
    except (OSError, ValueError, IndexError):
        return 0, 0, 0
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields.get("Rss", 0), fields.get("Pss", 0), uss


def children() -> list[int]:
    """The processes this process started and that still run (the worker pool)."""
    pids: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            pids += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


@dataclass
class Row:
    """What was seen while one stage ran, in KiB."""

    seconds: float = 0.0
    end: int = 0
    peak: int = 0
    workers: tuple[int, int, int] = (0, 0, 0)
    top: list[str] = field(default_factory=list)


class Sampler:
    """A thread sampling the main process's and its workers' memory into the current stage's row."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.rows: dict[str, Row] = {}
        self.current = Row()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            row = self.current
            row.peak = max(row.peak, memory_kb("VmRSS"))
            sums = [sum(column) for column in zip(*(rollup_kb(pid) for pid in children()), strict=False)]
            if sums:
                row.workers = tuple(max(a, b) for a, b in zip(row.workers, sums, strict=True))  # type: ignore[assignment]

    @contextmanager
    def stage(self, name: str, trace: int) -> Iterator[None]:
        self.current = row = self.rows.setdefault(name, Row())
        started = time.perf_counter()
        try:
            yield
        finally:
            row.seconds += time.perf_counter() - started
            row.end = memory_kb("VmRSS")
            row.peak = max(row.peak, row.end)
            if trace:
                stats = tracemalloc.take_snapshot().statistics("lineno")[:trace]
                row.top = [f"{s.size / MB:8.1f} MB  {s.traceback[0]}" for s in stats]

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="a JSONL file, dump or directory")
    parser.add_argument("-o", "--out", type=Path, help="results directory (default: a temporary one)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: every core)")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples")
    parser.add_argument("--trace", type=int, default=0, metavar="N", help="top N allocation sites per stage")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="newsmill-memory-")) / "out"
    if args.trace:
        tracemalloc.start()
    with Sampler(args.interval) as sampler:
        stage = timing.StageClock.stage

        @contextmanager
        def observed(clock: timing.StageClock, name: str) -> Iterator[None]:
            with sampler.stage(name, args.trace), stage(clock, name):
                yield

        timing.StageClock.stage = observed  # type: ignore[method-assign]
        results = newsmill.clean([args.input], Config(jobs=args.jobs))
        with sampler.stage("write", args.trace):
            results.write(out)
    size = sum(p.stat().st_size for p in ([args.input] if args.input.is_file() else args.input.rglob("*")))
    print(f"input {args.input}: {size / MB:,.0f} MB, {len(results.articles):,} articles; pid {os.getpid()}")
    print(f"{'stage':<12} {'seconds':>8} {'end MB':>8} {'peak MB':>8} {'workers rss':>12} {'pss':>8} {'uss':>8}")
    for name, row in sampler.rows.items():
        rss, pss, uss = (value / 1024 for value in row.workers)
        print(
            f"{name:<12} {row.seconds:8.1f} {row.end / 1024:8,.0f} {row.peak / 1024:8,.0f} "
            f"{rss:12,.0f} {pss:8,.0f} {uss:8,.0f}"
        )
        for line in row.top:
            print(f"    {line}")
    peak = memory_kb("VmHWM") * 1024
    print(f"main process VmHWM: {peak / MB:,.0f} MB = {peak / size:.2f} x the input")


if __name__ == "__main__":
    main()
