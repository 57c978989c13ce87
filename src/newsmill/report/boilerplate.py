"""Removed paragraphs of a results directory, grouped by their normal form.

``removed.jsonl`` has one line per paragraph stripped from one article; a
reader wants to see each distinct paragraph once, with how often it was
removed, why, and a few articles it came from. Signature lines (removed by
the splitter) and boilerplate (removed by the boilerplate stage) are listed
apart, as ``report.json`` counts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..boilerplate.stage import SIGNATURE
from ..results.read import ResultsDir
from ..text import normalise


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


@dataclass
class Removals:
    """``removed.jsonl`` in two listings: boilerplate (the boilerplate stage's
    removals, counted in ``report.json`` under ``boilerplate``) and the signature
    lines the splitter removed (``ingest.signature_lines``)."""

    boilerplate: BoilerplateListing
    signatures: BoilerplateListing


def gather_boilerplate(results: ResultsDir, limit: int, examples: int) -> Removals:
    """The ``limit`` most removed paragraphs of each listing, each with up to ``examples`` article ids.

    Paragraphs are grouped by :func:`~newsmill.text.normalise`, as the
    boilerplate stage counts them, so the totals equal those in ``report.json``.
    """
    groups: dict[bool, dict[str, RemovedParagraph]] = {False: {}, True: {}}
    removals = {False: 0, True: 0}
    for record in results.removed():
        signature = record.get("reason") == SIGNATURE
        removals[signature] += 1
        group = groups[signature].setdefault(normalise(record["text"]), RemovedParagraph(record["text"]))
        group.removals += 1
        group.corpus_count = max(group.corpus_count, record.get("count") or 0)
        group.reasons.add(record.get("reason") or "")
        if len(group.examples) < examples and record["article"] not in group.examples:
            group.examples.append(record["article"])

    def listing(signature: bool) -> BoilerplateListing:
        ranked = sorted(groups[signature].values(), key=lambda g: -g.removals)[:limit]
        return BoilerplateListing(ranked, len(groups[signature]), removals[signature])

    return Removals(boilerplate=listing(False), signatures=listing(True))
