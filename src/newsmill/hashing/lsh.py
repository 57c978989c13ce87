"""Locality-sensitive hashing of signatures into compact band keys, and the pairs they propose.

A signature of ``num_perm`` values is cut into ``bands`` bands of ``rows``
consecutive values. Two articles become a candidate pair when any band is
equal in both; for Jaccard similarity J that happens with probability

    P(J) = 1 - (1 - J^rows)^bands,

an S-curve. ``bands`` and ``rows`` are datasketch's own choice for a
``MinHashLSH(threshold, num_perm)`` (equal weights on the false-positive and
false-negative areas under the curve), so the candidates are the ones
datasketch would propose.

Instead of one Python ``bytes`` object per band in a dict of sets (what
``MinHashLSH`` stores), each band becomes one ``uint64`` key: a multiply-xor
hash of the band's values seeded with the band's position, so equal bands
give equal keys and keys of different bands do not meet. A collision of
unequal bands (probability about 2^-64 per pair of bands) adds a candidate,
which verification then checks like any other; it can never lose one. The
keys of n articles take ``8 · bands · n`` bytes, and candidates come from
one sort of the keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHashLSH

from .distinct import distinct
from .ragged import offsets_in_runs, ragged_positions

_PRIME = np.uint64(0x9E3779B97F4A7C15)
_MIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


@lru_cache(maxsize=32)
def bands_rows(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows)`` that datasketch's ``MinHashLSH`` picks for ``threshold`` and ``num_perm``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One ``uint64`` key per band, shape ``(len(signatures), bands)``.

    signatures: ``(n, num_perm)`` ``uint32`` MinHash values, ``num_perm >= bands · rows``.
    """
    values = signatures[:, : bands * rows].reshape(len(signatures), bands, rows).astype(np.uint64)
    keys = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64) * _PRIME, values.shape[:2]).copy()
    shift, m1, m2 = _MIX
    for row in range(rows):
        keys ^= values[:, :, row]
        keys *= m1
        keys ^= keys >> shift
    keys *= m2
    keys ^= keys >> shift
    return keys


def runs_of_rest(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions whose ``uint64`` key agrees with another position's in all but its low ``b``
    bits, ``2 ** b`` being enough to number the positions (every position whose key another has,
    and the rare few whose key differs from another's only in those bits), in runs of such keys,
    each run's positions ascending; and whether each opens its run.

    The positions are written into the low bits of their keys, so one sort of values (a third of
    the time of an argsort) brings the keys that agree on the rest next to each other. Most band
    keys are one text's alone: the pairs that share a key are found among these few.
    """
    bits = max(len(keys) - 1, 1).bit_length()
    low = np.uint64((1 << bits) - 1)
    tagged = keys & ~low
    tagged |= np.arange(len(keys), dtype=np.uint64)
    tagged.sort()
    rest = tagged >> np.uint64(bits)
    joined = rest[1:] == rest[:-1]  # each to the one before it
    in_run = np.zeros(len(keys), dtype=bool)
    in_run[1:] = joined
    in_run[:-1] |= joined
    at = np.flatnonzero(in_run)
    opens = np.ones(len(at), dtype=bool)
    opens[1:] = ~joined[at[1:] - 1]
    return (tagged[at] & low).astype(np.int64), opens


def bucket_pairs(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Distinct pairs ``(a, b)``, ``a < b``, of ids that share a key, sorted; shape ``(m, 2)``, int64.

    keys: flat ``uint64`` band keys; ids: the article id of each key (same length).
    Every two members of a bucket pair up (as in ``MinHashLSH.query``), so a
    bucket of k members gives k(k-1)/2 pairs. Only the keys of :func:`runs_of_rest` are sorted.
    """
    among = runs_of_rest(keys)[0]
    order = among[np.argsort(keys[among])]  # any order within a bucket: the pairs are sorted at the end
    keys, ids = keys[order], ids[order]
    same = keys[1:] == keys[:-1]
    starts = np.flatnonzero(same & ~np.concatenate(([False], same[:-1])))
    ends = np.searchsorted(keys, keys[starts], side="right")
    # Each member at sorted position p pairs with the later members p+1 .. end-1 of its bucket.
    sizes = ends - starts
    members = ragged_positions(starts, sizes)
    later = np.repeat(ends, sizes) - members - 1
    first = np.repeat(members, later)
    second = first + 1 + offsets_in_runs(later)
    return unique_pairs(np.stack((ids[first], ids[second]), axis=1).astype(np.int64))


def unique_pairs(pairs: np.ndarray) -> np.ndarray:
    """``pairs`` with each row ordered ``a < b``, self-pairs and repeats dropped, sorted by ``(a, b)``."""
    low, high = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    return _pairs_of(distinct(_codes(low[low != high], high[low != high])))


def union_of_pairs(parts: Sequence[np.ndarray]) -> np.ndarray:
    """``unique_pairs(np.concatenate(parts))`` for ``parts`` that are each a :func:`unique_pairs`
    result (rows ``a < b``, sorted, distinct): the parts' codes end to end are sorted runs, merged
    (:func:`~newsmill.hashing.distinct.distinct` of runs; 33 parts, 16.5 million pairs: 1.25 s
    against 1.71 s for :func:`unique_pairs` of them joined), so the workers that found the parts
    do the sorting."""
    codes = np.concatenate([_codes(part[:, 0], part[:, 1]) for part in parts] or [np.zeros(0, dtype=np.uint64)])
    return _pairs_of(distinct(codes, runs=True))


def _codes(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Each pair ``(low, high)`` (numbers below ``2 ** 32``) as one ``uint64``, ordered as the pairs are."""
    return (low.astype(np.uint64) << np.uint64(32)) | high.astype(np.uint64)


def _pairs_of(codes: np.ndarray) -> np.ndarray:
    """The pairs of :func:`_codes`, as rows of two ``int64``."""
    return np.stack(
        ((codes >> np.uint64(32)).astype(np.int64), (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)), axis=1
    )
