"""Pipeline speed: ``newsmill run`` end to end, stage by stage, against the straightforward dedupe loop.

What a user runs is timed: ``newsmill run CORPUS/articles.jsonl -o OUT``
(defaults: every stage, translation included, which without an installed
nl→en model only records why it did not translate) in its own process,
reading and writing files. Per size the table shows:

- the run's wall time and articles per second, and its CPU seconds (user
  plus system, of the newsmill process and its workers): on a machine other
  work also uses, the CPU seconds move far less than the wall time;
- each stage's seconds and share of the wall time, from ``report.json``'s
  ``timing``; ``other`` is what no stage covers (start-up, writing the
  results directory);
- peak resident memory of the newsmill process (``main``) and the largest
  of its worker processes, and the main process's peak as a multiple of the
  input's size;
- the ratio of newsmill's articles/s over the straightforward datasketch
  dedupe loop (``MinHash.update`` per shingle, :mod:`benchmarks.dedupe_speed`),
  measured in the same run on the first ``--baseline-articles`` articles of
  the same corpus (its cost per article does not depend on the corpus size).

With ``--against NEWSMILL`` (another installation's ``newsmill`` script, such
as the main branch's), each corpus is also run by that one, alternately with
this one, so the two rows of a size are measured back to back on the same
corpus and the same machine state; the row's ``version`` says which.

Corpora come from :mod:`benchmarks.corpus` (FLORES/NTREX sentences, ~450
words, 20% Dutch, copies and boilerplate) and are written to a temporary
directory first; generating them is not timed.

Usage (run by hand; 1M articles take several GB of disk and many minutes)::

    python benchmarks/pipeline_speed.py                      # 10k and 100k
    python benchmarks/pipeline_speed.py --sizes 10000 --million
    python benchmarks/pipeline_speed.py --against /work/main/.venv/bin/newsmill
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import CorpusConfig, iter_articles, write_corpus
from benchmarks.dedupe_speed import straightforward_pairs
from newsmill.config import Config
from newsmill.workers import cores

STAGES = ("ingest", "langid", "boilerplate", "dedupe", "translate", "stories")


def newsmill_command() -> list[str]:
    """The ``newsmill`` script of this Python's environment, as a user would type it."""
    script = Path(sys.executable).with_name("newsmill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsmill"]


def baseline_rate(corpus: Path, articles: int) -> float:
    """Articles per second of the straightforward datasketch loop on the first ``articles`` texts."""
    with corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in islice(lines, articles)]
    start = time.perf_counter()
    straightforward_pairs(texts, Config())
    return len(texts) / (time.perf_counter() - start)


def children_cpu() -> float:
    """CPU seconds (user and system) of the processes this one has waited for, and of theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_newsmill(command: list[str], corpus: Path, out: Path, extra: list[str]) -> tuple[float, float, dict[str, Any]]:
    """Wall seconds and CPU seconds of ``newsmill run CORPUS -o OUT`` (``command``: the
    ``newsmill`` to run), and its report."""
    shutil.rmtree(out, ignore_errors=True)
    start, cpu = time.perf_counter(), children_cpu()
    subprocess.run([*command, "run", str(corpus), "-o", str(out), "--quiet", *extra], check=True)
    seconds, cpu = time.perf_counter() - start, children_cpu() - cpu
    return seconds, cpu, json.loads((out / "report.json").read_text(encoding="utf-8"))


def benchmark(
    sizes: Iterable[int],
    seed: int,
    baseline_articles: int,
    extra: list[str],
    keep: Path | None,
    against: Path | None = None,
) -> list[dict[str, Any]]:
    """One row per size and version (this one, and ``against`` when given, run first), printed to
    stderr as each run ends."""
    versions = [("this", newsmill_command())]
    if against is not None:
        versions.insert(0, ("against", [str(against)]))
    rows = []
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"pipeline-{size}-", dir=keep))
        try:
            write_corpus(iter_articles(CorpusConfig(n_articles=size, seed=seed)), jsonl_dir=work)
            corpus = work / "articles.jsonl"
            loop = baseline_rate(corpus, min(size, baseline_articles))
            for version, command in versions:
                seconds, cpu, report = run_newsmill(command, corpus, work / "out", extra)
                rows.append(
                    dict(
                        version=version,
                        size=size,
                        input_mb=corpus.stat().st_size / 2**20,
                        seconds=seconds,
                        cpu=cpu,
                        loop=loop,
                        timing=report["timing"],
                    )
                )
                print(
                    f"  {version} {size:,} articles: {seconds:.1f} s, {cpu:.1f} CPU s (loop {loop:,.0f} articles/s)",
                    file=sys.stderr,
                    flush=True,
                )
        finally:
            if keep is None:
                shutil.rmtree(work, ignore_errors=True)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table; per-article time relative to the first (smallest) size of
    the row's version."""
    head = [
        "version",
        "articles",
        "input MB",
        "seconds",
        "CPU s",
        "articles/s",
        *STAGES,
        "other",
        "main MB",
        "worker MB",
        "main / input",
        "× loop",
        "× time/article",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    first: dict[str, float] = {}
    for row in rows:
        first.setdefault(row["version"], row["seconds"] / row["size"])
        stage_seconds = row["timing"]["seconds"]
        seconds = row["seconds"]
        cells = [f"{stage_seconds.get(s, 0.0):.1f} ({stage_seconds.get(s, 0.0) / seconds:.0%})" for s in STAGES]
        other = seconds - sum(stage_seconds.values())
        memory = row["timing"]["peak_memory_mb"]
        rate = row["size"] / seconds
        lines.append(
            "| "
            + " | ".join(
                [
                    row["version"],
                    f"{row['size']:,}",
                    f"{row['input_mb']:,.0f}",
                    f"{seconds:.1f}",
                    f"{row['cpu']:.1f}",
                    f"{rate:,.0f}",
                    *cells,
                    f"{other:.1f} ({other / seconds:.0%})",
                    f"{memory['main']:,.0f}",
                    f"{memory['workers']:,.0f}",
                    f"{memory['main'] / row['input_mb']:.2f}",
                    f"{rate / row['loop']:.1f}×",
                    f"{seconds / row['size'] / first[row['version']]:.2f}",
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes")
    parser.add_argument("--million", action="store_true", help="also run 1,000,000 articles")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument(
        "--baseline-articles", type=int, default=3_000, help="articles the straightforward loop is timed on"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="write corpora and results under this directory and keep them"
    )
    parser.add_argument(
        "--against",
        type=Path,
        default=None,
        help="another newsmill script (e.g. the main branch's) to run on each corpus too, back to back with this one",
    )
    parser.add_argument("newsmill_options", nargs="*", help="extra options for newsmill run (after --)")
    args = parser.parse_args(argv)
    sizes = args.sizes + ([1_000_000] if args.million else [])
    rows = benchmark(sizes, args.seed, args.baseline_articles, args.newsmill_options, args.keep, args.against)
    print(
        f"pipeline speed: newsmill run end to end, {cores()} cores, load average at end {os.getloadavg()[0]:.1f}, "
        f"options: {' '.join(args.newsmill_options) or 'defaults'}; stage cells: seconds (share of the wall time)"
    )
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
