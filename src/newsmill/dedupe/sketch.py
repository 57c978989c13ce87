"""What dedupe computes once per article, in chunks: exact key, words or not, band keys.

A :class:`Sketch` of a chunk of texts holds, per text,

- ``exact``: xxh3-64 of the normal form (equal to :func:`newsmill.text.text_hash`),
- ``blank``: the text is empty or whitespace (skipped, like before),
- ``has_words``: the text has at least one shingle,
- ``keys``: its LSH band keys (:func:`newsmill.hashing.lsh.band_keys`),
  zeros where it has no words.

The signatures themselves are dropped once the band keys are made: candidate
pairs need only the keys, and verification uses the shingle sets. A chunk's
sketch is a pure function of its texts and the :class:`SketchSpec`, so
chunks can be computed in any process or on any Dask worker. The persistent
index of the pre-commit hooks (:mod:`newsmill.index`) stores these same
exact keys and band keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from ..hashing.lsh import band_keys, bands_rows
from ..hashing.shingles import BLOCK_TEXTS, fold, folded_utf8, hash_runs
from ..hashing.signatures import run_signatures
from ..settings import DedupeSettings
from ..text import ASCII_SPACES, normal_forms

#: LSH is tuned this far below ``threshold``, so pairs just above the
#: threshold are not lost to banding noise.
CANDIDATE_MARGIN = 0.1


@dataclass(frozen=True)
class SketchSpec:
    """How to sketch: ``ngram`` words per shingle, ``num_perm`` permutations, ``bands`` × ``rows`` LSH."""

    ngram: int
    num_perm: int
    bands: int
    rows: int

    @classmethod
    def of(cls, ngram: int, num_perm: int, threshold: float) -> SketchSpec:
        """The spec for these settings: LSH tuned ``CANDIDATE_MARGIN`` below ``threshold``."""
        bands, rows = bands_rows(max(0.05, threshold - CANDIDATE_MARGIN), num_perm)
        return cls(ngram, num_perm, bands, rows)

    @classmethod
    def from_settings(cls, settings: DedupeSettings) -> SketchSpec:
        """The spec of the dedupe settings (:meth:`of` their ``ngram``, ``num_perm`` and ``threshold``)."""
        return cls.of(settings.ngram, settings.num_perm, settings.threshold)


@dataclass
class Sketch:
    """Per-text exact keys, flags and band keys of one chunk (see the module docstring)."""

    exact: np.ndarray
    blank: np.ndarray
    has_words: np.ndarray
    keys: np.ndarray


def exact_key(text: str) -> int:
    """xxh3-64 of ``normalise(text)``: NFKC, case-folded, whitespace runs as one space, stripped.

    ``str.split()`` splits at exactly the characters ``\\s`` matches, so this
    equals :func:`newsmill.text.text_hash` without a regex pass.
    """
    return folded_key(fold(text))


def folded_key(folded: str) -> int:
    """:func:`exact_key` of a text already :func:`~newsmill.hashing.shingles.fold`-ed."""
    return xxhash.xxh3_64_intdigest(" ".join(folded.split()).encode("utf-8"))


def folded_keys(encoded: Sequence[bytes]) -> np.ndarray:
    """:func:`folded_key` of each text given as :func:`~newsmill.hashing.shingles.folded_utf8`
    (A-Z may be left), as ``uint64``, from one buffer of all of them (:func:`newsmill.text.normal_forms`)."""
    return normal_forms(encoded).hashes()


def is_blank(text: str | bytes) -> bool:
    """``text`` (a ``str`` or its UTF-8) is empty or whitespace (``str.isspace``).

    UTF-8 is decoded only past its leading ASCII whitespace, and only when a
    non-ASCII character comes next.
    """
    if isinstance(text, str):
        return not text or text.isspace()
    rest = text.lstrip(ASCII_SPACES)
    return not rest or (rest[0] >= 0x80 and rest.decode("utf-8").isspace())


def sketch(texts: Sequence[str] | Sequence[bytes], spec: SketchSpec) -> Sketch:
    """The :class:`Sketch` of ``texts`` (``str``, or their UTF-8), computed ``BLOCK_TEXTS`` at a time.

    A text whose exact key an earlier one of ``texts`` has (a copy: the same
    normal form, so the same shingles) takes that one's band keys instead of
    being hashed and signed again.
    """
    exact = np.zeros(len(texts), dtype=np.uint64)
    has_words = np.zeros(len(texts), dtype=bool)
    keys = np.zeros((len(texts), spec.bands), dtype=np.uint64)
    first_with: dict[int, int] = {}  # exact key -> the first text that has it
    source = np.arange(len(texts))  # where each text's band keys come from
    for start in range(0, len(texts), BLOCK_TEXTS):
        encoded = [folded_utf8(text, lower_ascii=False) for text in texts[start : start + BLOCK_TEXTS]]
        block = np.arange(start, start + len(encoded))
        exact[block] = folded_keys(encoded)
        for index, key in zip(block.tolist(), exact[block].tolist(), strict=True):
            source[index] = first_with.setdefault(key, index)
        firsts = np.flatnonzero(source[block] == block)  # the block's texts to hash, by offset
        hashes, counts = hash_runs([encoded[i] for i in firsts.tolist()], spec.ngram)
        rows, words = block[firsts], counts > 0
        has_words[rows] = words
        signatures = run_signatures(hashes, counts[words], spec.num_perm)
        keys[rows[words]] = band_keys(signatures, spec.bands, spec.rows)
    blank = np.fromiter(map(is_blank, texts), dtype=bool, count=len(texts))
    return Sketch(exact, blank, has_words[source], keys[source])


def concatenate(sketches: Sequence[Sketch]) -> Sketch:
    """One sketch of the texts of ``sketches`` (at least one), in order."""
    return Sketch(*(np.concatenate([getattr(s, f) for s in sketches]) for f in ("exact", "blank", "has_words", "keys")))
