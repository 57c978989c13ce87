"""Near-identical paragraphs: variants of one template, grouped without comparing every pair.

Site furniture is often printed from a template, so its copies are not
byte-identical: a counter or a field changes ("You have 3 free articles
left"), punctuation or a line break moves, or the notice is cut short after
a clause. :func:`near_groups` groups such variants so that the boilerplate
stage can count a group as it counts an exact repeat.

Each paragraph is reduced to a *skeleton* (:func:`skeleton`: the normal form
of :func:`newsmill.text.normalise` with every digit run replaced by ``0`` and
punctuation dropped) and shingled into overlapping ``SHINGLE_BYTES``-byte
grams of its UTF-8, which suit short lines better than word n-grams (a
one-word change leaves most character shingles intact). Two paragraphs are
variants (:func:`is_variant`) when

- their Jaccard similarity is at least ``MIN_JACCARD``, which also keeps their
  sizes comparable (Jaccard never exceeds the ratio of the smaller set to
  the larger), so a pull quote is not grouped with the paragraph it quotes,
  nor a caption with the body paragraph it paraphrases; and
- at least ``MIN_OVERLAP`` of the shorter one's shingles occur in the longer
  (the overlap coefficient), which accepts a notice cut after a clause
  while rejecting two different sentences of similar wording.

Candidates come from three keys, each matched by sorting, so no two unrelated
paragraphs are compared and the work grows with the corpus, not its square:

1. equal skeletons (a counter, the punctuation or the case changed) are one
   group at once;
2. a *clause prefix* of a paragraph (its text up to a ``.``, ``!``, ``?``,
   ``;`` or ``:``) whose skeleton equals another paragraph's whole skeleton:
   the notice cut after that clause;
3. MinHash LSH over the shingles (datasketch's ``affine32`` values, computed
   with :func:`newsmill.dedupe.vectorised.run_signatures`; ``LSH_BANDS``
   bands of ``LSH_ROWS`` rows, as compact keys): a pair at Jaccard J is
   proposed with probability 1 − (1 − J⁴)³², 0.985 at 0.6 and 0.9995 at 0.7,
   while two unrelated lines, whose character shingles overlap with Jaccard
   about 0.02, are proposed with probability 5·10⁻⁶. (Looser bands, 2 rows,
   proposed such pairs 1% of the time: 200,000 candidates among 6,000 short
   paragraphs.) Each bucket is checked as a star around its first member,
   not pair by pair, so a template printed with 10,000 different fields
   costs 10,000 checks per band, not 50 million; variants of each other that
   are not variants of that member still meet in the buckets of other bands.

A variant that differs more (Jaccard 0.4 to 0.6) and is not a clause prefix
is found only when LSH happens to propose it. Every candidate is verified
on its exact shingle sets, which exist only while the groups are formed;
groups are connected components of the verified pairs. Only paragraphs whose skeleton has ``MIN_CHARS`` to ``MAX_CHARS``
characters take part: shorter lines ("State support") have too few shingles
to compare safely, and furniture is short while article paragraphs that
share most of their characters with a different paragraph are copies, which
dedupe handles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import xxhash

from .dedupe.clusters import UnionFind
from .dedupe.lsh import band_keys, unique_pairs
from .dedupe.vectorised import run_signatures
from .dedupe.xxh3 import xxh3_64
from .text import normalise

SHINGLE_BYTES = 5
MIN_CHARS = 20
MAX_CHARS = 400
NUM_PERM = 128
LSH_BANDS = 32
LSH_ROWS = 4
MIN_JACCARD = 0.4
MIN_OVERLAP = 0.8
#: Skeletons shingled at once: bounds the shingle hashes and signatures held.
SKETCH_BLOCK = 4096
#: Candidate pairs turned into Python integers at once.
PAIR_BLOCK = 65_536

_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"[.!?;:]")
_HASH_MASK = np.uint64(0xFFFFFFFF)  # datasketch's affine32 scheme takes 32-bit hashes


def skeleton(text: str) -> str:
    """The form variants are compared in: normalised, digit runs as ``0``, no punctuation."""
    without_punctuation = _NOT_WORD.sub(" ", _DIGITS.sub("0", normalise(text)))
    return _SPACES.sub(" ", without_punctuation).strip()


def _eligible(form: str) -> bool:
    return MIN_CHARS <= len(form) <= MAX_CHARS


def _shingle_hashes(encoded: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The 32-bit hashes (xxh3-64, low half) of every ``SHINGLE_BYTES``-gram of each of
    ``encoded`` (each at least that long), in one array, and how many each has."""
    counts = np.fromiter((len(e) - SHINGLE_BYTES + 1 for e in encoded), dtype=np.int64, count=len(encoded))
    offsets = np.cumsum([0, *map(len, encoded)])[:-1]
    starts = np.arange(int(counts.sum())) + np.repeat(offsets - (np.cumsum(counts) - counts), counts)
    digests = xxh3_64(b"".join(encoded), starts, np.full(len(starts), SHINGLE_BYTES))
    return (digests & _HASH_MASK).astype(np.uint32), counts


def shingle_set(text: str) -> np.ndarray | None:
    """The sorted distinct shingle hashes of ``text``'s skeleton; ``None`` when the
    skeleton's length is outside ``MIN_CHARS``..``MAX_CHARS``."""
    form = skeleton(text)
    if not _eligible(form):
        return None
    return np.unique(_shingle_hashes([form.encode("utf-8")])[0])


