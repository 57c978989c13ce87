"""MinHash signatures of articles (datasketch).

For a shingle set S and a random permutation π of the hash space,
P[min π(S) = min π(T)] = |S ∩ T| / |S ∪ T|. A signature keeps the minimum
under ``num_perm`` permutations, so the share of equal positions between two
signatures estimates the Jaccard similarity with standard error
≈ sqrt(J(1-J)/num_perm). Permutations come from datasketch's ``affine32``
scheme with a fixed seed, so signatures are stable across runs and machines
(the persistent index stores them). The values are computed with numpy
(:mod:`newsmill.hashing.signatures`) and equal datasketch's own, byte for byte.
"""

from __future__ import annotations

from datasketch import LeanMinHash

from .shingles import shingle_hashes
from .signatures import SCHEME, SEED, signatures

__all__ = ["SCHEME", "SEED", "signature"]


def signature(text: str, ngram: int, num_perm: int) -> LeanMinHash | None:
    """The MinHash of ``text``'s word ``ngram`` shingles, ``None`` for a text without words."""
    hashes = shingle_hashes(text, ngram)
    if not len(hashes):
        return None
    return LeanMinHash(seed=SEED, hashvalues=signatures([hashes], num_perm)[0], scheme=SCHEME)
