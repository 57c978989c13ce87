"""The policy that picks each cluster's survivor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from ..record import Article


class SurvivorFacts(NamedTuple):
    """What the ``keep`` policy reads of an article: its characters of cleaned text, its
    language and where it was read (a few bytes, where the article itself may be elsewhere).
    A tuple: made for every article of a run (story labels), a frozen dataclass cost four times as much."""

    chars: int
    lang: str
    path: str
    line: int

    @classmethod
    def of(cls, article: Article) -> SurvivorFacts:
        return cls(article.body.length(), article.lang, article.source.path, article.source.line_start)


def choose_survivor(members: Sequence[int], articles: Sequence[Article], policy: str) -> int:
    """The member (an index into ``articles``, given in input order) that a cluster keeps
    (see :func:`choose_by_facts`)."""
    return choose_by_facts(members, {i: SurvivorFacts.of(articles[i]) for i in members}, policy)


def choose_by_facts(members: Sequence[int], facts: Mapping[int, SurvivorFacts], policy: str) -> int:
    """The member that a cluster keeps, from the :class:`SurvivorFacts` of each member.

    ``longest``: most characters of cleaned text, ties by first seen;
    ``first``: first seen; ``source-order``: earliest input path, then line;
    ``lang:CODE``: an article in that language if any, then longest.
    """
    if policy == "first":
        return members[0]
    if policy == "source-order":
        return min(members, key=lambda i: (facts[i].path, facts[i].line, i))
    if policy.startswith("lang:"):
        wanted = policy.removeprefix("lang:")
        return min(members, key=lambda i: (facts[i].lang != wanted, -facts[i].chars, i))
    return min(members, key=lambda i: (-facts[i].chars, i))