def is_variant(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two shingle sets (sorted distinct arrays) are variants of one text (see the module docstring)."""
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared >= MIN_JACCARD * (len(a) + len(b) - shared) and shared >= MIN_OVERLAP * min(len(a), len(b))


def _form_key(form: str) -> int:
    return xxhash.xxh3_64_intdigest(form.encode("utf-8"))


def _prefix_keys(text: str) -> list[int]:
    """Keys of the skeletons of ``text`` cut after each of its clauses but the last."""
    normal = normalise(text)
    forms = (skeleton(normal[: end.end()]) for end in _CLAUSE_END.finditer(normal, 0, len(normal) - 1))
    return [_form_key(form) for form in forms if _eligible(form)]


def near_groups(texts: Sequence[str]) -> np.ndarray:
    """The near group of each of ``texts`` (distinct paragraphs): ``-1`` for a text in no
    group, else the group's number (``0, 1, ...`` in the order of each group's first text).

    Memory: the skeleton and ``8 · LSH_BANDS`` bytes of band keys per
    paragraph that takes part; shingle sets exist only for the candidates.
    """
    chosen: list[int] = []
    encoded: list[bytes] = []
    for number, text in enumerate(texts):
        form = skeleton(text)
        if _eligible(form):
            chosen.append(number)
            encoded.append(form.encode("utf-8"))
    labels = np.full(len(texts), -1, dtype=np.int64)
    if len(chosen) < 2:
        return labels
    whole = np.fromiter((xxhash.xxh3_64_intdigest(e) for e in encoded), dtype=np.uint64, count=len(encoded))
    sketch_keys = np.concatenate([_band_keys(encoded[i : i + SKETCH_BLOCK]) for i in range(0, len(encoded), SKETCH_BLOCK)])
    candidates = [_same_key_pairs(sketch_keys[:, band]) for band in range(LSH_BANDS)]
    del sketch_keys
    candidates.append(_prefix_pairs(whole, [texts[k] for k in chosen]))
    candidates = unique_pairs(np.concatenate(candidates))
    needed = np.unique(candidates).tolist()
    sets: dict[int, np.ndarray] = {}
    for start in range(0, len(needed), SKETCH_BLOCK):
        block = needed[start : start + SKETCH_BLOCK]
        hashes, counts = _shingle_hashes([encoded[i] for i in block])
        sets.update(zip(block, map(np.unique, np.split(hashes, np.cumsum(counts)[:-1]))))
    components = UnionFind(len(chosen))
    for start in range(0, len(candidates), PAIR_BLOCK):  # a block at a time: Python pairs are large
        for a, b in candidates[start : start + PAIR_BLOCK].tolist():
            if is_variant(sets[a], sets[b]):
                components.union(a, b)
    for a, b in _same_key_pairs(whole).tolist():
        components.union(a, b)
    members_of = np.asarray(chosen, dtype=np.int64)
    for number, members in enumerate(components.groups()):
        labels[members_of[members]] = number
    return labels


def _band_keys(encoded: Sequence[bytes]) -> np.ndarray:
    """LSH band keys of the shingle sets of ``encoded`` skeletons, shape ``(len, LSH_BANDS)``."""
    hashes, counts = _shingle_hashes(encoded)
    return band_keys(run_signatures(hashes, counts, NUM_PERM), LSH_BANDS, LSH_ROWS)


def _prefix_pairs(whole: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """Pairs ``(i, j)`` where a clause prefix of text i has text j's whole skeleton key.

    One ``j`` per prefix is enough: texts with equal skeletons are grouped anyway.
    """
    prefixes = [(i, key) for i, text in enumerate(texts) for key in _prefix_keys(text)]
    owners = np.array([i for i, _ in prefixes], dtype=np.int64)
    wanted = np.array([key for _, key in prefixes], dtype=np.uint64)
    by_key = np.argsort(whole, kind="stable")
    at = np.minimum(np.searchsorted(whole[by_key], wanted), len(whole) - 1)
    hit = whole[by_key][at] == wanted
    return np.stack((owners[hit], by_key[at[hit]]), axis=1)


def _same_key_pairs(whole: np.ndarray) -> np.ndarray:
    """Pairs ``(first, other)`` joining every text to the first text with the same key."""
    by_key = np.argsort(whole, kind="stable")
    ordered = whole[by_key]
    starts = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    first = by_key[np.maximum.accumulate(np.where(starts, np.arange(len(ordered)), 0))]
    return np.stack((first[~starts], by_key[~starts]), axis=1)


def meeting_keys(texts: Sequence[str]) -> list[tuple[int, ...]]:
    """For each of ``texts``: every key under which :func:`near_groups` can pair it with a
    variant (its whole-skeleton key, its clause-prefix keys and its LSH band keys, which
    are seeded by band so keys of different bands never meet); empty for a text that
    takes no part. Two texts :func:`near_groups` checks directly share a key, so an
    index of these keys finds a paragraph's variants without reading other texts.
    """
    keys: list[tuple[int, ...]] = [() for _ in texts]
    chosen = [(number, skeleton(text)) for number, text in enumerate(texts)]
    chosen = [(number, form) for number, form in chosen if _eligible(form)]
    encoded = [form.encode("utf-8") for _, form in chosen]
    for start in range(0, len(chosen), SKETCH_BLOCK):
        bands = _band_keys(encoded[start : start + SKETCH_BLOCK]).tolist()
        for (number, form), band in zip(chosen[start : start + SKETCH_BLOCK], bands):
            keys[number] = (_form_key(form), *_prefix_keys(texts[number]), *band)
    return keys
