"""Dedupe: exact and near-duplicate articles, grouped into clusters, one kept per cluster.

Entry point: :func:`dedupe`. Steps:

1. Exact duplicates: articles whose normalised text hashes equal
   (:func:`newsmill.text.text_hash`) form a group; one representative of each
   group goes on.
2. Candidates: each representative's MinHash signature
   (:mod:`.vectorised`, datasketch's values computed with numpy) is cut
   into the bands datasketch's ``MinHashLSH`` would use when tuned
   ``CANDIDATE_MARGIN`` below ``threshold`` (so pairs just above the
   threshold are not lost to banding noise); representatives sharing a band
   are candidates (:mod:`.lsh`, compact ``uint64`` band keys).
3. Verification: a candidate pair counts when the exact Jaccard similarity
   of the two shingle sets is at least ``threshold`` (:mod:`.verify`).
4. Clusters: union-find over exact groups and verified pairs; the survivor of
   each cluster is chosen by the ``keep`` policy
   (:func:`newsmill.dedupe.clusters.choose_survivor`).

Steps 1-3 run on ``config.jobs`` processes (:mod:`.local`) or, with
``engine = "dask"``, on a Dask cluster (:mod:`.dask_engine`); both give the
same pairs in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from ..config import Config
from ..progress import SILENT, Progress
from ..record import Article
from ..textview import article_texts
from .clusters import UnionFind, choose_survivor
from .local import Checked, find_checked
from .sketch import CANDIDATE_MARGIN, exact_key
from .verify import array_jaccard, shingle_array

__all__ = ["CANDIDATE_MARGIN", "DedupeSummary", "Pair", "dedupe", "engine_session", "find_pairs", "group", "to_pairs"]


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


@contextmanager
def engine_session(config: Config) -> Iterator[None]:
    """Keep the engine's cluster up for every dedupe inside the block (one ``LocalCluster``
    per run with ``engine = "dask"``; nothing to keep for the local engine)."""
    if config.engine != "dask":
        yield
        return
    from .dask_engine import session

    with session(config):
        yield


def find_pairs(texts: Sequence[str], config: Config, progress: Progress = SILENT) -> list[Pair]:
    """Exact-duplicate pairs (by copy) and every checked LSH candidate pair (by ``(a, b)``) among ``texts``.

    ``progress`` shows the local engine's sketching and verification; Dask's
    work reports none from inside, so its bar pulses until it returns.
    """
    if config.engine == "dask":
        from .dask_engine import find_checked as find_checked_on_dask

        with progress.busy("dedupe", len(texts)):
            checked = find_checked_on_dask(texts, config)
    else:
        checked = find_checked(texts, config, progress)
    return to_pairs(checked, config.threshold)


def to_pairs(checked: Checked, threshold: float) -> list[Pair]:
    """:class:`Pair` records of an engine's findings; ``duplicate`` when the similarity reaches ``threshold``."""
    pairs = [Pair(a, b, 1.0, True, True) for a, b in checked.exact.tolist()]
    for (a, b), similarity in zip(checked.candidates.tolist(), checked.similarity):
        pairs.append(Pair(a, b, round(similarity, 4), False, similarity >= threshold))
    return pairs


def group(size: int, pairs: Sequence[Pair]) -> list[list[int]]:
    """Clusters (index lists with more than one member) joined by the duplicate pairs."""
    sets = UnionFind(size)
    for pair in pairs:
        if pair.duplicate:
            sets.union(pair.a, pair.b)
    return sets.groups()


def dedupe(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> tuple[list[Pair], DedupeSummary]:
    """Mark duplicates in place: ``cluster``, ``duplicate_of`` and ``similarity``.

    Returns the checked pairs and a summary. Articles not in any cluster get
    their own id as cluster. ``progress`` shows how far :func:`find_pairs` is.
    """
    texts = article_texts(articles)
    pairs = find_pairs(texts, config, progress)
    summary = DedupeSummary(
        candidate_pairs=sum(not p.exact for p in pairs),
        verified_pairs=sum(p.duplicate and not p.exact for p in pairs),
    )
    checked = {(p.a, p.b): p.similarity for p in pairs if not p.exact}
    for article in articles:
        article.cluster, article.duplicate_of, article.similarity = article.id, None, None
    for members in group(len(articles), pairs):
        summary.clusters += 1
        kept = choose_survivor(members, articles, config.keep)
        kept_key = exact_key(texts[kept])
        kept_shingles = None
        for index in members:
            article = articles[index]
            article.cluster = articles[kept].id
            if index == kept:
                continue
            article.duplicate_of = articles[kept].id
            if exact_key(texts[index]) == kept_key:
                article.similarity = 1.0
                summary.exact_duplicates += 1
                continue
            summary.near_duplicates += 1
            similarity = checked.get((min(index, kept), max(index, kept)))
            if similarity is None:  # joined through other members: not checked directly
                if kept_shingles is None:
                    kept_shingles = shingle_array(texts[kept], config.ngram)
                similarity = round(array_jaccard(shingle_array(texts[index], config.ngram), kept_shingles), 4)
            article.similarity = similarity
    return pairs, summary
