"""Signal A: story pairs from shared anchors, usable without any translation model.

Anchors (:mod:`.anchors`) are numbers, names, URLs and handles, which a
translation keeps. Each anchor t is weighted by its inverse document
frequency over the articles compared,

    w(t) = ln(N / df(t)),

so an anchor found in every article weighs nothing and a rare one weighs
most; no stop list is needed. For articles x, y with anchor sets X, Y, in
order of first occurrence, the score is an *ordered* IDF-weighted Jaccard
similarity:

    s(x, y) = W(C) / W(X ∪ Y),   W(T) = Σ_{t ∈ T} w(t),

where C ⊆ X ∩ Y is the heaviest set of shared anchors that occur in the
same order in both articles (a heaviest common subsequence; an increasing
subsequence of ranks, found in O(k log k) for k shared anchors). A
translation keeps the order of what it says, sentence by sentence, while two
outlets reporting the same event name the same people and places in their
own order; the order term is what separates the two. Without it (C = X ∩ Y)
s is the plain weighted Jaccard. Anchors found in one article only stay in
the denominator: they are what one article says and the other does not (or
a name the translation changed, "Turkije" for "Turkey"); dropping them would
inflate the scores of unrelated articles whose own translation is not in the
corpus.

Candidates come from an inverted index of the *rare* anchors, those with
``df <= max(2, max_df · N)``: two articles of different languages are
candidates when they share at least ``min_shared`` rare anchors (this bounds
the work by the squared posting lists and is the "several shared rare tokens"
constraint). A candidate is verified when ``s >= threshold``; with
``one_to_one`` an article keeps at most one partner per other language
(:func:`newsmill.story.pairs.one_to_one`).

Only pairs of different, known languages (not ``und``) are compared: the
same story within one language is the copy-level dedupe's business.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, product

from ..config import Config
from .anchors import anchor_sequences
from .pairs import StoryPair, one_to_one

SIGNAL = "anchors"
UNKNOWN_LANG = "und"


@dataclass(frozen=True)
class AnchorOptions:
    """Parameters of signal A (see the module docstring for the maths).

    threshold: ordered weighted Jaccard at or above which a candidate is a story pair.
    min_shared: rare anchors a pair must share to be a candidate.
    max_df: share of the articles above which an anchor is too common to index.
    one_to_one: keep at most one partner per article and other language (greedy by score).
    name_share: capitalised share of in-sentence uses above which a word is a name.
    """

    threshold: float = Config.story_threshold
    min_shared: int = Config.story_min_shared
    max_df: float = 0.1
    one_to_one: bool = Config.story_one_to_one
    name_share: float = 0.5


def idf_weights(sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """``ln(N / df)`` of every anchor in ``sets``."""
    df = Counter(token for anchors in sets for token in anchors)
    return {token: math.log(len(sets) / count) for token, count in df.items()}


def ordered_weight(x: Sequence[str], y: Sequence[str], weights: dict[str, float]) -> float:
    """W of the heaviest common subsequence of two sequences of distinct anchors.

    The shared anchors, ranked by their position in ``y`` and read in ``x``'s
    order, give a sequence whose heaviest increasing subsequence is the
    answer; a Fenwick tree of prefix maxima finds it in O(k log k).
    """
    shared = set(x) & set(y)
    rank = {token: r for r, token in enumerate((t for t in y if t in shared), start=1)}
    tree = [0.0] * (len(rank) + 1)
    best = 0.0
    for token in x:
        r = rank.get(token)
        if r is None:
            continue
        before, i = 0.0, r - 1
        while i > 0:
            before, i = max(before, tree[i]), i & (i - 1)
        total = before + weights[token]
        best = max(best, total)
        while r < len(tree):
            tree[r], r = max(tree[r], total), r + (r & -r)
    return best


def ordered_jaccard(x: Sequence[str], y: Sequence[str], weights: dict[str, float]) -> float:
    """s(x, y) of the module docstring (0.0 when the union weighs nothing)."""
    union = sum(weights[t] for t in set(x) | set(y))
    return ordered_weight(x, y, weights) / union if union else 0.0


def candidates(
    sets: Sequence[frozenset[str]], langs: Sequence[str], max_df: float, min_shared: int
) -> list[tuple[int, int]]:
    """Pairs ``(a, b)``, ``a < b``, of different known languages sharing ``min_shared`` rare anchors, sorted."""
    limit = max(2, int(max_df * len(sets)))
    postings: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, (anchors, lang) in enumerate(zip(sets, langs)):
        if lang != UNKNOWN_LANG:
            for token in anchors:
                postings[token][lang].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for by_lang in postings.values():
        if len(by_lang) < 2 or sum(map(len, by_lang.values())) > limit:
            continue
        for first, second in combinations(by_lang.values(), 2):
            shared.update((min(a, b), max(a, b)) for a, b in product(first, second))
    return sorted(pair for pair, count in shared.items() if count >= min_shared)


def anchor_pairs(
    texts: Sequence[str], langs: Sequence[str], options: AnchorOptions = AnchorOptions()
) -> list[StoryPair]:
    """Verified story pairs among ``texts`` (``langs``: each text's language), sorted by ``(a, b)``."""
    sequences = anchor_sequences(texts, options.name_share)
    sets = [frozenset(sequence) for sequence in sequences]
    weights = idf_weights(sets)
    pairs = []
    for a, b in candidates(sets, langs, options.max_df, options.min_shared):
        score = ordered_jaccard(sequences[a], sequences[b], weights)
        if score >= options.threshold:
            pairs.append(StoryPair(a, b, SIGNAL, round(score, 4)))
    return one_to_one(pairs, langs) if options.one_to_one else pairs
