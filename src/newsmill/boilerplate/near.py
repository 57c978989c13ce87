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
   with :func:`newsmill.hashing.signatures.run_signatures`; ``LSH_BANDS``
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
on its exact shingle sets, ``PAIR_BLOCK`` pairs at a time
(:func:`_variant_pairs`); groups are connected components of the verified
pairs. The shingle sets are made on the workers once the candidates are
known, only for the texts of a candidate pair, and copied into one array as
they arrive (about 300 MB at 100,000 generated articles, where nearly every
paragraph that takes part has a candidate): no second copy of them is held.
Only paragraphs whose skeleton has ``MIN_CHARS`` to ``MAX_CHARS``
characters take part: shorter lines ("State support") have too few shingles
to compare safely, and furniture is short while article paragraphs that
share most of their characters with a different paragraph are copies, which
dedupe handles.

The work per paragraph runs on ``jobs`` processes through the pool dedupe
uses (:class:`newsmill.workers.Workers`, texts inherited at fork,
chunks of index ranges, results in order): normal form, skeleton and clause
prefixes (two regular-expression passes per clause, each clause reduced
once), shingle sets and band keys. The sorts that pair candidates, their
verification (linear merges of sorted shingle sets, a block at a time) and
the union-find run in the parent, so the groups do not depend on the number
of processes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from ..hashing.lsh import band_keys, unique_pairs
from ..hashing.shingles import HASH_MASK, fold
from ..hashing.signatures import run_signatures
from ..hashing.unionfind import UnionFind
from ..hashing.xxh3 import xxh3_64
from ..progress import SILENT, Progress
from ..timing import return_freed_memory
from ..workers import CHUNK_TEXTS, Workers, chunked, text_ranges

SHINGLE_BYTES = 5
MIN_CHARS = 20
MAX_CHARS = 400
NUM_PERM = 128
LSH_BANDS = 32
LSH_ROWS = 4
MIN_JACCARD = 0.4
MIN_OVERLAP = 0.8
#: Candidate pairs verified at once: bounds the gathered shingle hashes.
PAIR_BLOCK = 2048

_DIGITS = re.compile(r"\d+")
# A run of non-word characters (punctuation and whitespace alike) becomes one space.
_NOT_WORD = re.compile(r"\W+")
# The same for ASCII text as one byte translation: digits to 0, non-word bytes (not [A-Za-z0-9_]) to spaces.
_ASCII_WORD = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_ASCII_SKELETON = bytes(
    ord("0") if chr(byte).isdigit() else byte if byte in _ASCII_WORD else ord(" ") for byte in range(256)
)
_ZEROS = re.compile(r"00+")
_CLAUSE_END = re.compile(r"[.!?;:]")
_HASH_MASK = np.uint64(HASH_MASK)  # datasketch's affine32 scheme takes 32-bit hashes


def skeleton(text: str) -> str:
    """The form variants are compared in: normalised, digit runs as ``0``, no punctuation."""
    return _skeleton_of_normal(fold(text))


def _skeleton_of_normal(normal: str) -> str:
    """:func:`skeleton` of a text already :func:`~newsmill.hashing.shingles.fold`-ed (or normalised): two
    regex passes, or for ASCII text (most paragraphs) a byte translation and a split, about three times faster."""
    if not normal.isascii():
        return _NOT_WORD.sub(" ", _DIGITS.sub("0", normal)).strip()
    mapped = normal.encode("ascii").translate(_ASCII_SKELETON).decode("ascii")
    if "00" in mapped:  # every 0 is a digit now: a run of them is one digit run
        mapped = _ZEROS.sub("0", mapped)
    return " ".join(mapped.split())


def _eligible(form: str) -> bool:
    return MIN_CHARS <= len(form) <= MAX_CHARS


def takes_part(text: str) -> bool:
    """Whether :func:`near_groups` can put ``text`` in a group (its skeleton is ``MIN_CHARS`` to
    ``MAX_CHARS`` long): the texts of the other paragraphs need not be sent to it."""
    return _eligible(skeleton(text))


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
    sizes = np.array([len(np.intersect1d(a, b, assume_unique=True)), len(a), len(b)])
    return bool(_variant_test(*sizes))


