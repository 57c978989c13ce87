"""Word n-gram shingles and the 32-bit shingle hash every signature is built on.

The shingles of a text are its overlapping runs of ``ngram`` words after
:func:`newsmill.text.normalise`; a text shorter than ``ngram`` words is one
shingle. Each shingle is hashed with xxh3-64 of its UTF-8 bytes, keeping the
low 32 bits, which is the input width of datasketch's default ``affine32``
permutation scheme. The hash is a pure function of the bytes, so it can be
computed in bulk (numpy, several processes) without changing any signature.
"""

from __future__ import annotations

import xxhash

from ..text import words

HASH_MASK = 0xFFFFFFFF


def shingles(text: str, ngram: int) -> list[str]:
    """The word n-grams of ``text`` in order (with repeats)."""
    tokens = words(text)
    if len(tokens) <= ngram:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + ngram]) for i in range(len(tokens) - ngram + 1)]


def shingle_hash(shingle: bytes) -> int:
    """Low 32 bits of xxh3-64 of one encoded shingle."""
    return xxhash.xxh3_64_intdigest(shingle) & HASH_MASK


def shingle_set(text: str, ngram: int) -> set[int]:
    """The set of shingle hashes of ``text``."""
    return {shingle_hash(s.encode("utf-8")) for s in shingles(text, ngram)}


def jaccard(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a ∪ b|, 0.0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
