"""Contained copies: articles that share much more with another article than its furniture.

The boilerplate stage counts a paragraph found in ``boilerplate_min_count``
article families as furniture. That is right when the articles are otherwise
different (a footer under two stories) and wrong when one article holds a
copy of the other (a wire story inside an aggregate page, two articles pasted
into one, an article quoting another at length): there the shared paragraphs
are the story. This module tells the two apart from the paragraph tallies the
stage already has, without comparing articles that share nothing.

For every pair of families that hold the same paragraph key (an exact hash,
or a near group), the *shared characters* are the characters of all the keys
the pair holds in common (each key counted once, by the length of its first
paragraph). With ``size(f)`` the characters of family f's first article and
``share(f) = shared(f, g) / size(f)``, f is the **copy** side of the pair
when its share is at least ``COMMON_SHARE`` and larger than g's (ties: the
later family) and the pair shares at least ``MIN_SHARED_PARAGRAPHS``
distinct paragraphs of ``MIN_PARAGRAPH_CHARS`` or more: the two have text in
common (a quoted passage, a pasted story) and f holds less besides, while
furniture is a small part of the articles it sits in. One shared paragraph
is never enough, however large a part of two short articles it is (that is
what a cookie banner under two short stories looks like), and a short line
(an outlet's name kept by ``always_keep``, a "Read more") is not story text.
For each key, a holder that is the copy side of a pair with another holder
of the key is not independent evidence: the key's *independent families*
are its families minus those holders (at least 1). Only the copy side is
discounted, so a page holding two pasted stories still counts, with the
articles of its site, for the furniture they all carry. f is a **contained
copy** of g (the article record's ``contained_in``,
:meth:`SharedText.containers`) when it is the copy side with a share of at
least ``CONTAINED_SHARE``.

Pairs are formed only through keys held by 2 to ``POPULAR_FAMILIES``
families: a paragraph in more families than that is furniture whatever else
they share, so the pairs grow with the corpus (at most
``C(POPULAR_FAMILIES, 2)`` per key), never with the square of a popular
paragraph's articles. Such keys neither add shared characters nor lose
evidence. Every step is a sort or a ``bincount`` over integer arrays; the
counts of families holding each key are :func:`tally`'s, the stage's count of
every paragraph key by owner (article or family).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..hashing.distinct import distinct, run_firsts
from ..hashing.ragged import offsets_in_runs

POPULAR_FAMILIES = 10
MIN_SHARED_PARAGRAPHS = 2
MIN_PARAGRAPH_CHARS = 80
COMMON_SHARE = 0.25
CONTAINED_SHARE = 0.5

_LOW = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


def _code(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    return high.astype(np.uint64) << _SHIFT | low.astype(np.uint64)


def _split(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (codes >> _SHIFT).astype(np.int64), (codes & _LOW).astype(np.int64)


def tally(key_of: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each entry of ``key_of`` (a key numbered ``0, 1, ...``, below 2³²): how often its key
    occurs, in how many distinct ``owners`` (below 2³²), and how often with its own owner.

    A key met once has one owner, met once with it, so only the entries of keys met more than
    once are sorted: one stable sort of their (owner, key) pairs, owner first. Entries in reading
    order have their owners (articles, or families, labelled by their first article) ascending
    but for a few, so the pairs come in long sorted runs that the stable sort (NumPy's timsort
    for 64-bit keys) merges in a few passes: at 100,000 generated articles this took a fifth of
    the time of ``np.unique`` of every (key, owner) pair with its inverse and counts.
    """
    per_key = np.bincount(key_of)
    occurrences = per_key[key_of]
    repeated = np.flatnonzero(occurrences > 1)
    keys = key_of[repeated]
    codes = _code(owners[repeated], keys)
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    starts = np.flatnonzero(run_firsts(ordered))
    runs = np.diff(np.append(starts, len(ordered)))
    owners_per_key = np.bincount(_split(ordered[starts])[1], minlength=len(per_key))
    holders, with_owner = np.ones(len(key_of), dtype=np.int64), np.ones(len(key_of), dtype=np.int64)
    holders[repeated] = owners_per_key[keys]
    with_owner[repeated[order]] = np.repeat(runs, runs)
    return occurrences, holders, with_owner


