"""Near-identical paragraphs: variants of one template grouped with MinHash LSH.

Site furniture is often printed from a template, so its copies are not
byte-identical: a counter or a field changes ("You have 3 free articles
left"), punctuation or a line break moves, or the notice is cut short after
its first clause. :func:`near_groups` groups such variants so that the
boilerplate stage can count a group as it counts an exact repeat.

Each paragraph is reduced to a *skeleton* (:func:`skeleton`: the normal form
of :func:`newsmill.text.normalise` with every digit run replaced by ``0`` and
punctuation dropped) and shingled into overlapping character
``SHINGLE_CHARS``-grams, which suit short lines better than word n-grams (a
one-word change leaves most character shingles intact). MinHash signatures
(``NUM_PERM`` permutations) of the shingle hashes go into a datasketch
``MinHashLSH`` with ``LSH_BANDS`` bands of ``LSH_ROWS`` rows, so a pair at
Jaccard 0.4 becomes a candidate with probability 0.996 while a pair of
unrelated lines (Jaccard below 0.05) does with probability under 0.08.
Every candidate pair is verified on the exact shingle sets. Two paragraphs
are variants when

- their Jaccard similarity is at least ``MIN_JACCARD``, which also keeps their
  sizes comparable (Jaccard never exceeds the ratio of the smaller set to
  the larger), so a pull quote is not grouped with the paragraph it quotes,
  nor a caption with the body paragraph it paraphrases; and
- at least ``MIN_OVERLAP`` of the shorter one's shingles occur in the longer
  (the overlap coefficient), which accepts a notice cut after a clause
  while rejecting two different sentences of similar wording.

Only paragraphs whose skeleton has ``MIN_CHARS`` to ``MAX_CHARS`` characters
take part: shorter lines ("State support") have too few shingles to compare
safely, and furniture is short while article paragraphs that share most of
their characters with a different paragraph are copies, which dedupe handles.

Paragraphs are identified by their exact hash (:func:`newsmill.text.text_hash`),
so each distinct text is shingled once; groups are connected components of
the verified pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import xxhash
from datasketch import LeanMinHash, MinHash, MinHashLSH

from .dedupe import Pair, group
from .text import normalise

SHINGLE_CHARS = 5
MIN_CHARS = 20
MAX_CHARS = 400
NUM_PERM = 64
SEED = 1
LSH_BANDS = 32
LSH_ROWS = 2
MIN_JACCARD = 0.4
MIN_OVERLAP = 0.8

_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_HASH_MASK = 0xFFFFFFFF  # datasketch's affine32 scheme takes 32-bit hashes


def skeleton(text: str) -> str:
    """The form variants are compared in: normalised, digit runs as ``0``, no punctuation."""
    without_punctuation = _NOT_WORD.sub(" ", _DIGITS.sub("0", normalise(text)))
    return _SPACES.sub(" ", without_punctuation).strip()


def shingle_set(text: str) -> frozenset[int] | None:
    """32-bit hashes of the character shingles of ``text``'s skeleton; ``None`` when
    the skeleton's length is outside ``MIN_CHARS``..``MAX_CHARS``."""
    form = skeleton(text)
    if not MIN_CHARS <= len(form) <= MAX_CHARS:
        return None
    encoded = form.encode("utf-8")
    return frozenset(
        xxhash.xxh3_64_intdigest(encoded[i : i + SHINGLE_CHARS]) & _HASH_MASK
        for i in range(len(encoded) - SHINGLE_CHARS + 1)
    )


def is_variant(a: frozenset[int], b: frozenset[int]) -> bool:
    """Whether two shingle sets are variants of one text (see the module docstring)."""
    shared = len(a & b)
    return shared >= MIN_JACCARD * len(a | b) and shared >= MIN_OVERLAP * min(len(a), len(b))


def near_groups(shingles: Mapping[int, frozenset[int]]) -> dict[int, int]:
    """Group variant paragraphs.

    ``shingles`` maps a paragraph's exact hash to its :func:`shingle_set`.
    Returns, for every paragraph in a group of two or more distinct texts,
    the group's label (the smallest exact hash of its members).
    """
    keys = sorted(shingles)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
    signatures = [_signature(shingles[key]) for key in keys]
    for index, sig in enumerate(signatures):
        lsh.insert(index, sig)
    verified = [
        Pair(index, other, 1.0, False, True)
        for index, sig in enumerate(signatures)
        for other in lsh.query(sig)
        if other > index and is_variant(shingles[keys[index]], shingles[keys[other]])
    ]
    labels: dict[int, int] = {}
    for members in group(len(keys), verified):
        label = keys[members[0]]
        labels.update((keys[member], label) for member in members)
    return labels


def _signature(hashes: Iterable[int]) -> LeanMinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, scheme="affine32")
    minhash.update_batch(list(hashes))
    return LeanMinHash(minhash)
