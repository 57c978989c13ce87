"""Dedupe speed: newsmill against plain datasketch on the same generated corpus, in one run.

Methods, each finding the same kind of pairs (exact copies by normalised
text hash, near copies by MinHash LSH tuned 0.1 below the threshold, every
candidate verified by the exact Jaccard similarity of its shingle sets):

- ``datasketch-loop``: the straightforward loop: one ``MinHash`` per article,
  ``MinHash.update`` per shingle, ``MinHashLSH.insert`` then ``query``.
- ``datasketch-best``: the best plain-datasketch usage: ``MinHash.bulk`` per
  chunk, ``LeanMinHash``, an ``insertion_session``.
- ``newsmill-1``: :func:`newsmill.dedupe.find_pairs` with one process.
- ``newsmill``: the same on every core (``--jobs``, default all).

All methods use newsmill's shingles and shingle hash, so they find the same
pairs; the table shows the pair precision/recall of the resulting clusters
against the generator's gold groups. Each method runs in a fresh forked
process (:mod:`benchmarks.measure`): "peak MB" is what it adds to the texts
held in memory, "B/article" that divided by the number of articles, and
"worker MB" the largest peak of newsmill's worker processes above the same
start, including the pages of the texts a worker read.

Usage (run by hand; the baselines take minutes at 100k)::

    python benchmarks/dedupe_speed.py                       # 10k and 100k
    python benchmarks/dedupe_speed.py --sizes 10000 --million
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datasketch import LeanMinHash, MinHash, MinHashLSH

from benchmarks.corpus import CorpusConfig, iter_articles
from benchmarks.measure import measured
from benchmarks.metrics import pair_scores, pairs_of
from newsmill.config import Config
from newsmill.dedupe import CANDIDATE_MARGIN, Pair, find_pairs, group
from newsmill.hashing.minhash import SCHEME, SEED
from newsmill.hashing.shingles import jaccard, shingle_hash, shingles
from newsmill.text import text_hash
from newsmill.workers import cores

#: A checked pair as the baselines report it: (a, b, similarity, exact, duplicate).
Checked = tuple[int, int, float, bool, bool]
Signer = Callable[[Sequence[str], list[int], Config], Iterator[tuple[int, MinHash]]]


def loop_signatures(texts: Sequence[str], indices: list[int], config: Config) -> Iterator[tuple[int, MinHash]]:
    """One ``MinHash`` per article, updated shingle by shingle."""
    for index in indices:
        minhash = MinHash(num_perm=config.num_perm, seed=SEED, scheme=SCHEME, hashfunc=shingle_hash)
        grams = shingles(texts[index], config.ngram)
        for gram in grams:
            minhash.update(gram.encode("utf-8"))
        if grams:
            yield index, minhash


def bulk_signatures(
    texts: Sequence[str], indices: list[int], config: Config, chunk: int = 1000
) -> Iterator[tuple[int, LeanMinHash]]:
    """``MinHash.bulk`` over chunks of articles, kept as ``LeanMinHash``."""
    for start in range(0, len(indices), chunk):
        block = [i for i in indices[start : start + chunk] if shingles(texts[i], config.ngram)]
        grams = [[g.encode("utf-8") for g in shingles(texts[i], config.ngram)] for i in block]
        minhashes = MinHash.bulk(grams, num_perm=config.num_perm, seed=SEED, scheme=SCHEME, hashfunc=shingle_hash)
        yield from zip(block, map(LeanMinHash, minhashes), strict=False)


def datasketch_pairs(texts: Sequence[str], config: Config, signer: Signer, session: bool) -> list[Checked]:
    """The pairs of newsmill's algorithm written with plain datasketch (the pre-vectorised dedupe)."""
    pairs: list[Checked] = []
    first_with_hash: dict[int, int] = {}
    representatives: list[int] = []
    for index, text in enumerate(texts):
        if not text.strip():
            continue
        key = text_hash(text)
        if key in first_with_hash:
            pairs.append((first_with_hash[key], index, 1.0, True, True))
        else:
            first_with_hash[key] = index
            representatives.append(index)
    lsh = MinHashLSH(threshold=max(0.05, config.threshold - CANDIDATE_MARGIN), num_perm=config.num_perm)
    signatures = dict(signer(texts, representatives, config))
    if session:
        with lsh.insertion_session() as inserter:
            for index, minhash in signatures.items():
                inserter.insert(index, minhash, check_duplication=False)
    else:
        for index, minhash in signatures.items():
            lsh.insert(index, minhash)
    for index, minhash in signatures.items():
        for other in sorted(lsh.query(minhash)):
            if other > index:
                similarity = jaccard(_shingle_set(texts[index], config), _shingle_set(texts[other], config))
                pairs.append((index, other, round(similarity, 4), False, similarity >= config.threshold))
    return pairs


