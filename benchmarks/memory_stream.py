"""Peak memory of `newsmill split` streaming a large generated dump.

Writes a text dump of ``--gigabytes`` (default 1) of articles (a headline, four
paragraphs of random words, an outlet signature line) one article at a time,
then runs ``newsmill split DUMP -q > /dev/null`` in a child process and reads
its peak resident memory. The baseline, measured in the same run, is the
peak of ``newsmill version`` (the interpreter plus newsmill's imports), so the
difference is what splitting the dump cost.

Usage: python benchmarks/memory_stream.py [--gigabytes 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "council harbour ferry storm bakery museum library railway university energy wind market price "
    "river bridge school hospital police court minister election budget festival weather traffic "
    "company shares profit workers union strike airport airline tourism farmers harvest water"
).split()
OUTLETS = ["Example Wire", "Coast Daily", "Voorbeeld Nieuws", "Metro Post"]


def write_dump(path: Path, size_bytes: int, seed: int = 1) -> int:
    """Write articles until the file holds ``size_bytes``; returns the number of articles."""
    rng = random.Random(seed)
    written = articles = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < size_bytes:
            parts = [f"Report {articles} on the {rng.choice(WORDS)} and the {rng.choice(WORDS)} of the region"]
            parts += [" ".join(rng.choices(WORDS, k=90)).capitalize() + "." for _ in range(4)]
            parts.append(rng.choice(OUTLETS))
            text = "\n\n".join(parts) + "\n\n"
            handle.write(text)
            written += len(text.encode("utf-8"))
            articles += 1
    return articles


def peak_rss_mb(command: list[str]) -> tuple[float, float]:
    """Run ``command`` with stdout discarded; its peak RSS (MB) and wall time (s)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: run the bigger one last
    return max(peak, before) / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--keep", type=Path, help="write the dump here and keep it")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="newsmill-memory-"))
    directory.mkdir(parents=True, exist_ok=True)
    dump = directory / "big.txt"
    started = time.perf_counter()
    articles = write_dump(dump, int(args.gigabytes * 1024**3))
    print(
        f"dump: {dump.stat().st_size / 1024**2:,.0f} MB, {articles:,} articles, "
        f"written in {time.perf_counter() - started:.0f} s"
    )
    newsmill = [sys.executable, "-m", "newsmill"]
    baseline, _ = peak_rss_mb([*newsmill, "version"])
    peak, seconds = peak_rss_mb([*newsmill, "split", str(dump), "-q"])
    size_mb = dump.stat().st_size / 1024**2
    print(f"baseline (newsmill version): peak RSS {baseline:,.0f} MB")
    print(f"newsmill split:              peak RSS {peak:,.0f} MB, {seconds:,.0f} s ({size_mb / seconds:,.1f} MB/s)")
    print(
        f"split over baseline: {peak - baseline:,.0f} MB for a {size_mb:,.0f} MB dump "
        f"({(peak - baseline) / size_mb:.3f} MB per MB of input); ratio to baseline {peak / baseline:.2f}x"
    )
    if not args.keep:
        dump.unlink()
        directory.rmdir()


if __name__ == "__main__":
    main()
