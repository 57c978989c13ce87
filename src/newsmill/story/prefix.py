"""Candidate pairs for signal A by prefix filtering, in time and memory linear in the anchors.

Comparing every two articles that share an anchor is quadratic: an anchor
found in 10% of a million articles pairs 100,000 articles with each other.
Prefix filtering (AllPairs, Bayardo et al. 2007; PPJoin, Xiao et al. 2008)
indexes each article under only the first few anchors of a fixed global
order, and loses no pair that can pass verification.

Notation (as in :mod:`.anchor_signal`): article x has the anchor set X,
w(t) = ln(N / df(t)) >= 0, W(T) = Σ_{t ∈ T} w(t), and a pair qualifies when
its articles' languages differ and are known, it shares at least
``min_shared`` rare anchors, and

    s(x, y) = W(C) / W(X ∪ Y) >= threshold,   C ⊆ X ∩ Y.

**Global order.** Anchors are sorted by ``(df_known(t), t)``, where
``df_known`` counts the articles of known language; rare anchors
(``df_known <= limit``) therefore come before all others in every article.

**The bound.** Let t* be the first anchor of X ∩ Y in the global order. Since

    s(x, y) <= W(X ∩ Y) / W(X ∪ Y) <= W(X ∩ Y) / W(X),

a qualifying pair has W(X ∩ Y) >= threshold · W(X). If t* lay beyond x's
first p anchors, all of X ∩ Y would lie in x's suffix after them, so
W(X ∩ Y) <= S_p(x), the weight of that suffix. Hence t* lies within the
*threshold prefix*: the first p_τ(x) anchors, p_τ(x) = min{p : S_p(x) <
threshold · W(X)}. And as the pair shares k = ``min_shared`` rare anchors,
all before any other anchor, t* is the first of them and at least k - 1 of
x's rare anchors follow it: t* lies within the first |R(x)| - k + 1 anchors,
R(x) being x's rare anchors. The same holds for y. So every qualifying pair
shares its anchor t* within both articles' prefixes of length

    p(x) = min(p_τ(x), |R(x)| - k + 1),

and the pairs of different languages found under a common prefix anchor
(:func:`prefix_candidates`) include every qualifying pair. A prefix holds
rare anchors only, and of those the commonest are in it only when the
article's rarer anchors weigh less than ``1 - threshold`` of the whole, so a
common anchor is indexed only by the articles that have little else.

**The work.** A rare anchor is in at most ``limit`` articles (``max_count``,
100 by default, bounds it whatever N), so the n_t articles indexed under
anchor t give at most n_t² / 4 pairs of two languages, at most
``limit / 4 · n_t``; summed over the anchors, the candidates number at most
``limit / 4`` per prefix entry: linear in the corpus, never quadratic.

**Filtering before the exact score.** Candidates are kept only when
``W(X ∩ Y) >= threshold · W(X ∪ Y)`` (the unordered upper bound of s) and
they share ``min_shared`` rare anchors, both computed for a block of
candidates at once as sparse row products; the exact, ordered score is then
needed for the few that remain. Candidate blocks hold at most
:data:`BLOCK_PAIRS` pairs, so memory is bounded by the articles and one
block, not by the number of pairs.

The bounds are compared with a relative tolerance (:data:`TOLERANCE`) that
errs towards keeping a pair, so rounding never loses one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import scipy.sparse

from ..hashing.distinct import distinct
from ..hashing.ragged import offsets_in_runs

#: Most candidate pairs (before deduplication) handled at once.
BLOCK_PAIRS = 1 << 16
#: Relative slack on the float bounds: a pair this close to a bound is kept for the exact score.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class AnchorTable:
    """The anchors of ``size`` articles as flat arrays of integer anchor ids.

    ``tokens[indptr[i]:indptr[i + 1]]`` are article i's distinct anchors in
    their order; ``df`` is each anchor's document frequency over all articles;
    ``vocabulary`` holds the anchor of each id, ids given in order of first
    appearance.
    """

    tokens: np.ndarray
    indptr: np.ndarray
    df: np.ndarray
    vocabulary: list[Hashable]

    @classmethod
    def build(cls, sequences: Sequence[Sequence[Hashable]]) -> AnchorTable:
        """From each article's distinct anchors."""
        flat = list(chain.from_iterable(sequences))
        first_seen = dict.fromkeys(flat)
        ids = dict(zip(first_seen, range(len(first_seen)), strict=True))
        tokens = np.fromiter(map(ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        return cls._of(tokens, np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences)), list(ids))

    @classmethod
    def join(cls, parts: Iterable[AnchorTable]) -> AnchorTable:
        """The tables of consecutive groups of articles as one table of all their articles, the
        same as :meth:`build` of all their sequences: each part's ids are mapped to the whole's
        with one dictionary step per distinct anchor of the part, not one per anchor of each article
        (a worker sends the table of its chunk, whose arrays pickle in one step each)."""
        ids: dict[Hashable, int] = {}
        tokens, lengths = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
        for part in parts:
            new = [anchor for anchor in part.vocabulary if anchor not in ids]
            ids.update(zip(new, range(len(ids), len(ids) + len(new)), strict=True))
            whole_ids = np.fromiter(map(ids.__getitem__, part.vocabulary), dtype=np.int64, count=len(part.vocabulary))
            tokens.append(whole_ids[part.tokens])
            lengths.append(np.diff(part.indptr))
        return cls._of(np.concatenate(tokens), np.concatenate(lengths), list(ids))

    @classmethod
    def _of(cls, tokens: np.ndarray, lengths: np.ndarray, vocabulary: list[Hashable]) -> AnchorTable:
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        return cls(tokens, indptr, np.bincount(tokens, minlength=len(vocabulary)), vocabulary)

    @property
    def size(self) -> int:
        return len(self.indptr) - 1

    @property
    def rows(self) -> np.ndarray:
        """The article of each entry of ``tokens``."""
        return np.repeat(np.arange(self.size), np.diff(self.indptr))

    def anchors(self, article: int) -> list[int]:
        return self.tokens[self.indptr[article] : self.indptr[article + 1]].tolist()

    def sequences(self) -> list[list[Hashable]]:
        """Each article's anchors themselves, in their order (what :meth:`build` is given)."""
        return [list(map(self.vocabulary.__getitem__, self.anchors(article))) for article in range(self.size)]


