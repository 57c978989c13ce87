"""Dedupe: exact and near-duplicate articles, grouped into clusters, one kept per cluster.

Entry point: :func:`dedupe`. Steps:

1. Exact duplicates: articles whose normalised text hashes equal
   (:func:`newsmill.text.text_hash`) form a group; one representative of each
   group goes on.
2. Candidates: each representative's MinHash signature
   (:mod:`newsmill.hashing.signatures`, datasketch's values computed with numpy) is cut
   into the bands datasketch's ``MinHashLSH`` would use when tuned
   ``CANDIDATE_MARGIN`` below ``threshold`` (so pairs just above the
   threshold are not lost to banding noise); representatives sharing a band
   are candidates (:mod:`newsmill.hashing.lsh`, compact ``uint64`` band keys).
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

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..config import Config
from ..hashing.unionfind import UnionFind
from ..progress import SILENT, Progress
from ..record import Article
from ..textview import article_texts
from .clusters import SurvivorFacts, choose_by_facts
from .local import Checked, find_checked
from .sketch import CANDIDATE_MARGIN, exact_key
from .verify import similarities

__all__ = [
    "CANDIDATE_MARGIN", "DedupeSummary", "MemberFacts", "Membership", "Pair", "decide", "dedupe", "engine_session",
    "find_pairs", "group", "mark_duplicates", "to_pairs", "unmeasured",
]


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
    for (a, b), similarity in zip(checked.candidates.tolist(), checked.similarity, strict=False):
        pairs.append(Pair(a, b, round(similarity, 4), False, similarity >= threshold))
    return pairs


def group(size: int, pairs: Sequence[Pair]) -> list[list[int]]:
    """Clusters (index lists with more than one member, ascending, clusters by first member)
    among ``size`` articles joined by the duplicate pairs. The union-find holds only the
    articles in such pairs, so its memory grows with the duplicates, not the corpus."""
    joined = [(p.a, p.b) for p in pairs if p.duplicate]
    nodes = sorted({i for pair in joined for i in pair})
    if nodes and not 0 <= nodes[0] <= nodes[-1] < size:
        raise ValueError(f"pair indices must lie in 0..{size - 1}")
    position = {node: k for k, node in enumerate(nodes)}
    sets = UnionFind(len(nodes))
    for a, b in joined:
        sets.union(position[a], position[b])
    return [[nodes[k] for k in members] for members in sets.groups()]


@dataclass(frozen=True)
class MemberFacts:
    """What deciding a cluster reads of one member: its id, what the ``keep`` policy compares
    and the exact key of its text (a few bytes, wherever the article itself is)."""

    id: str
    survivor: SurvivorFacts
    exact_key: int

    @classmethod
    def of(cls, article: Article) -> MemberFacts:
        return cls(article.id, SurvivorFacts.of(article), exact_key(article.text))


@dataclass(frozen=True)
class Membership:
    """A cluster member: its index, the index of the member its cluster keeps, and its
    similarity to that member (``None`` for the kept member, and for a near duplicate joined
    through other members, whose similarity was not checked: :func:`unmeasured`)."""

    index: int
    kept: int
    similarity: float | None


def decide(
    groups: Sequence[Sequence[int]], pairs: Sequence[Pair], facts: Mapping[int, MemberFacts], policy: str
) -> tuple[list[Membership], DedupeSummary]:
    """The survivor of each cluster (``groups``, from :func:`group`) by the ``keep`` policy,
    each member's :class:`Membership`, and the summary. ``facts``: every member's."""
    summary = DedupeSummary(
        candidate_pairs=sum(not p.exact for p in pairs),
        verified_pairs=sum(p.duplicate and not p.exact for p in pairs),
    )
    checked = {(p.a, p.b): p.similarity for p in pairs if not p.exact}
    memberships = []
    for members in groups:
        summary.clusters += 1
        kept = choose_by_facts(members, {i: facts[i].survivor for i in members}, policy)
        for index in members:
            similarity = None
            if index == kept:
                pass
            elif facts[index].exact_key == facts[kept].exact_key:
                similarity = 1.0
                summary.exact_duplicates += 1
            else:
                summary.near_duplicates += 1
                similarity = checked.get((min(index, kept), max(index, kept)))
            memberships.append(Membership(index, kept, similarity))
    return memberships, summary


def unmeasured(memberships: Sequence[Membership]) -> list[tuple[int, int]]:
    """The pairs ``(a, b)``, ``a < b``, of duplicates and their kept member whose similarity is still to measure."""
    return sorted(
        {(min(m.index, m.kept), max(m.index, m.kept))
         for m in memberships if m.index != m.kept and m.similarity is None}
    )


def dedupe(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> tuple[list[Pair], DedupeSummary]:
    """Mark duplicates in place: ``cluster``, ``duplicate_of`` and ``similarity``.

    Returns the checked pairs and a summary. Articles not in any cluster get
    their own id as cluster. ``progress`` shows how far :func:`find_pairs` is.
    """
    texts = article_texts(articles)
    pairs = find_pairs(texts, config, progress)
    groups = group(len(articles), pairs)
    facts = {i: MemberFacts.of(articles[i]) for members in groups for i in members}
    memberships, summary = decide(groups, pairs, facts, config.keep)
    wanted = unmeasured(memberships)
    found = similarities(np.asarray(wanted, dtype=np.int64).reshape(-1, 2), texts, config.ngram)
    measured = dict(zip(wanted, found, strict=True))
    mark_duplicates(articles, memberships, lambda i: facts[i].id, measured)
    return pairs, summary


def mark_duplicates(
    articles: Sequence[Article],
    memberships: Sequence[Membership],
    id_of: Callable[[int], str],
    measured: Mapping[tuple[int, int], float],
    offset: int = 0,
) -> None:
    """Set ``cluster``, ``duplicate_of`` and ``similarity`` of ``articles`` (indices ``offset``
    onwards of the corpus) from their memberships; ``id_of`` gives a kept member's id and
    ``measured`` the similarities of the :func:`unmeasured` pairs (rounded here to 4 places)."""
    for article in articles:
        article.cluster, article.duplicate_of, article.similarity = article.id, None, None
    for member in memberships:
        article = articles[member.index - offset]
        article.cluster = id_of(member.kept)
        if member.index == member.kept:
            continue
        article.duplicate_of = article.cluster
        pair = (min(member.index, member.kept), max(member.index, member.kept))
        article.similarity = member.similarity if member.similarity is not None else round(measured[pair], 4)
