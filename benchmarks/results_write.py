"""Writing the results directory: :meth:`newsmill.pipeline.Results.write` against the plain writer, in one run.

The corpus is cleaned once (``newsmill.clean``, defaults); then, alternating,

- ``plain``: every line made in this process the straightforward way,
  ``json.dumps(record, ensure_ascii=False)`` of ``article.to_json()`` and of
  each removal (what ``Results.write`` did before), written through the same
  atomic :func:`~newsmill.results.write.write_directory`;
- ``newsmill``: ``Results.write``.

Every results file of each method must be byte-identical to the plain
writer's. Seconds are wall and CPU (this process and the worker processes it
waited for, user + system); both are disturbed by whatever else the machine
runs, so the load average is printed with them.

Usage (run by hand)::

    python benchmarks/results_write.py /tmp/c20k/articles.jsonl --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsmill.config import Config
from newsmill.pipeline import Results, clean, pair_json
from newsmill.results.write import ARTICLES, DUPLICATES, PAIRS, REMOVED, REPORT, STORIES, write_directory
from newsmill.story import story_pair_json

#: The characters JSON leaves raw that some readers take for line breaks, escaped (as ``json_line`` does).
LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def plain_line(record: dict[str, Any]) -> str:
    """A JSONL line made by ``json.dumps``, as the writer made every line before."""
    line = json.dumps(record, ensure_ascii=False)
    if "\x85" in line or "\u2028" in line or "\u2029" in line:
        line = line.translate(LINE_BREAKS)
    return line + "\n"


def plain_write(results: Results, out: Path) -> None:
    """The results files made line by line in this process, the straightforward way."""
    ids = [a.id for a in results.articles]
    write_directory(out, {
        ARTICLES: (plain_line(a.to_json()) for a in results.shown),
        DUPLICATES: (plain_line(a.to_json()) for a in results.duplicates),
        REMOVED: (plain_line(r.to_json(a.source.path)) for a in results.articles for r in a.removals),
        PAIRS: (plain_line(pair_json(p, ids)) for p in results.pairs),
        STORIES: (plain_line(story_pair_json(p, ids)) for p in results.story_pairs),
        REPORT: [json.dumps(results.report, indent=2, ensure_ascii=False) + "\n"],
    })


def cpu_seconds() -> float:
    """User + system seconds of this process and of the children it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(write: Callable[[Path], None], out: Path) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    write(out)
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="an articles.jsonl (benchmarks/corpus.py)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = clean([args.corpus], Config())
    methods: dict[str, Callable[[Path], None]] = {
        "plain": lambda out: plain_write(results, out),
        "newsmill": results.write,
    }
    seconds: dict[str, list[tuple[float, float]]] = {name: [] for name in methods}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for name, write in methods.items():
                seconds[name].append(timed(write, Path(tmp) / name))
        for name in methods:
            for path in sorted((Path(tmp) / "plain").iterdir()):
                if (Path(tmp) / name / path.name).read_bytes() != path.read_bytes():
                    raise SystemExit(f"{name}: {path.name} differs from the plain writer's")
    print(f"results written: {len(results.articles):,} articles, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}; every file byte-identical to the plain writer's")
    print("| method | wall s (best) | CPU s (best) | × plain wall | × plain CPU |")
    print("|---|---:|---:|---:|---:|")
    base_wall, base_cpu = (min(column) for column in zip(*seconds["plain"], strict=True))
    for name, runs in seconds.items():
        wall, cpu = (min(column) for column in zip(*runs, strict=True))
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {base_wall / wall:.1f}× | {base_cpu / cpu:.1f}× |")


if __name__ == "__main__":
    main()
