"""Dedupe on the cluster: pairs from the Dask shuffles, clusters decided from a few bytes per member.

1. The exact pairs and verified candidate pairs come from the shuffles of
   :func:`newsmill.dedupe.dask_engine.checked_on_parts` over the texts where
   they are; the driver receives integer pairs and similarities.
2. Clusters are the connected components of those pairs
   (:func:`newsmill.dedupe.group`, a union-find over integers).
3. For each cluster member only its :class:`~newsmill.dedupe.MemberFacts`
   (id, length, language, source, exact key) come to the driver, where
   :func:`newsmill.dedupe.decide` picks the survivors as the local engine does.
4. A near duplicate joined to its survivor only through other members is
   measured on the workers (:func:`~newsmill.dedupe.dask_engine.similarities_on_parts`).
5. Each partition marks its own articles (:func:`newsmill.dedupe.mark_duplicates`).
"""

from __future__ import annotations

import numpy as np

from ..config import Config
from ..dedupe import DedupeSummary, MemberFacts, Membership, Pair, decide, group, mark_duplicates, to_pairs, unmeasured
from ..dedupe.dask_engine import checked_on_parts, similarities_on_parts
from ..record import Article
from .corpus import Corpus, Part


def _mark(
    part: Part, memberships: list[Membership], offset: int, ids: dict[int, str], measured: dict[tuple[int, int], float]
) -> None:
    mark_duplicates(part, memberships, ids.__getitem__, measured, offset)


def _member_facts(article: Article) -> MemberFacts:
    return MemberFacts.of(article)


def dedupe_on_cluster(corpus: Corpus, config: Config) -> tuple[list[Pair], DedupeSummary]:
    """Mark duplicates in every partition as :func:`newsmill.dedupe.dedupe` does; the checked pairs and counts."""
    client = corpus.client
    texts = corpus.texts()
    pairs = to_pairs(checked_on_parts(client, texts, corpus.starts, config), config.threshold)
    groups = group(corpus.total, pairs)
    facts = corpus.at((i for members in groups for i in members), _member_facts)
    memberships, summary = decide(groups, pairs, facts, config.keep)
    measured: dict[tuple[int, int], float] = {}
    wanted = unmeasured(memberships)
    if wanted:
        checked, similarity = similarities_on_parts(
            client, texts, corpus.starts, np.asarray(wanted, dtype=np.int64), config.ngram
        )
        measured = dict(zip(map(tuple, checked.tolist()), similarity.tolist(), strict=True))
    client.cancel(texts)
    ids, on_workers = client.scatter([{m.kept: facts[m.kept].id for m in memberships}, measured], broadcast=True)
    per_part = corpus.routed((m.index, m) for m in memberships)
    corpus.update(
        _mark,
        ids,
        on_workers,
        per_part=[(members, start) for members, start in zip(per_part, corpus.starts, strict=True)],
    )
    return pairs, summary
