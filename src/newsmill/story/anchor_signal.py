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

Candidates: two articles of different languages are compared only when
they share at least ``min_shared`` *rare* anchors, those with

    df <= max(2, min(max_df · N, max_count))

among the articles of known language (the "several shared rare tokens"
constraint). ``max_count`` keeps the limit absolute on large corpora: a
story is told by tens of articles, not hundreds, so an anchor that more
than 100 articles name identifies no single story; and an anchor indexed in
a fixed share of N articles would make the work grow with N² (see
:mod:`.prefix` for the bound this cap gives). On corpora of up to
``max_count / max_df`` = 1,000 articles the cap changes nothing.
They are found by prefix
filtering (:mod:`.prefix`), which indexes each article under a few of its
rarest anchors and provably loses no pair that reaches the threshold, so the
work grows with the articles, not with the pairs behind a common anchor. A
candidate is verified when ``s >= threshold``; with ``one_to_one`` an
article keeps at most one partner per other language
(:func:`newsmill.story.pairs.one_to_one`).

Only pairs of different, known languages (not ``und``) are compared: the
same story within one language is the copy-level dedupe's business.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from ..progress import SILENT, Progress
from ..settings import StorySettings
from .anchors import anchor_table
from .pairs import StoryPair, one_to_one
from .prefix import AnchorTable, prefix_candidates

#: An anchor: a token id in the anchor table, or any hashable token in tests and callers.
Anchor = TypeVar("Anchor", bound=Hashable)

SIGNAL = "anchors"
UNKNOWN_LANG = "und"


@dataclass(frozen=True)
class AnchorOptions:
    """Parameters of signal A (see the module docstring for the maths).

    threshold: ordered weighted Jaccard at or above which a candidate is a story pair.
    min_shared: rare anchors a pair must share to be a candidate.
    max_df: share of the articles above which an anchor is too common to index.
    max_count: articles above which an anchor is too common to index, whatever the corpus size.
    one_to_one: keep at most one partner per article and other language (greedy by score).
    name_share: capitalised share of in-sentence uses above which a word is a name.
    """

    threshold: float = StorySettings.story_threshold
    min_shared: int = StorySettings.story_min_shared
    max_df: float = 0.1
    max_count: int = 100
    one_to_one: bool = StorySettings.story_one_to_one
    name_share: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.min_shared < 1 or self.max_count < 1:
            raise ValueError(f"min_shared and max_count must be at least 1, got {self.min_shared}, {self.max_count}")
        if not 0 < self.max_df <= 1:
            raise ValueError(f"max_df must be in (0, 1], got {self.max_df}")

    def rare_limit(self, articles: int) -> int:
        """The largest document frequency of a rare anchor among ``articles``:
        ``max(2, min(max_df · N, max_count))``."""
        return max(2, min(int(self.max_df * articles), self.max_count))


class IdfWeights(dict[int, float]):
    """``ln(N / df[t])`` of anchor id t, computed when first asked for (few anchors are ever scored)."""

    def __init__(self, df: np.ndarray, articles: int) -> None:
        super().__init__()
        self.df = df
        self.articles = articles

    def __missing__(self, token: int) -> float:
        weight = self[token] = math.log(self.articles / int(self.df[token]))
        return weight


def ordered_weight(x: Sequence[Anchor], y: Sequence[Anchor], weights: Mapping[Anchor, float]) -> float:
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


def ordered_jaccard(x: Sequence[Anchor], y: Sequence[Anchor], weights: Mapping[Anchor, float]) -> float:
    """s(x, y) of the module docstring (0.0 when the union weighs nothing).

    The union is summed in ``x``'s order, then ``y``'s, as the common
    subsequence is, so that identical sequences score exactly 1.0.
    """
    in_x = set(x)
    union = sum(weights[t] for t in x) + sum(weights[t] for t in y if t not in in_x)
    return ordered_weight(x, y, weights) / union if union else 0.0


def anchor_pairs(
    texts: Sequence[str],
    langs: Sequence[str],
    options: AnchorOptions = AnchorOptions(),
    progress: Progress = SILENT,
    jobs: int = 1,
) -> list[StoryPair]:
    """Verified story pairs among ``texts`` (``langs``: each text's language), sorted by ``(a, b)``.

    The anchors are found on ``jobs`` processes (:func:`.anchors.anchor_table`,
    which ``progress`` follows); the pairs do not depend on ``jobs``.
    """
    return sequence_pairs(anchor_table(texts, options.name_share, progress, jobs), langs, options)


def pairable(langs: Iterable[str]) -> bool:
    """Whether signal A can pair any two articles of these languages: it compares only articles
    of different known languages, so it needs two of them (a corpus in one language needs no anchors)."""
    return len(set(langs) - {UNKNOWN_LANG}) > 1


def sequence_pairs(
    table: AnchorTable, langs: Sequence[str], options: AnchorOptions = AnchorOptions()
) -> list[StoryPair]:
    """Verified story pairs among articles given as their anchor sequences (``table``), sorted by ``(a, b)``."""
    codes: dict[str, int] = {}
    candidates = prefix_candidates(
        table,
        [codes.setdefault(lang, len(codes)) for lang in langs],
        np.array([lang != UNKNOWN_LANG for lang in langs], dtype=bool),
        options.threshold,
        options.min_shared,
        limit=options.rare_limit(table.size),
    )
    weights = IdfWeights(table.df, table.size)
    pairs = []
    for a, b in candidates.tolist():
        score = ordered_jaccard(table.anchors(a), table.anchors(b), weights)
        if score >= options.threshold:
            pairs.append(StoryPair(a, b, SIGNAL, round(score, 4)))
    return one_to_one(pairs, langs) if options.one_to_one else pairs
