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
whether it has a profile n-gram, computed for all new words of a batch in
one sparse product (words × n-grams) · (n-grams × languages). A batch of
texts is then a sparse (texts × words) matrix, one entry per occurrence of
a word with a profile n-gram in text order, times the (words × languages)
evidence of the words. A text's scores are summed over its own words in its
own order, so they do not depend on which other texts or words the process
has seen, nor on the words without evidence left out (each would add an
exact zero).

Words are told apart by a 64-bit id made for a whole batch at once
(:meth:`~.ngrams.WordSpans.ids`: a short word's bytes, a longer one's xxh3)
and looked up in a :class:`~.table.KeyRows` table with a few numpy passes
per batch; no Python string is made for a word already known (two long
words sharing an id would share their evidence; among a million distinct
words that happens with probability about 5 · 10⁻⁸).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .ngrams import LONGEST, WordSpans, word_ngrams
from .profiles import Profiles
from .table import KeyRows, grown

UNDETERMINED = "und"
#: Distinct words whose evidence a scorer keeps (about 44 MB with langdetect's 55 languages);
#: a batch that would take it past this starts it again.
WORD_CACHE_SIZE = 100_000
#: Length of the n-grams scored: langdetect's longest (``ngrams.LONGEST``).
SCORED_LENGTH = LONGEST


def _ones_rows(indices: np.ndarray, indptr: np.ndarray, columns: int) -> sparse.csr_matrix:
    """A CSR matrix with a 1 at ``(i, j)`` for each ``j`` of row ``i``, the rows given end to end in
    ``indices`` (row ``i`` being ``indices[indptr[i] : indptr[i + 1]]``), repeats and order kept."""
    return sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(indptr) - 1, columns))


def _starts(lengths: np.ndarray) -> np.ndarray:
    """``[0, l0, l0 + l1, ...]``: where each of the rows ``lengths`` long starts when laid end to end, and the end."""
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return indptr


class Scorer:
    """Scores texts against ``profiles``, remembering up to ``cache_size`` words' evidence."""

    def __init__(self, profiles: Profiles, cache_size: int = WORD_CACHE_SIZE) -> None:
        if cache_size < 1:
            raise ValueError(f"cache_size must be at least 1, got {cache_size}")
        self.profiles = profiles
        self.cache_size = cache_size
        #: The languages a text can get: the profiles' (interned), then ``UNDETERMINED``.
        self.names = (*map(sys.intern, profiles.languages), UNDETERMINED)
        #: The number of ``UNDETERMINED`` in :attr:`names`.
        self.undetermined = len(profiles.languages)
        self._words = KeyRows(cache_size)  # word id -> row of the evidence cache
        #: The languages in which some word met so far has evidence: the evidence cache's columns.
        self._languages = np.zeros(0, dtype=np.int64)
        self._evidence = np.zeros((1024, 0))
        self._scored = np.zeros(1024, dtype=bool)  # whether the word has a scored n-gram

    def _add(self, words: WordSpans, at: np.ndarray, start: int) -> None:
        """Keep the evidence of the keys numbered ``at`` of ``words`` from row ``start`` on (one sparse product)."""
        vocabulary = self.profiles.vocabulary
        rows = [map(vocabulary.get, word_ngrams(key, SCORED_LENGTH)) for key in words.keys(at)]
        grams = [[row for row in word_rows if row is not None] for word_rows in rows]
        stop = start + len(grams)
        self._evidence, self._scored = grown(self._evidence, stop), grown(self._scored, stop)
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        indices = np.fromiter((g for word_grams in grams for g in word_grams), dtype=np.int64, count=int(lengths.sum()))
        grams_of_words = _ones_rows(indices, _starts(lengths), len(vocabulary))
        evidence = (grams_of_words @ self.profiles.evidence).toarray()
        languages = np.union1d(self._languages, np.flatnonzero(evidence.any(axis=0)))
        if len(languages) > len(self._languages):  # a language with evidence for the first time: a new column
            wider = np.zeros((len(self._evidence), len(languages)))
            wider[:, np.searchsorted(languages, self._languages)] = self._evidence
            self._languages, self._evidence = languages, wider
        self._evidence[start:stop] = evidence[:, self._languages]
        self._scored[start:stop] = lengths > 0

    def numbers(self, texts: Sequence[str | bytes]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's (a string, or its UTF-8 bytes) language, as its number in :attr:`names`
        (``uint8``), and its posterior probability rounded to 4 places (``float64``); ``UNDETERMINED``
        and 0.0 for a text without a scored n-gram of any profile.

        A word without a scored n-gram adds nothing to a text's scores (its evidence row is zero),
        so it is left out of the sparse product, and so is a language in which no word met so far
        has evidence (its scores are zero): the sums are the same, to the bit, and a Latin-script
        corpus skips the columns of the languages written otherwise.
        """
        words = WordSpans.of(texts)
        rows = self._words.rows(words.ids(), functools.partial(self._add, words))
        scored = self._scored[rows]
        indptr = np.searchsorted(np.flatnonzero(scored), _starts(words.counts))  # each text's first scored word
        occurrences = _ones_rows(rows[scored], indptr, len(self._words))
        scores = np.zeros((len(texts), len(self.profiles.languages)))
        scores[:, self._languages] = occurrences @ self._evidence[: len(self._words)]
        best = scores.argmax(axis=1)
        shifted = scores - scores[np.arange(len(texts)), best][:, None]
        probabilities = 1.0 / np.exp(shifted).sum(axis=1)
        found = indptr[1:] > indptr[:-1]
        langs = np.where(found, best, self.undetermined).astype(np.uint8)
        probs = np.where(found, probabilities, 0.0)
        uncertain = np.flatnonzero(probs < 1.0)  # most long texts are certain: 1.0 needs no rounding
        probs[uncertain] = [round(p, 4) for p in probs[uncertain].tolist()]  # Python's round: correctly rounded
        return langs, probs

    def score(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """``(language, posterior probability rounded to 4 places)`` per text (:meth:`numbers`)."""
        langs, probs = self.numbers(texts)
        return list(zip(map(self.names.__getitem__, langs.tolist()), probs.tolist(), strict=True))
