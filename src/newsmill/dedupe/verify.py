"""Verification of candidate pairs: the exact Jaccard similarity of their shingle sets.

For shingle-hash sets A and B, J(A, B) = |A ∩ B| / |A ∪ B| with
|A ∪ B| = |A| + |B| - |A ∩ B|; the sets are sorted unique ``uint32``
arrays, intersected with numpy. The value is the float Python's ``set``
arithmetic gives (:func:`newsmill.dedupe.shingles.jaccard`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .shingles import shingle_hashes


def shingle_array(text: str, ngram: int) -> np.ndarray:
    """The sorted distinct shingle hashes of ``text``."""
    return np.unique(shingle_hashes(text, ngram))


def array_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """J of two sorted unique arrays, 0.0 when both are empty."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def similarities(pairs: np.ndarray, texts: Mapping[int, str], ngram: int) -> list[float]:
    """Exact Jaccard similarity of each pair ``(a, b)`` of ``pairs``; ``texts`` holds every id in them."""
    arrays: dict[int, np.ndarray] = {}

    def of(index: int) -> np.ndarray:
        if index not in arrays:
            arrays[index] = shingle_array(texts[index], ngram)
        return arrays[index]

    return [array_jaccard(of(a), of(b)) for a, b in pairs.tolist()]