def _variant_test(shared: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The two bounds of :func:`is_variant` on arrays of set sizes: ``shared`` of ``a`` and ``b`` shingles in common."""
    return (shared >= MIN_JACCARD * (a + b - shared)) & (shared >= MIN_OVERLAP * np.minimum(a, b))


def _variant_pairs(sets: np.ndarray, starts: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """:func:`is_variant` of each pair ``(i, j)`` of ``pairs``, at once, on shingle sets held as
    one array: set i is ``sets[starts[i]:starts[i + 1]]`` (sorted, distinct).

    Each side's sets are keyed by the pair's row and laid end to end, so both
    sides are sorted runs; one stable sort merges the two runs in linear
    time, and a shingle the two sides of a pair share is a key found twice.
    """
    sizes = np.diff(starts)
    row = np.arange(len(pairs), dtype=np.uint64) << np.uint64(32)
    sides = []
    for side in (pairs[:, 0], pairs[:, 1]):
        counts = sizes[side]
        at = np.repeat(starts[side] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
        sides.append(np.repeat(row, counts) | sets[at].astype(np.uint64))
    merged = np.sort(np.concatenate(sides), kind="stable")
    twice = merged[1:][merged[1:] == merged[:-1]]
    shared = np.bincount((twice >> np.uint64(32)).astype(np.int64), minlength=len(pairs))
    return _variant_test(shared, sizes[pairs[:, 0]], sizes[pairs[:, 1]])


def _form_key(form: str) -> int:
    return xxhash.xxh3_64_intdigest(form.encode("utf-8"))


def _prefix_keys(normal: str) -> list[int]:
    """Keys of the skeletons of the :func:`~newsmill.hashing.shingles.fold`-ed text ``normal`` cut after each
    of its clauses but the last (a clause end among trailing punctuation yields the whole skeleton: a
    self-pair, dropped).

    The clause ends are non-word characters, so the skeleton of a prefix is
    the skeletons of its clauses joined by spaces: each clause is reduced once.
    """
    keys: list[int] = []
    clauses: list[str] = []
    start = 0
    for end in _CLAUSE_END.finditer(normal, 0, len(normal) - 1):
        clause = _skeleton_of_normal(normal[start : end.start()])
        start = end.end()
        if clause:
            clauses.append(clause)
            form = " ".join(clauses)
            if _eligible(form):
                keys.append(_form_key(form))
    return keys


@dataclass
class _Forms:
    """The skeletons of one chunk of texts that take part (``MIN_CHARS`` to ``MAX_CHARS``).

    ``chosen``: their indices among all texts; ``shingles``: how many
    shingles each skeleton has (its shingle set has at most as many);
    ``whole``: the key of each skeleton; ``bands``: their LSH band keys, ``(len, LSH_BANDS)``;
    ``prefix_owner``/``prefix_key``: each clause-prefix key and the index
    (into ``chosen``, within the chunk) of its text.
    """

    chosen: np.ndarray
    shingles: np.ndarray
    whole: np.ndarray
    bands: np.ndarray
    prefix_owner: np.ndarray
    prefix_key: np.ndarray


def _forms_of_range(texts: Sequence[str], chunk: range) -> _Forms:
    """:class:`_Forms` of the ``texts`` in ``chunk`` (one chunk of work on a worker)."""
    chosen: list[int] = []
    encoded: list[bytes] = []
    owners: list[int] = []
    prefixes: list[int] = []
    for number in chunk:
        normal = fold(texts[number])
        form = _skeleton_of_normal(normal)
        if not _eligible(form):
            continue
        keys = _prefix_keys(normal)
        owners.extend([len(chosen)] * len(keys))
        prefixes.extend(keys)
        chosen.append(number)
        encoded.append(form.encode("utf-8"))
    whole = np.fromiter((xxhash.xxh3_64_intdigest(e) for e in encoded), dtype=np.uint64, count=len(encoded))
    if encoded:
        hashes, counts = _shingle_hashes(encoded)
        bands = band_keys(run_signatures(hashes, counts, NUM_PERM), LSH_BANDS, LSH_ROWS)
    else:
        counts, bands = np.zeros(0, dtype=np.int64), np.zeros((0, LSH_BANDS), dtype=np.uint64)
    return _Forms(
        np.asarray(chosen, dtype=np.int64), counts, whole, bands,
        np.asarray(owners, dtype=np.int64), np.asarray(prefixes, dtype=np.uint64),
    )


def _sets_of(texts: Sequence[str], numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The shingle sets of ``texts[i]`` for each ``i`` of ``numbers`` (texts that take part), end to
    end, each sorted and distinct, and how many shingles each has (one chunk of work on a worker)."""
    if not len(numbers):
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    hashes, counts = _shingle_hashes([skeleton(texts[i]).encode("utf-8") for i in numbers.tolist()])
    keyed = np.sort(np.repeat(np.arange(len(counts), dtype=np.uint64), counts) << np.uint64(32) | hashes)
    keyed = keyed[np.concatenate(([True], keyed[1:] != keyed[:-1]))]
    sizes = np.bincount((keyed >> np.uint64(32)).astype(np.int64), minlength=len(counts))
    return (keyed & _HASH_MASK).astype(np.uint32), sizes


def near_groups(texts: Sequence[str], jobs: int = 1, progress: Progress = SILENT) -> np.ndarray:
    """The near group of each of ``texts`` (distinct paragraphs): ``-1`` for a text in no
    group, else the group's number (``0, 1, ...`` in the order of each group's first text).

    jobs: worker processes (:class:`~newsmill.workers.Workers`; 0: every
    core) for the skeletons and their sketches; the groups are the same for any
    number. ``progress`` counts the texts sketched. Memory, per paragraph that takes part:
    ``8 · LSH_BANDS`` bytes of band keys (dropped once the candidates are found), then per
    paragraph in a candidate pair its shingle set (4 bytes a shingle, one per character of
    its skeleton at most).
    """
    labels = np.full(len(texts), -1, dtype=np.int64)
    with Workers(texts, jobs) as workers:
        ranges = text_ranges(len(texts))
        with progress.counting("near variants", len(texts)) as sketched:
            forms = []
            for texts_of, range_forms in zip(ranges, workers.map(_forms_of_range, ranges), strict=True):
                forms.append(range_forms)
                sketched(len(texts_of))
        chosen = np.concatenate([f.chosen for f in forms] or [np.zeros(0, dtype=np.int64)])
        if len(chosen) < 2:
            return labels
        shingles = np.concatenate([f.shingles for f in forms])
        whole = np.concatenate([f.whole for f in forms])
        offsets = np.cumsum([0, *(len(f.chosen) for f in forms)])
        prefix_owner = np.concatenate([f.prefix_owner + offset for f, offset in zip(forms, offsets, strict=False)])
        prefix_key = np.concatenate([f.prefix_key for f in forms])
        # Band by band, so that no second copy of the band keys is made; they go with the forms.
        candidates = [_same_key_pairs(np.concatenate([f.bands[:, band] for f in forms])) for band in range(LSH_BANDS)]
        del forms
        candidates.append(_prefix_pairs(whole, prefix_owner, prefix_key))
        pairs = unique_pairs(np.concatenate(candidates))
        del candidates  # before the shingle sets are made: they are the largest part
        return_freed_memory()  # the forms' band keys, freed into the heap, would stay resident under them
        involved = np.unique(pairs)
        sets = np.empty(int(shingles[involved].sum()), dtype=np.uint32)
        sizes = np.empty(len(involved), dtype=np.int64)
        filled = done = 0
        for chunk_sets, chunk_sizes in workers.map(_sets_of, chunked(chosen[involved], CHUNK_TEXTS)):
            sets[filled : filled + len(chunk_sets)] = chunk_sets
            sizes[done : done + len(chunk_sizes)] = chunk_sizes
            filled, done = filled + len(chunk_sets), done + len(chunk_sizes)
    sets, starts = sets[:filled], np.concatenate(([0], np.cumsum(sizes)))
    verified = np.concatenate(
        [_variant_pairs(sets, starts, np.searchsorted(involved, block)) for block in chunked(pairs, PAIR_BLOCK)]
        + [np.zeros(0, dtype=bool)]
    )
    components = UnionFind(len(chosen))
    for a, b in pairs[verified].tolist():
        components.union(a, b)
    for a, b in _same_key_pairs(whole).tolist():
        components.union(a, b)
    for number, members in enumerate(components.groups()):
        labels[chosen[members]] = number
    return labels


def _prefix_pairs(whole: np.ndarray, owners: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Pairs ``(i, j)`` where a clause-prefix key of text i (``wanted``, owned by ``owners``) is
    text j's whole skeleton key.

    One ``j`` per prefix is enough: texts with equal skeletons are grouped anyway.
    """
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
    forms = _forms_of_range(texts, range(len(texts)))
    prefixes: list[list[int]] = [[] for _ in range(len(forms.chosen))]
    for owner, key in zip(forms.prefix_owner.tolist(), forms.prefix_key.tolist(), strict=False):
        prefixes[owner].append(key)
    keys: list[tuple[int, ...]] = [() for _ in texts]
    for at, number in enumerate(forms.chosen.tolist()):
        keys[number] = (int(forms.whole[at]), *prefixes[at], *forms.bands[at].tolist())
    return keys
