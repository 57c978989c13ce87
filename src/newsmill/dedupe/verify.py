"""Verification of candidate pairs: the exact Jaccard similarity of their shingle sets.

For shingle-hash sets A and B, J(A, B) = |A ∩ B| / |A ∪ B| with
|A ∪ B| = |A| + |B| - |A ∩ B|; the sets are sorted unique ``uint32``
arrays, intersected with numpy. The value is the float Python's ``set``
arithmetic gives (:func:`newsmill.hashing.shingles.jaccard`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..hashing.distinct import distinct
from ..hashing.shingles import BLOCK_TEXTS, folded_hashes, folded_utf8, shingle_hashes


def shingle_array(text: str, ngram: int) -> np.ndarray:
    """The sorted distinct shingle hashes of ``text``."""
    return distinct(shingle_hashes(text, ngram))


def array_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """J of two sorted unique arrays, 0.0 when both are empty."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def similarities(pairs: np.ndarray, texts: Mapping[int, str] | Sequence[str], ngram: int) -> list[float]:
    """Exact Jaccard similarity of each pair ``(a, b)`` of ``pairs``; ``texts`` holds every id in them.

    The shingle hashes are computed ``BLOCK_TEXTS`` texts at a time (:func:`folded_hashes`),
    which bounds the temporaries.
    """
    ids = distinct(pairs).tolist()
    arrays: dict[int, np.ndarray] = {}
    for first in range(0, len(ids), BLOCK_TEXTS):
        block = ids[first : first + BLOCK_TEXTS]
        arrays.update(
            zip(block, map(distinct, folded_hashes([folded_utf8(texts[i]) for i in block], ngram)), strict=False)
        )
    return [array_jaccard(arrays[a], arrays[b]) for a, b in pairs.tolist()]
