"""Dedupe on the cluster: pairs from the Dask shuffles, clusters decided on a worker.

1. The exact pairs and verified candidate pairs come from the shuffles of
   :func:`newsmill.dedupe.dask_engine.checked_future` over the texts where
   they are, assembled by one task: they never pass through the driver.
2. One task (:func:`_clusters`) forms the clusters, the connected components
   of the duplicate pairs (:func:`newsmill.dedupe.group`); each partition
   returns the :class:`~newsmill.dedupe.MemberFacts` of its members (id,
   length, language, source, exact key), and one task (:func:`_decide`)
   picks the survivors as the local engine does (:func:`newsmill.dedupe.decide`).
3. A near duplicate joined to its survivor only through other members is
   measured on the workers (:func:`~newsmill.dedupe.dask_engine.similarities_future`).
4. Each partition marks its own articles (:func:`newsmill.dedupe.mark_duplicates`).

The driver receives the counts and how many pairs are to measure; the pairs,
their similarities, clusters and memberships stay on the workers (``pairs.jsonl`` is written by
a worker too, :func:`newsmill.cluster.write.write_results`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import distributed
import numpy as np

from ..config import Config
from ..dedupe import DedupeSummary, MemberFacts, Membership, Pair, decide, group, mark_duplicates, to_pairs, unmeasured
from ..dedupe.dask_engine import checked_future, partition_of, similarities_future
from .corpus import Corpus, Part


class Decided(NamedTuple):
    """What :func:`_decide` returns: memberships per partition, the id of each kept member,
    the pairs whose similarity is still to measure, and the counts."""

    memberships: list[list[Membership]]
    kept_ids: dict[int, str]
    unmeasured: np.ndarray
    summary: DedupeSummary


def _facts(part: Part, start: int, clusters: list[list[int]]) -> dict[int, MemberFacts]:
    end = start + len(part)
    return {i: MemberFacts.of(part[i - start]) for members in clusters for i in members if start <= i < end}


def _decide(pairs: list[Pair], policy: str, clusters: list[list[int]], starts: list[int], *facts: dict) -> Decided:
    merged: dict[int, MemberFacts] = {}
    for part in facts:
        merged.update(part)
    memberships, summary = decide(clusters, pairs, merged, policy)
    owner = partition_of(np.asarray([m.index for m in memberships], dtype=np.int64), np.asarray(starts))
    per_part: list[list[Membership]] = [[] for _ in starts]
    for p, member in zip(owner.tolist(), memberships, strict=True):
        per_part[p].append(member)
    kept_ids = {m.kept: merged[m.kept].id for m in memberships}
    return Decided(per_part, kept_ids, np.asarray(unmeasured(memberships), dtype=np.int64).reshape(-1, 2), summary)


def _field(decided: Decided, name: str) -> Any:
    return getattr(decided, name)


def _memberships_of(decided: Decided, p: int) -> list[Membership]:
    return decided.memberships[p]


def _measured(found: tuple[np.ndarray, np.ndarray]) -> dict[tuple[int, int], float]:
    """The similarity of each measured pair, by pair."""
    pairs, similarity = found
    return dict(zip(map(tuple, pairs.tolist()), similarity.tolist(), strict=True))


def _mark(
    part: Part, memberships: list[Membership], offset: int, ids: dict[int, str], measured: dict[tuple[int, int], float]
) -> None:
    mark_duplicates(part, memberships, ids.__getitem__, measured, offset)


def checked_pairs(corpus: Corpus, config: Config) -> tuple[Any, Any]:
    """Futures of the :class:`~newsmill.dedupe.local.Checked` pairs of the partitions' texts as they
    are now, and of their :class:`~newsmill.dedupe.Pair` records (made once, for dedupe and ``pairs.jsonl``)."""
    checked = checked_future(corpus.client, corpus.texts(), corpus.starts, corpus.places, config)
    return checked, corpus.client.submit(to_pairs, checked, config.threshold)


def dedupe_on_cluster(corpus: Corpus, pairs: Any, config: Config) -> DedupeSummary:
    """Mark duplicates in every partition as :func:`newsmill.dedupe.dedupe` does, given the
    future of the corpus's :class:`~newsmill.dedupe.Pair` records; returns the counts."""
    client = corpus.client
    clusters = client.submit(group, corpus.total, pairs)
    facts = corpus.each(_facts, clusters, per_part=[(start,) for start in corpus.starts])
    decided = client.submit(_decide, pairs, config.keep, clusters, corpus.starts, *facts)
    wanted = client.submit(_field, decided, "unmeasured")
    summary, count = client.gather([client.submit(_field, decided, "summary"), client.submit(len, wanted)])
    measured: Any = {}
    if count:
        texts = corpus.texts()
        found = similarities_future(client, texts, corpus.starts, corpus.places, wanted, config.ngram)
        measured = client.submit(_measured, found)
        distributed.wait(measured)  # before the texts go
        del texts
    ids = client.submit(_field, decided, "kept_ids")
    per_part = [(client.submit(_memberships_of, decided, p), start) for p, start in enumerate(corpus.starts)]
    corpus.update(_mark, ids, measured, per_part=per_part)
    return summary
