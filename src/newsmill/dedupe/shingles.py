"""Word n-gram shingles and the 32-bit shingle hash every signature is built on.

The shingles of a text are its overlapping runs of ``ngram`` words after
:func:`newsmill.text.normalise`; a text shorter than ``ngram`` words is one
shingle. Each shingle is hashed with xxh3-64 of its UTF-8 bytes, keeping the
low 32 bits, which is the input width of datasketch's default ``affine32``
permutation scheme. The hash is a pure function of the bytes, so it can be
computed in bulk (numpy, several processes) without changing any signature.

:func:`shingles` is the definition; :func:`shingle_hashes` computes the same
hashes without building a string per word: it case-folds the NFKC text once,
blanks every non-word character (a byte table for ASCII, ``str.replace`` for
the few distinct non-ASCII ones) and splits the UTF-8 bytes, which gives the
tokens of :func:`newsmill.text.words`, already encoded.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import xxhash

from ..text import words

HASH_MASK = 0xFFFFFFFF

_WORD_CHAR = re.compile(r"\w")
# Every ASCII byte that is not a word character becomes a space; bytes of
# multi-byte UTF-8 sequences (>= 0x80) are kept, their characters checked apart.
_ASCII_BLANKS = bytes(b if b >= 0x80 or _WORD_CHAR.match(chr(b)) else 0x20 for b in range(256))


def shingles(text: str, ngram: int) -> list[str]:
    """The word n-grams of ``text`` in order (with repeats)."""
    tokens = words(text)
    if len(tokens) <= ngram:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + ngram]) for i in range(len(tokens) - ngram + 1)]


def shingle_hash(shingle: bytes) -> int:
    """Low 32 bits of xxh3-64 of one encoded shingle."""
    return xxhash.xxh3_64_intdigest(shingle) & HASH_MASK


def fold(text: str) -> str:
    """NFKC, then case-folded: the normal form before whitespace and word splitting."""
    return unicodedata.normalize("NFKC", text).casefold()


def word_bytes(folded: str) -> list[bytes]:
    """The UTF-8 encoded tokens of :func:`newsmill.text.words` of a :func:`fold`-ed text."""
    if not folded.isascii():
        for char in set(folded):
            if char > "\x7f" and not _WORD_CHAR.match(char):
                folded = folded.replace(char, " ")
    return folded.encode("utf-8").translate(_ASCII_BLANKS).split()


def gram_hashes(tokens: list[bytes], ngram: int) -> np.ndarray:
    """The 32-bit hashes (``uint32``) of the ``ngram``-token shingles of ``tokens``, in order."""
    if len(tokens) <= ngram:
        grams = [b" ".join(tokens)] if tokens else []
    else:
        grams = map(b" ".join, zip(*(tokens[i : len(tokens) - ngram + 1 + i] for i in range(ngram))))
    digests = np.fromiter(map(xxhash.xxh3_64_intdigest, grams), dtype=np.uint64)
    return (digests & np.uint64(HASH_MASK)).astype(np.uint32)


def shingle_hashes(text: str, ngram: int) -> np.ndarray:
    """The 32-bit hashes of ``shingles(text, ngram)`` in order, as ``uint32`` (empty without words)."""
    return gram_hashes(word_bytes(fold(text)), ngram)


def shingle_set(text: str, ngram: int) -> set[int]:
    """The set of shingle hashes of ``text``."""
    return set(shingle_hashes(text, ngram).tolist())


def jaccard(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a ∪ b|, 0.0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