def prefix_candidates(
    table: AnchorTable, langs: Sequence[int], known: np.ndarray, threshold: float, min_shared: int, limit: int
) -> np.ndarray:
    """Pairs ``(a, b)``, ``a < b``, that may qualify (module docstring), as an ``(n, 2)`` array, sorted.

    langs: a small integer per article; known: which articles have a known
    language; limit: the largest ``df_known`` of a rare anchor.
    """
    size, vocabulary = table.size, len(table.df)
    weights = np.log(size / np.maximum(table.df, 1))
    rows = table.rows
    df_known = np.bincount(table.tokens[known[rows]], minlength=vocabulary)
    rare = df_known <= limit
    total = np.bincount(rows, weights=weights[table.tokens], minlength=size)  # W(X)
    # only rare anchors of known-language articles can be in a prefix; they come first in the global order
    kept = known[rows] & rare[table.tokens] & (total[rows] > 0)
    rank = np.empty(vocabulary, dtype=np.int64)
    rank[np.lexsort((np.arange(vocabulary), df_known))] = np.arange(vocabulary)
    tokens, rows = table.tokens[kept], rows[kept]
    order = np.argsort(rows * vocabulary + rank[tokens], kind="stable")
    tokens, rows = tokens[order], rows[order]
    counts = np.bincount(rows, minlength=size)  # |R(x)|
    starts = np.cumsum(counts) - counts
    weight = weights[tokens]
    before = np.cumsum(weight) - weight
    suffix = total[rows] - (before - before[starts[rows]])  # S_i: this entry's weight and all after it
    position = np.arange(len(tokens)) - starts[rows]
    in_prefix = (suffix >= threshold * total[rows] * (1 - TOLERANCE)) & (position <= counts[rows] - min_shared)
    bound = Bound.of(table, weights, rare, total, indexed=distinct(rows[in_prefix]))
    lang = np.asarray(langs, dtype=np.int64)
    keys = [
        bound.passing(first * size + second, size, threshold, min_shared)
        for first, second in _posting_pairs(tokens[in_prefix], rows[in_prefix], lang)
    ]
    found = distinct(np.concatenate([np.empty(0, dtype=np.int64), *keys]))
    return np.stack([found // size, found % size], axis=1)


def _posting_pairs(tokens: np.ndarray, rows: np.ndarray, lang: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Blocks of pairs of articles of different languages indexed under one anchor, ``first < second``.

    Entries are sorted by anchor; an entry pairs with every later entry of
    its anchor, and blocks split the entries so that each holds about
    :data:`BLOCK_PAIRS` pairs (a single entry's pairs are never split).
    """
    order = np.lexsort((rows, tokens))
    tokens, rows = tokens[order], rows[order]
    starts = np.flatnonzero(np.r_[True, tokens[1:] != tokens[:-1]])
    ends = np.r_[starts[1:], len(tokens)]
    end = np.repeat(ends, ends - starts)
    later = end - np.arange(len(tokens)) - 1
    cumulative = np.cumsum(later)
    begin = 0
    while begin < len(tokens):
        stop = max(begin + 1, int(np.searchsorted(cumulative, cumulative[begin] - later[begin] + BLOCK_PAIRS, "right")))
        counts = later[begin:stop]
        first = np.repeat(np.arange(begin, stop), counts)
        second = first + 1 + offsets_in_runs(counts)
        a, b = rows[first], rows[second]
        differ = lang[a] != lang[b]
        yield np.minimum(a, b)[differ], np.maximum(a, b)[differ]
        begin = stop


@dataclass(frozen=True)
class Bound:
    """The unordered bound and the shared rare anchors of candidate pairs, as sparse row products.

    ``roots``: articles × anchors holding sqrt(w(t)), so that a product of two
    rows sums to W(X ∩ Y); ``rare``: 1 for each rare anchor; both hold the
    ``indexed`` articles only (``row`` maps an article to its row), the only
    ones a candidate can have. ``total``: W(X) per article.
    """

    roots: scipy.sparse.csr_matrix
    rare: scipy.sparse.csr_matrix
    row: np.ndarray
    total: np.ndarray

    @classmethod
    def of(
        cls, table: AnchorTable, weights: np.ndarray, rare: np.ndarray, total: np.ndarray, indexed: np.ndarray
    ) -> Bound:
        lengths = np.diff(table.indptr)[indexed]
        indptr = np.zeros(len(indexed) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        entries = np.repeat(table.indptr[indexed], lengths) + np.arange(indptr[-1]) - np.repeat(indptr[:-1], lengths)
        tokens = table.tokens[entries]
        shape = (len(indexed), len(table.df))
        row = np.full(table.size, -1, dtype=np.int64)
        row[indexed] = np.arange(len(indexed))
        return cls(
            scipy.sparse.csr_matrix((np.sqrt(weights[tokens]), tokens, indptr), shape=shape),
            scipy.sparse.csr_matrix((rare[tokens].astype(np.float64), tokens, indptr), shape=shape),
            row,
            total,
        )

    def passing(self, keys: np.ndarray, size: int, threshold: float, min_shared: int) -> np.ndarray:
        """The distinct pair keys ``a · size + b`` whose unordered score bound and rare-anchor count pass."""
        keys = distinct(keys)
        a, b = keys // size, keys % size
        small, large = np.minimum(self.total[a], self.total[b]), np.maximum(self.total[a], self.total[b])
        fits = small >= threshold * large * (1 - TOLERANCE)  # W(X ∩ Y) <= the smaller W
        keys, a, b = keys[fits], self.row[a[fits]], self.row[b[fits]]
        shared = np.asarray(self.roots[a].multiply(self.roots[b]).sum(axis=1)).ravel()
        union = self.total[keys // size] + self.total[keys % size] - shared
        bound = (shared > 0) & (shared >= threshold * union * (1 - TOLERANCE))
        # Few pairs pass the bound: only their rare anchors are counted (a count, the same on any subset).
        keys, a, b = keys[bound], a[bound], b[bound]
        shared_rare = np.asarray(self.rare[a].multiply(self.rare[b]).sum(axis=1)).ravel()
        return keys[shared_rare >= min_shared - 0.5]
