"""How many shingle sets the near search's checking tasks make, in two orders of the candidates.

:func:`~newsmill.boilerplate.near.near_groups` checks its candidate pairs in tasks of
``TASK_PAIRS``, each making the shingle sets of its own paragraphs again, so a
paragraph whose candidates fall in several tasks is sketched several times. This
finds the candidates of INPUT's distinct paragraphs as the boilerplate stage does
(:func:`~newsmill.boilerplate.near.candidates_of`) and prints, for the tasks in the
order of :func:`~newsmill.hashing.lsh.unique_pairs` and in the stage's order
(:func:`~newsmill.boilerplate.near.task_blocks`), how many sets they make and how
many that is per paragraph in a candidate pair. Counts only: nothing is timed.

Usage: python benchmarks/near_tasks.py INPUT [--jobs N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from newsmill.boilerplate.near import TASK_PAIRS, candidates_of, task_blocks
from newsmill.boilerplate.spilled import Spilled
from newsmill.boilerplate.stage import paragraph_keys
from newsmill.config import Config
from newsmill.pipeline import load
from newsmill.textview import ParagraphTexts
from newsmill.workers import Pool, chunked


def sets_made(blocks: list[np.ndarray]) -> int:
    """The shingle sets the tasks ``blocks`` make: the distinct paragraphs of each."""
    return sum(len(np.unique(block)) for block in blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="a JSONL file, dump or directory")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (0: every core)")
    args = parser.parse_args()
    articles = load([args.input], Config(jobs=args.jobs))
    texts = ParagraphTexts(articles)
    with Pool(args.jobs), Spilled() as normals, Spilled() as skeletons:
        keys, _, spilled = paragraph_keys(texts, args.jobs, normals)
        _, first = np.unique(keys, return_index=True)
        rows = np.searchsorted(spilled, first[np.isin(first, spilled)])  # the distinct ones that may take part
        found = candidates_of(normals, rows, skeletons, args.jobs)
    paired = len(np.unique(found.pairs))
    print(
        f"{len(articles):,} articles, {len(first):,} distinct paragraphs, {len(found.chosen):,} taking part, "
        f"{len(found.pairs):,} candidate pairs among {paired:,} of them; tasks of {TASK_PAIRS:,} pairs"
    )
    for name, blocks in (
        ("unique_pairs order", chunked(found.pairs, TASK_PAIRS) if len(found.pairs) else []),
        ("task_blocks order", task_blocks(found.pairs, len(found.chosen))),
    ):
        made = sets_made(blocks)
        print(f"{name:<20} {len(blocks):>6,} tasks {made:>12,} sets made {made / max(paired, 1):6.2f} per paragraph")


if __name__ == "__main__":
    main()