def _shingle_set(text: str, config: Config) -> set[int]:
    return {shingle_hash(g.encode("utf-8")) for g in shingles(text, config.ngram)}


def straightforward_pairs(texts: Sequence[str], config: Config) -> list[Checked]:
    """Method ``datasketch-loop``."""
    return datasketch_pairs(texts, config, loop_signatures, session=False)


def best_datasketch_pairs(texts: Sequence[str], config: Config) -> list[Checked]:
    """Method ``datasketch-best``."""
    return datasketch_pairs(texts, config, bulk_signatures, session=True)


def newsmill_pairs(texts: Sequence[str], config: Config) -> list[Checked]:
    """Methods ``newsmill`` / ``newsmill-1`` (``config.jobs``)."""
    return [(p.a, p.b, p.similarity, p.exact, p.duplicate) for p in find_pairs(texts, config)]


def duplicate_pairs(
    method: Callable[[Sequence[str], Config], list[Checked]], texts: Sequence[str], config: Config
) -> list[tuple[int, int]]:
    """The pairs ``method`` found to be duplicates (all that goes back from the measured process)."""
    return [(a, b) for a, b, _, _, duplicate in method(texts, config) if duplicate]


def load(size: int, seed: int) -> tuple[list[str], set[tuple[int, int]]]:
    """Texts of a generated corpus of ``size`` articles and its gold pairs as index pairs."""
    texts: list[str] = []
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(iter_articles(CorpusConfig(n_articles=size, seed=seed))):
        texts.append(record["text"])
        groups.setdefault(record["group"], []).append(index)
    return texts, pairs_of(m for m in groups.values() if len(m) > 1)


METHODS = {
    "datasketch-loop": straightforward_pairs,
    "datasketch-best": best_datasketch_pairs,
    "newsmill-1": newsmill_pairs,
    "newsmill": newsmill_pairs,
}


def benchmark(sizes: Iterable[int], baseline_max: int, jobs: int, seed: int) -> list[dict]:
    """Every method on every size (baselines up to ``baseline_max``); one row per run, printed as it ends."""
    rows = []
    for size in sizes:
        texts, gold = load(size, seed)
        for name, method in METHODS.items():
            if name.startswith("datasketch") and size > baseline_max:
                continue
            config = Config(jobs=1 if name == "newsmill-1" else jobs)
            run = measured(duplicate_pairs, method, texts, config)
            clusters = group(size, [Pair(a, b, 1.0, False, True) for a, b in run.result])
            precision, recall, f1 = pair_scores(pairs_of(clusters), gold)
            rows.append(
                dict(
                    size=size,
                    method=name,
                    seconds=run.seconds,
                    rate=size / run.seconds,
                    peak=run.peak,
                    worker_peak=run.worker_peak,
                    precision=precision,
                    recall=recall,
                    f1=f1,
                )
            )
            print(f"  {name} on {size:,}: {run.seconds:.1f} s", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    """The results as a Markdown table, with newsmill's speed as a ratio over each baseline."""
    lines = [
        "| articles | method | articles/s | seconds | peak MB | B/article | worker MB "
        "| precision | recall | F1 | newsmill × |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ours = next(r for r in rows if r["size"] == row["size"] and r["method"] == "newsmill")
        ratio = f"{ours['rate'] / row['rate']:.1f}×" if row["method"] != "newsmill" else ""
        workers = f"{row['worker_peak'] / 2**20:,.0f}" if row["worker_peak"] is not None else ""
        lines.append(
            f"| {row['size']:,} | {row['method']} | {row['rate']:,.0f} | {row['seconds']:.1f} | "
            f"{row['peak'] / 2**20:,.0f} | {row['peak'] / row['size']:,.0f} | {workers} | {row['precision']:.4f} | "
            f"{row['recall']:.4f} | {row['f1']:.4f} | {ratio} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes")
    parser.add_argument("--million", action="store_true", help="also run newsmill alone on 1,000,000 articles")
    parser.add_argument("--baseline-max", type=int, default=100_000, help="largest size the baselines run on")
    parser.add_argument("--jobs", type=int, default=0, help="newsmill's processes (0: every core)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    args = parser.parse_args(argv)
    sizes = args.sizes + ([1_000_000] if args.million else [])
    rows = benchmark(sizes, args.baseline_max, args.jobs, args.seed)
    print(
        f"dedupe speed: {cores()} cores, load average at end {os.getloadavg()[0]:.1f}, "
        f"Config defaults (threshold {Config().threshold}, ngram {Config().ngram}, num_perm {Config().num_perm})"
    )
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
