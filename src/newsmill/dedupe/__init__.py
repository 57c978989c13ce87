"""Dedupe: exact and near-duplicate articles, grouped into clusters, one kept per cluster.

Entry point: :func:`dedupe`. Steps:

1. Exact duplicates: articles whose normalised text hashes equal
   (:func:`newsmill.text.text_hash`) form a group; one representative of each
   group goes on.
2. Candidates: each representative's MinHash signature is inserted into a
   datasketch ``MinHashLSH`` tuned to a threshold ``CANDIDATE_MARGIN`` below
   ``threshold`` (so pairs just above the threshold are not lost to banding
   noise) and queried for neighbours.
3. Verification: a candidate pair counts when the exact Jaccard similarity
   of the two shingle sets is at least ``threshold``.
4. Clusters: union-find over exact groups and verified pairs; the survivor of
   each cluster is chosen by the ``keep`` policy
   (:func:`newsmill.dedupe.clusters.choose_survivor`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHashLSH

from ..config import Config
from ..record import Article
from ..text import text_hash
from .clusters import UnionFind, choose_survivor
from .minhash import signature
from .shingles import jaccard, shingle_set

CANDIDATE_MARGIN = 0.1


@dataclass(frozen=True)
class Pair:
    """A checked pair of article indices, ``a < b``.

    ``exact`` pairs share their normalised text; other pairs are LSH
    candidates, ``duplicate`` when their similarity reached the threshold.
    """

    a: int
    b: int
    similarity: float
    exact: bool
    duplicate: bool


@dataclass
class DedupeSummary:
    """What dedupe found, in counts."""

    clusters: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    candidate_pairs: int = 0
    verified_pairs: int = 0


def find_pairs(texts: Sequence[str], config: Config) -> list[Pair]:
    """Exact-duplicate pairs and every checked LSH candidate pair among ``texts``."""
    pairs: list[Pair] = []
    first_with_hash: dict[int, int] = {}
    representatives: list[int] = []
    for index, text in enumerate(texts):
        if not text.strip():
            continue
        key = text_hash(text)
        if key in first_with_hash:
            pairs.append(Pair(first_with_hash[key], index, 1.0, True, True))
        else:
            first_with_hash[key] = index
            representatives.append(index)

    candidate_threshold = max(0.05, config.threshold - CANDIDATE_MARGIN)
    lsh = MinHashLSH(threshold=candidate_threshold, num_perm=config.num_perm)
    signatures = {}
    for index in representatives:
        sig = signature(texts[index], config.ngram, config.num_perm)
        if sig is not None:
            signatures[index] = sig
            lsh.insert(index, sig)
    for index, sig in signatures.items():
        for other in sorted(lsh.query(sig)):
            if other <= index:
                continue
            similarity = jaccard(
                shingle_set(texts[index], config.ngram), shingle_set(texts[other], config.ngram)
            )
            pairs.append(
                Pair(index, other, round(similarity, 4), False, similarity >= config.threshold)
            )
    return pairs


def group(size: int, pairs: Sequence[Pair]) -> list[list[int]]:
    """Clusters (index lists with more than one member) joined by the duplicate pairs."""
    sets = UnionFind(size)
    for pair in pairs:
        if pair.duplicate:
            sets.union(pair.a, pair.b)
    return sets.groups()


def dedupe(articles: Sequence[Article], config: Config) -> tuple[list[Pair], DedupeSummary]:
    """Mark duplicates in place: ``cluster``, ``duplicate_of`` and ``similarity``.

    Returns the checked pairs and a summary. Articles not in any cluster get
    their own id as cluster.
    """
    texts = [article.text for article in articles]
    pairs = find_pairs(texts, config)
    summary = DedupeSummary(
        candidate_pairs=sum(not p.exact for p in pairs),
        verified_pairs=sum(p.duplicate and not p.exact for p in pairs),
    )
    for article in articles:
        article.cluster, article.duplicate_of, article.similarity = article.id, None, None
    for members in group(len(articles), pairs):
        summary.clusters += 1
        kept = choose_survivor(members, articles, config.keep)
        kept_hash = text_hash(texts[kept])
        kept_shingles = shingle_set(texts[kept], config.ngram)
        for index in members:
            article = articles[index]
            article.cluster = articles[kept].id
            if index == kept:
                continue
            article.duplicate_of = articles[kept].id
            if text_hash(texts[index]) == kept_hash:
                article.similarity = 1.0
                summary.exact_duplicates += 1
            else:
                article.similarity = round(
                    jaccard(shingle_set(texts[index], config.ngram), kept_shingles), 4
                )
                summary.near_duplicates += 1
    return pairs, summary
