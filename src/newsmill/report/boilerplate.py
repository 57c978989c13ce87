"""Removed paragraphs of a results directory, grouped by their normal form.

``removed.jsonl`` has one line per paragraph stripped from one article; a
reader wants to see each distinct paragraph once, with how often it was
removed, why, and a few articles it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import normalise
from .resultsdir import ResultsDir


@dataclass
class RemovedParagraph:
    """One distinct paragraph that was stripped, as first seen, and where from."""

    text: str
    removals: int = 0
    corpus_count: int = 0
    reasons: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)


@dataclass
class BoilerplateListing:
    """The distinct removed paragraphs to show, most removed first, and the totals."""

    shown: list[RemovedParagraph]
    distinct: int
    removals: int


def gather_boilerplate(results: ResultsDir, limit: int, examples: int) -> BoilerplateListing:
    """The ``limit`` most removed paragraphs, each with up to ``examples`` article ids."""
    groups: dict[str, RemovedParagraph] = {}
    removals = 0
    for record in results.removed():
        removals += 1
        group = groups.setdefault(normalise(record["text"]), RemovedParagraph(record["text"]))
        group.removals += 1
        group.corpus_count = max(group.corpus_count, record.get("count") or 0)
        group.reasons.add(record.get("reason") or "")
        if len(group.examples) < examples and record["article"] not in group.examples:
            group.examples.append(record["article"])
    ranked = sorted(groups.values(), key=lambda g: -g.removals)[:limit]
    return BoilerplateListing(ranked, len(groups), removals)
