"""Naive-Bayes language scores of a batch of texts, one sparse product per batch.

A text's log-likelihood under language ``l`` is (see :mod:`.profiles`)
``s_l = Σ_g count(g) · log(1 + p(g|l) / ε)`` plus a constant, summed over
the text's longest n-grams (:data:`SCORED_LENGTH` characters, :mod:`.ngrams`)
that some profile holds. The 1- and 2-grams of a word lie inside its
3-grams: naive Bayes, which treats every n-gram as independent evidence,
would count each character up to three times at three orders, and the
short grams, shared by many languages, then outweigh the distinctive ones
(on NTREX-128 dev sentences, 1,806 of them, Dutch and English, this scores
1,779 right against 1,776 with every order). With a uniform
prior over the languages the posterior is the softmax of the scores,
``P(l | text) = exp(s_l) / Σ_k exp(s_k)``; the text's language is the
``argmax`` (the first in sorted order on a tie), its probability the
posterior of that language. langdetect estimates the same posterior from
random samples of the n-grams; here every n-gram counts, so the answer is
deterministic and, like any naive-Bayes posterior over overlapping n-grams,
close to 1 for all but short or mixed texts.

A text's n-grams are its words' n-grams, so the scorer keeps, per distinct
word, the word's evidence vector ``Σ_{g in word} log(1 + p(g|l) / ε)`` and
its count of profile n-grams, computed for all new words of a batch in one
sparse product (words × n-grams) · (n-grams × languages). A batch of texts
is then a sparse (texts × words) matrix, one entry per word occurrence in
text order, times the (words × languages) evidence of the words. A text's
scores are summed over its own words in its own order, so they do not depend
on which other texts or words the process has seen.

Words are told apart by the 64-bit xxh3 of their UTF-8 bytes, hashed for a
whole batch at once (:func:`newsmill.hashing.xxh3.xxh3_64` over the spans of
:class:`~.ngrams.WordSpans`): a batch's words are looked up once per
distinct word, and no Python string is made for a word already known (two
words sharing a hash would share their evidence; among a million distinct
words that happens with probability about 3 · 10⁻⁸).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from itertools import repeat

import numpy as np
from scipy import sparse

from ..hashing.xxh3 import xxh3_64
from .ngrams import LONGEST, WordSpans, word_ngrams
from .profiles import Profiles

UNDETERMINED = "und"
#: Distinct words whose evidence a scorer keeps (about 44 MB with langdetect's 55 languages);
#: past it the cache starts again.
WORD_CACHE_SIZE = 100_000
#: Length of the n-grams scored: langdetect's longest (``ngrams.LONGEST``).
SCORED_LENGTH = LONGEST


def _ones_rows(indices: np.ndarray, lengths: np.ndarray, columns: int) -> sparse.csr_matrix:
    """A CSR matrix with a 1 at ``(i, j)`` for each ``j`` of row ``i``, the rows given end to end in
    ``indices`` (row ``i`` being ``lengths[i]`` long), repeats and order kept."""
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(lengths), columns))


class Scorer:
    """Scores texts against ``profiles``, remembering up to ``cache_size`` words' evidence."""

    def __init__(self, profiles: Profiles, cache_size: int = WORD_CACHE_SIZE) -> None:
        if cache_size < 1:
            raise ValueError(f"cache_size must be at least 1, got {cache_size}")
        self.profiles = profiles
        self.cache_size = cache_size
        #: The languages a text can get: the profiles' (interned), then ``UNDETERMINED``.
        self.names = (*map(sys.intern, profiles.languages), UNDETERMINED)
        self._reset()

    def _reset(self) -> None:
        self._words: dict[int, int] = {}  # word hash -> row of the evidence cache
        self._evidence = np.zeros((1024, len(self.profiles.languages)))
        self._known = np.zeros(1024)

    def _add(self, hashes: list[int], keys: list[str]) -> range:
        """Keep the evidence of the words ``keys`` (hashed ``hashes``), all in one sparse product; their rows."""
        vocabulary = self.profiles.vocabulary
        rows = [map(vocabulary.get, word_ngrams(key, SCORED_LENGTH)) for key in keys]
        grams = [[row for row in word_rows if row is not None] for word_rows in rows]
        start, stop = len(self._words), len(self._words) + len(keys)
        if stop > len(self._known):
            grow = max(stop, 2 * len(self._known)) - len(self._known)
            self._evidence = np.vstack([self._evidence, np.zeros((grow, self._evidence.shape[1]))])
            self._known = np.concatenate([self._known, np.zeros(grow)])
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        indices = np.fromiter((g for word_grams in grams for g in word_grams), dtype=np.int64, count=int(lengths.sum()))
        self._evidence[start:stop] = (_ones_rows(indices, lengths, len(vocabulary)) @ self.profiles.evidence).toarray()
        self._known[start:stop] = lengths
        self._words.update(zip(hashes, range(start, stop), strict=True))
        return range(start, stop)

    def _word_rows(self, words: WordSpans) -> np.ndarray:
        """The rows of the evidence cache of each key of ``words``, adding the words not in it."""
        if len(self._words) > self.cache_size:
            self._reset()
        hashes = xxh3_64(words.buffer, words.starts, words.ends - words.starts)
        distinct, inverse = np.unique(hashes, return_inverse=True)  # (return_index would take a slower, stable sort)
        # One dict lookup per distinct word, all in C (``map`` with a default of -1).
        rows = np.fromiter(map(self._words.get, distinct.tolist(), repeat(-1)), dtype=np.int64, count=len(distinct))
        missing = np.flatnonzero(rows < 0)
        if len(missing):
            occurrence = np.empty(len(distinct), dtype=np.int64)
            occurrence[inverse] = np.arange(len(inverse))  # some occurrence of each distinct word
            keys = [words.key(i) for i in occurrence[missing].tolist()]
            rows[missing] = self._add(distinct[missing].tolist(), keys)
        return rows[inverse]

    def score(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """``(language, posterior probability rounded to 4 places)`` per text; ``("und", 0.0)`` for a text
        without a scored n-gram of any profile."""
        words = WordSpans.of(texts)
        occurrences = _ones_rows(self._word_rows(words), words.counts, len(self._words))
        scores = occurrences @ self._evidence[: len(self._words)]
        known = occurrences @ self._known[: len(self._words)]
        best = scores.argmax(axis=1)
        shifted = scores - scores[np.arange(len(texts)), best][:, None]
        probabilities = 1.0 / np.exp(shifted).sum(axis=1)
        languages = self.profiles.languages
        return [
            (languages[b], round(p, 4)) if k > 0 else (UNDETERMINED, 0.0)
            for b, p, k in zip(best.tolist(), probabilities.tolist(), known.tolist(), strict=True)
        ]
