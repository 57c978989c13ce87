"""Article sketch speed: this tree's :func:`newsmill.dedupe.sketch.sketch` against a baseline tree's, in one run.

Each tree is imported in its own subprocess (so two versions of the package
never meet), the two alternating ``--repeats`` times; each subprocess times,
in CPU seconds of its own (``time.process_time``, which the other users of
a shared machine disturb less than wall time), the best of ``--rounds``
runs of the sketch and of its parts on the same texts, blocks of
``BLOCK_TEXTS`` as the sketch takes them:

- ``folded_keys``: the exact keys of the blocks;
- ``hash_runs``: their shingle hashes (the buffer, the word windows, the numpy XXH3);
- ``run_signatures``: the MinHash signatures of those hashes;
- ``sketch``: the whole sketch (case folding, exact keys, hashes, signatures, band keys).

Before timing, a subprocess allocates and frees a 16 MB array, as a
pipeline's worker processes have long done by the time they sketch: glibc
then keeps freed blocks for reuse instead of giving them back, which on a
fresh process made every temporary array fault its pages in again (1.5× the
sketch's CPU). The table shows each part's best over the subprocesses of a
tree and the ratio ``baseline / this tree``; timings on a loaded machine
are noisy, so compare ratios of a few repeats.

Usage (by hand)::

    python benchmarks/sketch_speed.py --baseline /work/main/src --corpus /tmp/c20k/articles.jsonl
    python benchmarks/sketch_speed.py --baseline ../other/src --articles 5000   # generated texts
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve()
OWN_SOURCE = HERE.parents[1] / "src"
PARTS = ("folded_keys", "hash_runs", "run_signatures", "sketch")


def load_texts(corpus: str | None, articles: int, seed: int) -> list[bytes]:
    """The UTF-8 of the first ``articles`` texts of an ``articles.jsonl``, or of a generated corpus."""
    if corpus:
        with open(corpus, encoding="utf-8") as lines:
            return [json.loads(line)["text"].encode("utf-8") for line in itertools.islice(lines, articles)]
    sys.path.insert(0, str(HERE.parents[1]))
    from benchmarks.corpus import CorpusConfig, iter_articles

    return [record["text"].encode("utf-8") for record in iter_articles(CorpusConfig(n_articles=articles, seed=seed))]


def measure(source: Path, texts: list[bytes], rounds: int) -> dict[str, float]:
    """Best CPU milliseconds of each of ``PARTS`` on ``texts``, in this process, importing the tree at ``source``."""
    sys.path.insert(0, str(source))
    import numpy as np

    import newsmill
    from newsmill.dedupe.sketch import SketchSpec, folded_keys, sketch
    from newsmill.hashing.shingles import BLOCK_TEXTS, folded_utf8, hash_runs
    from newsmill.hashing.signatures import run_signatures
    from newsmill.settings import DedupeSettings

    if not Path(newsmill.__file__).resolve().is_relative_to(source):
        raise SystemExit(f"imported {newsmill.__file__}, not the tree at {source}")
    grown = np.ones(2**21)  # see the module docstring: glibc's heap thresholds grow when it is freed
    del grown
    spec = SketchSpec.from_settings(DedupeSettings())
    blocks = [
        [folded_utf8(text, lower_ascii=False) for text in texts[i : i + BLOCK_TEXTS]]
        for i in range(0, len(texts), BLOCK_TEXTS)
    ]
    runs = [hash_runs(block, spec.ngram) for block in blocks]
    parts: dict[str, Callable[[], object]] = {
        "folded_keys": lambda: [folded_keys(block) for block in blocks],
        "hash_runs": lambda: [hash_runs(block, spec.ngram) for block in blocks],
        "run_signatures": lambda: [run_signatures(h, c[c > 0], spec.num_perm) for h, c in runs],
        "sketch": lambda: sketch(texts, spec),
    }
    best = dict.fromkeys(PARTS, float("inf"))
    for _ in range(rounds):
        for name, part in parts.items():
            start = time.process_time()
            part()
            best[name] = min(best[name], time.process_time() - start)
    return {name: round(seconds * 1000, 1) for name, seconds in best.items()}


def run_tree(source: Path, args: argparse.Namespace) -> dict[str, float]:
    """:func:`measure` in a subprocess that imports ``newsmill`` from ``source``."""
    command = [sys.executable, str(HERE), "--measure", str(source), "--articles", str(args.articles)]
    command += ["--rounds", str(args.rounds), "--seed", str(args.seed)]
    command += ["--corpus", args.corpus] if args.corpus else []
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="the src directory of the tree to compare with (required)")
    parser.add_argument("--corpus", help="an articles.jsonl (default: a generated corpus)")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per subprocess (best kept)")
    parser.add_argument("--repeats", type=int, default=3, help="subprocesses per tree, alternating")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # in a subprocess: time this tree
    args = parser.parse_args(argv)
    if args.measure:
        source = args.measure.resolve()
        print(json.dumps(measure(source, load_texts(args.corpus, args.articles, args.seed), args.rounds)))
        return 0
    if args.baseline is None:
        parser.error("--baseline is required")
    trees = {"baseline": args.baseline.resolve(), "this tree": OWN_SOURCE}
    best = {tree: dict.fromkeys(PARTS, float("inf")) for tree in trees}
    for _ in range(args.repeats):
        for tree, source in trees.items():
            for name, ms in run_tree(source, args).items():
                best[tree][name] = min(best[tree][name], ms)
    print(f"{args.articles} articles, best of {args.rounds} x {args.repeats}, CPU ms")
    print(f"{'part':<16}{'baseline':>10}{'this tree':>11}{'ratio':>8}")
    for name in PARTS:
        old, new = best["baseline"][name], best["this tree"][name]
        print(f"{name:<16}{old:>10.1f}{new:>11.1f}{old / new:>7.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