def holder_pairs(
    key_of: np.ndarray, family_of: np.ndarray, holders: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(key, a, b)``: every pair of families ``a < b`` holding the same key, through keys held
    by 2 to ``POPULAR_FAMILIES`` families.

    key_of, family_of: per paragraph, its key (``0 ≤ key < 2³²``) and its family; holders: per
    paragraph, how many families hold its key (:func:`tally`'s second count, which the stage has
    counted already). The paragraphs of the keys in few families, few of all, are the only ones sorted
    by key.
    """
    few = (holders >= 2) & (holders <= POPULAR_FAMILIES)
    key, family = _split(distinct(_code(key_of[few], family_of[few])))
    starts = np.flatnonzero(run_firsts(key))
    sizes = np.diff(np.append(starts, len(key)))
    rank = np.arange(len(key)) - np.repeat(starts, sizes)
    partners = np.repeat(sizes, sizes) - 1 - rank
    left = np.repeat(np.arange(len(key)), partners)
    right = left + 1 + offsets_in_runs(partners)
    return key[left], family[left], family[right]


@dataclass
class SharedText:
    """Family pairs that share recurring paragraphs: ``pairs`` (sorted codes ``a << 32 | b``),
    the characters they share and how many distinct paragraphs of ``MIN_PARAGRAPH_CHARS`` or more
    (``keys``), and the share of ``a``'s and of ``b``'s characters that covers."""

    pairs: np.ndarray
    shared: np.ndarray
    keys: np.ndarray
    a_share: np.ndarray
    b_share: np.ndarray

    @classmethod
    def measure(
        cls,
        key_of: np.ndarray,
        family_of: np.ndarray,
        chars: np.ndarray,
        family_chars: np.ndarray,
        holders: np.ndarray,
    ) -> SharedText:
        """The pairs through ``key_of`` (per paragraph, with its ``chars``); ``family_chars``:
        the characters of each family, indexed by family label; ``holders``: as
        :func:`holder_pairs` takes them."""
        key_chars = np.zeros(int(key_of.max(initial=-1)) + 1, dtype=np.int64)
        key_chars[key_of[::-1]] = chars[::-1]  # the first paragraph of each key wins
        key, a, b = holder_pairs(key_of, family_of, holders)
        codes = _code(a, b)
        order = np.argsort(codes, kind="stable")
        codes = codes[order]
        starts = run_firsts(codes)
        pairs = codes[starts]
        pair_of = np.cumsum(starts) - 1
        shared = np.bincount(pair_of, weights=key_chars[key[order]], minlength=len(pairs))
        first, second = _split(pairs)
        return cls(
            pairs,
            shared.astype(np.int64),
            np.bincount(pair_of, weights=key_chars[key[order]] >= MIN_PARAGRAPH_CHARS, minlength=len(pairs)),
            shared / np.maximum(family_chars[first], 1),
            shared / np.maximum(family_chars[second], 1),
        )

    def copy_sides(self, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """Per pair: whether ``a``, and whether ``b``, is its copy side at ``threshold`` (see the module docstring)."""
        enough = self.keys >= MIN_SHARED_PARAGRAPHS
        a_copy = enough & (self.a_share >= threshold) & (self.a_share > self.b_share)
        return a_copy, enough & (self.b_share >= threshold) & ~a_copy & (self.b_share >= self.a_share)

    def discounted(self, key_of: np.ndarray, family_of: np.ndarray, holders: np.ndarray) -> np.ndarray:
        """Per paragraph: how many holders of its key (``key_of``) are the copy side of a pair
        with another holder (``holders``: as :func:`holder_pairs` takes them)."""
        if not len(self.pairs):
            return np.zeros(len(key_of), dtype=np.int64)
        key, a, b = holder_pairs(key_of, family_of, holders)
        at = np.minimum(np.searchsorted(self.pairs, _code(a, b)), len(self.pairs) - 1)
        found = self.pairs[at] == _code(a, b)
        a_copy, b_copy = self.copy_sides(COMMON_SHARE)
        a_in, b_in = found & a_copy[at], found & b_copy[at]
        contained = distinct(np.concatenate((_code(key[a_in], a[a_in]), _code(key[b_in], b[b_in]))))
        per_key = np.bincount(_split(contained)[0], minlength=int(key_of.max(initial=-1)) + 1)
        return per_key[key_of]

    def containers(self, families: int) -> np.ndarray:
        """For each family label below ``families``: the family it is a contained copy of
        (``-1``: none); of several containers, the one sharing most characters (ties: the lowest)."""
        first, second = _split(self.pairs)
        copy_first, copy_second = self.copy_sides(CONTAINED_SHARE)
        copies = np.concatenate((first[copy_first], second[copy_second]))
        holders = np.concatenate((second[copy_first], first[copy_second]))
        shared = np.concatenate((self.shared[copy_first], self.shared[copy_second]))
        order = np.lexsort((holders, -shared, copies))
        result = np.full(families, -1, dtype=np.int64)
        chosen = order[run_firsts(copies[order])]
        result[copies[chosen]] = holders[chosen]
        return result
