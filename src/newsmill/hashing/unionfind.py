"""Union-find (disjoint sets) over integer indices: clusters of articles, of stories and of near-variant paragraphs."""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


class UnionFind:
    """Disjoint sets over ``0..size-1`` with path halving and union by size."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.size = [1] * size

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        if self.size[root_a] < self.size[root_b]:
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.size[root_a] += self.size[root_b]

    def groups(self) -> list[list[int]]:
        """Every set with more than one member, members ascending, sets by first member."""
        members: dict[int, list[int]] = {}
        for item in range(len(self.parent)):
            members.setdefault(self.find(item), []).append(item)
        return sorted((m for m in members.values() if len(m) > 1), key=lambda m: m[0])


def component_labels(size: int, pairs: np.ndarray) -> np.ndarray:
    """The connected components of ``0..size-1`` joined by ``pairs`` (``(m, 2)`` integers, repeats
    and self-pairs allowed), as :meth:`UnionFind.groups` orders them: ``-1`` for an item alone,
    else its set's number among the sets of more than one member, ``0, 1, ...`` by first member.
    Vectorised (scipy's connected components), for many pairs."""
    graph = coo_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(size, size))
    _, component = connected_components(graph, directed=False)
    sizes = np.bincount(component)
    # Components in order of their first member: np.unique's first indices, ascending.
    first = np.sort(np.unique(component, return_index=True)[1])
    shared = first[sizes[component[first]] > 1]
    number = np.full(len(sizes), -1, dtype=np.int64)
    number[component[shared]] = np.arange(len(shared))
    return number[component]
