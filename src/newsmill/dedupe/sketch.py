"""What dedupe computes once per article, in chunks: exact key, words or not, band keys.

A :class:`Sketch` of a chunk of texts holds, per text,

- ``exact``: xxh3-64 of the normal form (equal to :func:`newsmill.text.text_hash`),
- ``blank``: the text is empty or whitespace (skipped, like before),
- ``has_words``: the text has at least one shingle,
- ``keys``: its LSH band keys (:func:`newsmill.dedupe.lsh.band_keys`),
  zeros where it has no words.

The signatures themselves are dropped once the band keys are made: candidate
pairs need only the keys, and verification uses the shingle sets. A chunk's
sketch is a pure function of its texts and the :class:`SketchSpec`, so
chunks can be computed in any process or on any Dask worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from ..config import Config
from .lsh import band_keys, bands_rows
from .shingles import fold, folded_hashes
from .vectorised import signatures

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
    def from_config(cls, config: Config) -> SketchSpec:
        """The spec of ``config``: LSH tuned ``CANDIDATE_MARGIN`` below its threshold."""
        bands, rows = bands_rows(max(0.05, config.threshold - CANDIDATE_MARGIN), config.num_perm)
        return cls(config.ngram, config.num_perm, bands, rows)


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
    """:func:`exact_key` of a text already :func:`~newsmill.dedupe.shingles.fold`-ed."""
    return xxhash.xxh3_64_intdigest(" ".join(folded.split()).encode("utf-8"))


def sketch(texts: Sequence[str], spec: SketchSpec) -> Sketch:
    """The :class:`Sketch` of ``texts``."""
    folded = list(map(fold, texts))
    exact = np.fromiter(map(folded_key, folded), dtype=np.uint64, count=len(texts))
    blank = np.fromiter((not text.strip() for text in texts), dtype=bool, count=len(texts))
    hashes = folded_hashes(folded, spec.ngram)
    has_words = np.fromiter(map(len, hashes), dtype=np.int64, count=len(texts)) > 0
    keys = np.zeros((len(texts), spec.bands), dtype=np.uint64)
    sigs = signatures([h for h in hashes if len(h)], spec.num_perm)
    keys[has_words] = band_keys(sigs, spec.bands, spec.rows)
    return Sketch(exact, blank, has_words, keys)


def concatenate(sketches: Sequence[Sketch]) -> Sketch:
    """One sketch of the texts of ``sketches`` (at least one), in order."""
    return Sketch(*(np.concatenate([getattr(s, f) for s in sketches]) for f in ("exact", "blank", "has_words", "keys")))
