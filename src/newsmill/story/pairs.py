"""Story pairs: the verified pair record both signals produce, and the one-to-one rule.

A :class:`StoryPair` joins two articles (indices ``a < b``) of different
languages as one story; ``signal`` says which evidence verified it
(``anchors`` or ``translated``) and ``score`` how strongly.

One-to-one across languages: an article is the translation of at most one
article in each other language. The verified pairs are taken greedily by
descending score (ties by ``(a, b)``), and a pair is kept unless one of its
articles already has a kept partner in the other's language. Every mutual
best match (each article the other's best-scoring partner in its language)
is kept, since nothing scores above it when its turn comes; beyond those, an
article whose best partner was taken by a stronger pair can still pair with
its next best. A story told once per language so keeps its true pair even
when another outlet's report of the same event also clears the threshold,
and two outlets' reports, each with its own translation, still pair up
correctly. A story told twice in one language is joined through its
copy-level cluster (stories are computed on cluster survivors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class StoryPair:
    """Articles ``a < b`` (indices) verified as one story by ``signal`` with ``score``."""

    a: int
    b: int
    signal: str
    score: float


def one_to_one(pairs: Sequence[StoryPair], langs: Sequence[str]) -> list[StoryPair]:
    """The pairs kept by the greedy one-to-one rule, sorted by ``(a, b)``; ``langs`` per article index."""
    partnered: set[tuple[int, str]] = set()
    kept = []
    for pair in sorted(pairs, key=lambda p: (-p.score, p.a, p.b)):
        ends = {(pair.a, langs[pair.b]), (pair.b, langs[pair.a])}
        if not ends & partnered:
            partnered |= ends
            kept.append(pair)
    return sorted(kept, key=lambda p: (p.a, p.b))
