"""Story pass at scale: time and memory of signal A (the anchors) as the corpus grows.

For each size, a generated corpus (``benchmarks/corpus.py``: Dutch and
English articles built from FLORES-200 and NTREX sentences) is made, and
:func:`newsmill.story.find_story_pairs` runs on its texts (title and text)
and languages in a fresh forked process (:mod:`benchmarks.measure`): anchor
extraction on ``--jobs`` processes, candidates, verification, one-to-one.
"peak MB" is what the pass adds to the texts already held, "worker MB" the
largest peak of its worker processes; "× per article" compares each size's
time per article with the smallest size's, measured in the same run (1.0:
linear). With ``--before SRC`` (the ``src`` folder of another checkout,
e.g. ``git worktree add /tmp/base 00e76ce`` then ``/tmp/base/src``) the
same measurement runs on that code in a subprocess first, stopped after
``--timeout`` seconds, and "before s" and "speed-up" are added. Timings on a
shared machine are noisy.

Usage (by hand): python benchmarks/story_scale.py [--sizes 10000 100000] [--jobs 2] [--before SRC]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import CorpusConfig, iter_articles  # noqa: E402
from benchmarks.measure import measured  # noqa: E402
from newsmill.config import Config  # noqa: E402
from newsmill.story import find_story_pairs  # noqa: E402
from newsmill.workers import cores  # noqa: E402


def story_pairs(texts: list[str], langs: list[str], jobs: int) -> int:
    """The number of story pairs the story pass finds (the pairs themselves stay in the child)."""
    return len(find_story_pairs(texts, langs, config=Config(jobs=jobs)))


def measure(size: int, seed: int, jobs: int) -> dict:
    """The story pass on a generated corpus of ``size`` articles, in a forked process."""
    texts, langs = [], []
    for record in iter_articles(CorpusConfig(n_articles=size, seed=seed)):
        texts.append(f"{record['title']}\n\n{record['text']}" if record["title"] else record["text"])
        langs.append(record["lang"])
    run = measured(story_pairs, texts, langs, jobs)
    return dict(size=size, seconds=run.seconds, peak=run.peak, worker_peak=run.worker_peak or 0, pairs=run.result)


def measure_before(source: Path, size: int, seed: int, jobs: int, timeout: float) -> dict | None:
    """:func:`measure` with the newsmill found in ``source``, in a subprocess; ``None`` past ``timeout``."""
    command = [sys.executable, __file__, "--child", "--sizes", str(size), "--seed", str(seed), "--jobs", str(jobs)]
    environment = {**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{REPO}"}
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.splitlines()[-1])


def table(rows: list[dict], timeout: float) -> str:
    """The results as a Markdown table."""
    base = rows[0]["seconds"] / rows[0]["size"]
    before = any("before" in row for row in rows)
    head = "| articles | story pairs | seconds | µs/article | peak MB | worker MB | × per article |"
    lines = [head + (" before s | before pairs | before peak MB | speed-up |" if before else ""),
             "|---:" * (7 + 4 * before) + "|"]
    for row in rows:
        line = (
            f"| {row['size']:,} | {row['pairs']:,} | {row['seconds']:.1f} | {row['seconds'] / row['size'] * 1e6:,.0f} "
            f"| {row['peak'] / 2**20:,.0f} | {row['worker_peak'] / 2**20:,.0f} "
            f"| {row['seconds'] / row['size'] / base:.2f} |"
        )
        if before:
            old = row.get("before")
            line += (
                f" {old['seconds']:.1f} | {old['pairs']:,} | {old['peak'] / 2**20:,.0f} "
                f"| {old['seconds'] / row['seconds']:.1f}× |"
                if old
                else f" did not finish in {timeout:.0f} s | | | |"
            )
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument("--jobs", type=int, default=0, help="processes for anchor extraction (0: every core)")
    parser.add_argument("--before", type=Path, help="src folder of the code to compare with")
    parser.add_argument("--timeout", type=float, default=900, help="seconds the code before may take per size")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.sizes[0], args.seed, args.jobs)))
        return 0
    rows = []
    for size in args.sizes:
        row = measure(size, args.seed, args.jobs)
        if args.before:
            row["before"] = measure_before(args.before, size, args.seed, args.jobs, args.timeout)
        rows.append(row)
        print(f"  {size:,}: {row['seconds']:.1f} s", file=sys.stderr, flush=True)
    print(f"story scale: {cores()} cores, jobs {args.jobs or cores()}, load average at end {os.getloadavg()[0]:.1f}")
    print(table(rows, args.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
