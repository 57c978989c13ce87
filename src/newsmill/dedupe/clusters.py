"""The policy that picks each cluster's survivor."""

from __future__ import annotations

from collections.abc import Sequence

from ..record import Article


def choose_survivor(members: Sequence[int], articles: Sequence[Article], policy: str) -> int:
    """The member (an index into ``articles``, given in input order) that a cluster keeps.

    ``longest``: most characters of cleaned text, ties by first seen;
    ``first``: first seen; ``source-order``: earliest input path, then line;
    ``lang:CODE``: an article in that language if any, then longest.
    """
    if policy == "first":
        return members[0]
    if policy == "source-order":
        return min(
            members, key=lambda i: (articles[i].source.path, articles[i].source.line_start, i)
        )
    if policy.startswith("lang:"):
        wanted = policy.removeprefix("lang:")
        return min(members, key=lambda i: (articles[i].lang != wanted, -len(articles[i].text), i))
    return min(members, key=lambda i: (-len(articles[i].text), i))
