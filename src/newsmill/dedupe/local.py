"""The local engine: exact groups, LSH candidates and verification on one machine's cores.

1. Sketch the texts in chunks on ``jobs`` processes (:mod:`.sketch`).
2. Exact pairs: each non-blank text whose exact key was seen before pairs
   with the first text of that key; the first texts are the representatives.
3. Candidates: pairs of representatives with words that share a band key
   (:func:`newsmill.hashing.lsh.bucket_pairs`, one sort per band).
4. Verification: exact Jaccard of each candidate pair, in chunks on the
   same processes.

One set of worker processes serves steps 1 and 4 and gets the texts once,
when it starts (:class:`.parallel.Workers`); a chunk of work is a range of
indices or a block of pairs.

Memory beyond the texts: 8 bytes of exact key and ``8 · bands`` bytes of
band keys per article, plus the candidate pairs; candidates are found one
band at a time, so the sort's temporaries hold one band's keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from ..config import Config
from ..hashing.lsh import bucket_pairs, unique_pairs
from ..progress import SILENT, Progress
from ..textview import ArticleTexts
from ..workers import Workers, chunked, text_ranges
from .sketch import Sketch, SketchSpec, concatenate, sketch
from .verify import similarities

#: Candidate pairs per verification chunk, at most: one chunk's shingle sets stay small.
CHUNK_PAIRS = 1000
#: Candidate pairs per verification chunk, at least: fewer are not worth a process round trip.
MIN_CHUNK_PAIRS = 100


@dataclass
class Checked:
    """What an engine found: ``exact`` pairs ``(first, copy)`` sorted by copy, ``candidates``
    ``(a, b)`` sorted, and the exact Jaccard ``similarity`` of each candidate."""

    exact: np.ndarray
    candidates: np.ndarray
    similarity: list[float]


def exact_pairs(exact: np.ndarray, blank: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``(first, copy)`` for every non-blank id whose exact key an earlier id has, sorted by copy.

    exact: keys; blank: blank flags; ids: global index of each row (ascending).
    """
    keep = ~blank
    ids, exact = ids[keep], exact[keep]
    _, first_row, inverse = np.unique(exact, return_index=True, return_inverse=True)
    first = ids[first_row[inverse.ravel()]]
    copy = first != ids
    return np.stack((first[copy], ids[copy]), axis=1).astype(np.int64)


def representatives(sketched: Sketch, exact: np.ndarray) -> np.ndarray:
    """Ids that go into LSH: non-blank, with words, and not a copy in ``exact`` pairs."""
    chosen = ~sketched.blank & sketched.has_words
    chosen[exact[:, 1]] = False
    return np.flatnonzero(chosen)


def _sketch_range(texts: Sequence[str], chunk: range, spec: SketchSpec) -> Sketch:
    if isinstance(texts, ArticleTexts):  # the articles hold their UTF-8: no decoding
        return sketch(texts.utf8(chunk.start, chunk.stop), spec)
    return sketch(texts[chunk.start : chunk.stop], spec)


def _verify_block(texts: Sequence[str], pairs: np.ndarray, ngram: int) -> list[float]:
    return similarities(pairs, texts, ngram)


def find_checked(texts: Sequence[str], config: Config, progress: Progress = SILENT) -> Checked:
    """Exact pairs, candidate pairs and their similarities among ``texts``, on ``config.jobs`` processes.
    ``progress`` counts the texts sketched, then the candidate pairs verified."""
    spec = SketchSpec.from_settings(config.dedupe)
    ranges = text_ranges(len(texts))
    with Workers(texts, config.jobs) as workers:
        with progress.counting("sketch", len(texts)) as sketched_texts:
            sketches = []
            for chunk, part in zip(ranges, workers.map(partial(_sketch_range, spec=spec), ranges), strict=True):
                sketches.append(part)
                sketched_texts(len(chunk))
        sketched = concatenate(sketches)
        ids = np.arange(len(texts), dtype=np.int64)
        exact = exact_pairs(sketched.exact, sketched.blank, ids)
        reps = representatives(sketched, exact)
        # Band by band: keys of different bands never meet, and one band's sort needs little memory.
        candidates = unique_pairs(
            np.concatenate([bucket_pairs(sketched.keys[reps, band], reps) for band in range(spec.bands)])
        )
        del sketched
        # Two chunks per worker, so verification is spread evenly over them.
        size = min(CHUNK_PAIRS, max(MIN_CHUNK_PAIRS, -(-len(candidates) // (2 * workers.count))))
        verified = workers.map(partial(_verify_block, ngram=config.ngram), chunked(candidates, size))
        similarity: list[float] = []
        with progress.counting("verify", len(candidates)) as verified_pairs:
            for block in verified:
                similarity.extend(block)
                verified_pairs(len(block))
    return Checked(exact, candidates, similarity)
