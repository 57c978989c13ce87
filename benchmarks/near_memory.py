"""Memory and time of the boilerplate stage's near-variant search, against the joined sketches.

Loads a corpus as ``newsmill run`` does, takes its distinct paragraphs as the
boilerplate stage does, then, on one pool of ``--jobs`` workers, finds their
near groups two ways, alternately (``--rounds`` times each, so a change in the
machine's load falls on both):

- ``joined``: every text's :class:`~newsmill.boilerplate.near.Forms` (shingle set,
  band keys, profile) joined in this process, each source's candidates verified
  on workers that inherit them (:func:`~newsmill.boilerplate.near.groups_of`);
  the search as it was before :func:`~newsmill.boilerplate.near.near_groups`
  stopped holding the sets;
- ``near_groups``: :func:`~newsmill.boilerplate.near.near_groups_in` as the stage calls it.

Both read the paragraphs' normal forms that the paragraph hashes left in a temporary file.

It prints, per way, the seconds, the CPU seconds of this process and its
workers together (the pool is shut down before and after each way, so the
workers' time is counted when they are reaped; CPU time suffers less than
wall time from other work on a shared machine), this process's peak resident
memory above what it held before (sampled, ``VmRSS``) and the workers' largest
summed USS, and the ratios ``near_groups / joined`` of the medians; the groups
must be equal. Timings on a shared machine are noisy: read several rounds.

Usage: python benchmarks/near_memory.py INPUT [--jobs 2] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.measure import memory_kb
from benchmarks.memory_stages import Sampler
from newsmill.boilerplate.near import groups_of, joined_forms, near_groups_in, sketched_chunk
from newsmill.boilerplate.spilled import Spilled
from newsmill.boilerplate.stage import paragraph_keys
from newsmill.config import Config
from newsmill.pipeline import load
from newsmill.textview import ParagraphTexts
from newsmill.workers import CHUNK_TEXTS, Pool, Workers, chunked

MB = 1024  # KiB per MiB


def joined(normals: Spilled, rows: np.ndarray, jobs: int) -> np.ndarray:
    """The near groups of the texts whose normal forms are ``normals.rows(rows)`` from every
    sketch joined in this process."""
    chunks = chunked(rows, CHUNK_TEXTS)
    with Workers(normals, jobs) as workers:
        forms = [part[0] for part in workers.map(partial(sketched_chunk, with_sets=True), chunks)]
    return groups_of(joined_forms(forms, [len(c) for c in chunks]), len(rows), jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="a JSONL file, dump or directory")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (0: every core)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each way, alternated")
    args = parser.parse_args()
    articles = load([args.input], Config(jobs=args.jobs))
    texts = ParagraphTexts(articles)
    ways: dict[str, Callable[[], np.ndarray]] = {
        "joined": lambda: joined(normals, rows, args.jobs),
        "near_groups": lambda: near_groups_in(normals, rows, args.jobs),
    }
    seen: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in ways}
    labels: dict[str, np.ndarray] = {}
    with Pool(args.jobs) as pool, Sampler(0.05) as sampler, Spilled() as normals:
        keys, _, spilled = paragraph_keys(texts, args.jobs, normals)
        _, first = np.unique(keys, return_index=True)
        rows = np.searchsorted(spilled, first[np.isin(first, spilled)])  # the distinct ones that may take part
        print(f"{len(articles):,} articles, {len(texts):,} paragraphs, {len(first):,} distinct, {len(rows):,} searched")
        for turn in range(args.rounds):
            for name in ways if turn % 2 == 0 else reversed(list(ways)):
                pool.close()
                before, cpu = memory_kb("VmRSS"), cpu_seconds()
                with sampler.stage(f"{name} {turn}", 0):
                    started = time.perf_counter()
                    labels[name] = ways[name]()
                    seconds = time.perf_counter() - started
                    pool.close()
                row = sampler.rows[f"{name} {turn}"]
                seen[name].append((seconds, cpu_seconds() - cpu, (row.peak - before) / MB, row.workers[2] / MB))
    assert (labels["joined"] == labels["near_groups"]).all(), "the two ways found different groups"
    print(f"{'way':<12} {'seconds':>8} {'cpu s':>7} {'main +MB':>9} {'workers uss MB':>15}")
    for name, runs in seen.items():
        for seconds, cpu, main_mb, uss_mb in runs:
            print(f"{name:<12} {seconds:8.2f} {cpu:7.2f} {main_mb:9,.0f} {uss_mb:15,.0f}")
    old, new = (np.median(np.array(seen[name]), axis=0) for name in ways)
    ratios = ", ".join(f"{what} {n / max(o, 1e-9):.2f}" for what, o, n in zip(COLUMNS, old, new, strict=True))
    grouped = int((labels["near_groups"] >= 0).sum())
    print(f"near_groups / joined (medians): {ratios}; groups equal, {grouped:,} texts in groups")


COLUMNS = ("seconds", "cpu s", "main +MB", "workers uss")


def cpu_seconds() -> float:
    """User and system seconds of this process and of its reaped children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


if __name__ == "__main__":
    main()
