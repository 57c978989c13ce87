"""Duplicate clusters of a results directory: who was kept, who was dropped, how similar.

Gathered in passes so that a large run stays cheap: the first pass over
``duplicates.jsonl`` keeps only ids and similarities to rank the clusters;
the texts are then read for the clusters that will be shown, and no others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..results.read import ResultsDir


@dataclass
class Member:
    """A dropped duplicate: its id and its similarity to the kept article."""

    id: str
    similarity: float
    record: dict[str, Any] | None = None


@dataclass
class Cluster:
    """The kept article of a cluster and its dropped duplicates, in results order."""

    kept_id: str
    members: list[Member] = field(default_factory=list)
    kept: dict[str, Any] | None = None

    @property
    def size(self) -> int:
        """Articles in the cluster, the kept one included."""
        return len(self.members) + 1


@dataclass
class ClusterListing:
    """The clusters shown in full and those listed by title, largest first, and how many there are in all."""

    shown: list[Cluster]
    listed: list[Cluster]
    total: int


def gather_clusters(results: ResultsDir, limit: int, members_limit: int, listed: int = 0) -> ClusterListing:
    """The ``limit`` largest clusters (ties in results order), each with at most
    ``members_limit`` duplicates carrying their records, and the kept articles' records;
    then the next ``listed`` clusters, with their kept articles' records only."""
    clusters: dict[str, Cluster] = {}
    for record in results.duplicates():
        kept_id = record["duplicate_of"]
        cluster = clusters.setdefault(kept_id, Cluster(kept_id))
        cluster.members.append(Member(record["id"], record.get("similarity") or 0.0))
    ranked = sorted(clusters.values(), key=lambda c: -c.size)[: limit + listed]
    wanted = {m.id: m for c in ranked[:limit] for m in c.members[:members_limit]}
    for record in results.duplicates():
        if record["id"] in wanted:
            wanted[record["id"]].record = record
    kept = {c.kept_id: c for c in ranked}
    for record in results.articles():
        if record["id"] in kept:
            kept[record["id"]].kept = {key: record.get(key) for key in ("id", "title", "text", "source")}
    return ClusterListing(ranked[:limit], ranked[limit:], len(clusters))
