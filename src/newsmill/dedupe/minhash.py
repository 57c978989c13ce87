"""MinHash signatures of articles (datasketch).

For a shingle set S and a random permutation π of the hash space,
P[min π(S) = min π(T)] = |S ∩ T| / |S ∪ T|. A signature keeps the minimum
under ``num_perm`` permutations, so the share of equal positions between two
signatures estimates the Jaccard similarity with standard error
≈ sqrt(J(1-J)/num_perm). Permutations come from datasketch's ``affine32``
scheme with a fixed seed, so signatures are stable across runs and machines
(the persistent index stores them).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash

from .shingles import shingle_hash, shingles

SEED = 1
SCHEME = "affine32"


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> np.ndarray:
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def signature(text: str, ngram: int, num_perm: int) -> LeanMinHash | None:
    """The MinHash of ``text``'s word ``ngram`` shingles, ``None`` for a text without words."""
    grams = shingles(text, ngram)
    if not grams:
        return None
    minhash = MinHash(
        num_perm=num_perm,
        seed=SEED,
        hashfunc=shingle_hash,
        permutations=_permutations(num_perm),
        scheme=SCHEME,
    )
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return LeanMinHash(minhash)
