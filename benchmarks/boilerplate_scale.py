"""Boilerplate at scale: time and memory of the boilerplate stage as the corpus grows.

For each size, a generated corpus (``benchmarks/corpus.py``: shared
boilerplate paragraphs, exact and edited copies, a Dutch share) is read into
article records, then :func:`newsmill.boilerplate.strip_boilerplate` runs in a
fresh forked process: the article families (a dedupe), the paragraph counts
and the near groups, and the stripping. "peak MB" is that process's peak
resident memory above its start (``VmHWM`` after resetting it), so the
articles already held are not counted; "B/article" divides it by the corpus
size. "× per article" compares each size's time per article with the
smallest size's, measured in the same run: 1.0 means time grows linearly.

Usage (by hand): python benchmarks/boilerplate_scale.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import CorpusConfig, iter_articles
from benchmarks.dedupe_speed import _memory_kb
from newsmill.boilerplate import strip_boilerplate
from newsmill.config import Config
from newsmill.dedupe.parallel import cores
from newsmill.pipeline import load
from newsmill.record import Article


def _measure(articles: list[Article], out) -> None:
    """Child process: strip, send back (seconds, peak bytes above start, paragraphs, removed)."""
    start_kb = _memory_kb("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    except OSError:
        pass
    paragraphs = sum(len(a.paragraphs) for a in articles)
    started = time.perf_counter()
    summary = strip_boilerplate(articles, Config())
    seconds = time.perf_counter() - started
    out.send((seconds, max(0, _memory_kb("VmHWM") - start_kb) * 1024, paragraphs, summary.paragraphs_removed))
    out.close()


def measure(size: int, seed: int) -> dict:
    """The boilerplate stage on a generated corpus of ``size`` articles, in a forked process."""
    articles = load(iter_articles(CorpusConfig(n_articles=size, seed=seed)), Config())
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_measure, args=(articles, send))
    child.start()
    seconds, peak, paragraphs, removed = receive.recv()
    child.join()
    return dict(size=size, seconds=seconds, peak=peak, paragraphs=paragraphs, removed=removed)


def table(rows: list[dict]) -> str:
    """The results as a Markdown table."""
    base = rows[0]["seconds"] / rows[0]["size"]
    lines = [
        "| articles | paragraphs | removed | seconds | articles/s | peak MB | B/article | × per article |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['paragraphs']:,} | {row['removed']:,} | {row['seconds']:.1f} | "
            f"{row['size'] / row['seconds']:,.0f} | {row['peak'] / 2**20:,.0f} | {row['peak'] / row['size']:,.0f} | "
            f"{row['seconds'] / row['size'] / base:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    args = parser.parse_args(argv)
    rows = []
    for size in args.sizes:
        rows.append(measure(size, args.seed))
        print(f"  {size:,}: {rows[-1]['seconds']:.1f} s", file=sys.stderr, flush=True)
    print(f"boilerplate scale: {cores()} cores, load average at end {os.getloadavg()[0]:.1f}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
