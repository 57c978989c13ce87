"""Boilerplate at scale: time and memory of the boilerplate stage as the corpus grows.

For each size, a generated corpus (``benchmarks/corpus.py``: shared
boilerplate paragraphs, exact and edited copies, a Dutch share) is read into
article records, then :func:`newsmill.boilerplate.stage.strip_boilerplate` runs in a
fresh forked process (:mod:`benchmarks.measure`): the article families (a
dedupe), the paragraph counts and the near groups, and the stripping. "peak
MB" is what it adds to the articles already held; "B/article" divides it by
the corpus size. "× per article" compares each size's time per article with the
smallest size's, measured in the same run: 1.0 means time grows linearly.

Usage (by hand): python benchmarks/boilerplate_scale.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import CorpusConfig, iter_articles
from benchmarks.measure import measured
from newsmill.boilerplate.stage import strip_boilerplate, summarise_removals
from newsmill.config import Config
from newsmill.pipeline import load
from newsmill.record import Article
from newsmill.workers import cores


def paragraphs_and_removed(articles: list[Article]) -> tuple[int, int]:
    """Strip boilerplate from ``articles``: their paragraph count before, and how many were removed."""
    paragraphs = sum(len(a.paragraphs) for a in articles)
    strip_boilerplate(articles, Config())
    return paragraphs, summarise_removals(articles).paragraphs_removed


def measure(size: int, seed: int) -> dict:
    """The boilerplate stage on a generated corpus of ``size`` articles, in a forked process."""
    articles = load(iter_articles(CorpusConfig(n_articles=size, seed=seed)), Config())
    run = measured(paragraphs_and_removed, articles)
    paragraphs, removed = run.result
    return dict(size=size, seconds=run.seconds, peak=run.peak, paragraphs=paragraphs, removed=removed)


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
