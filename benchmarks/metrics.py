"""Quality measures of a clustering against gold groups, shared by the benchmarks.

pair precision = |P ∩ G| / |P|, pair recall = |P ∩ G| / |G|, F1 their
harmonic mean, where P and G are the unordered pairs of items placed in the
same cluster by the prediction and by the gold standard.

The adjusted Rand index (Hubert & Arabie, 1985) compares two partitions of
the same items, singletons included; with n_ij the contingency counts,
a_i, b_j its row and column sums and n the number of items:

    ARI = (Σ C(n_ij, 2) - E) / (½ (Σ C(a_i, 2) + Σ C(b_j, 2)) - E),
    E = Σ C(a_i, 2) · Σ C(b_j, 2) / C(n, 2).

It is 1 for identical partitions and about 0 for a random one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations


def pairs_of(groups: Iterable[Sequence[int]]) -> set[tuple[int, int]]:
    """Every unordered pair ``(a, b)``, ``a < b``, inside one of ``groups``."""
    return {pair for members in groups for pair in combinations(sorted(members), 2)}


def pair_scores(predicted: set[tuple[int, int]], gold: set[tuple[int, int]]) -> tuple[float, float, float]:
    """``(precision, recall, f1)`` of predicted pairs against gold pairs (1.0 where a set is empty)."""
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def labels_of(size: int, groups: Iterable[Sequence[int]]) -> list[int]:
    """Cluster label per item ``0..size-1``: the smallest member of its group, itself for singletons."""
    labels = list(range(size))
    for members in groups:
        for item in members:
            labels[item] = min(members)
    return labels


def adjusted_rand(truth: Sequence[int], predicted: Sequence[int]) -> float:
    """The adjusted Rand index of two labelings of the same items (1.0 for identical ones)."""

    def pairs(count: int) -> int:
        return count * (count - 1) // 2

    both = sum(pairs(c) for c in Counter(zip(truth, predicted, strict=False)).values())
    rows = sum(pairs(c) for c in Counter(truth).values())
    cols = sum(pairs(c) for c in Counter(predicted).values())
    expected = rows * cols / pairs(len(truth)) if len(truth) > 1 else 0.0
    best = (rows + cols) / 2
    return 1.0 if best == expected else (both - expected) / (best - expected)
