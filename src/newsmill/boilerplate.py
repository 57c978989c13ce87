"""Boilerplate: paragraphs that recur across the corpus are stripped and reported.

A paragraph is boilerplate when its normalised hash
(:func:`newsmill.text.text_hash`)

- occurs in at least ``boilerplate_min_count`` distinct *article families*
  (reason ``repeated``), or
- occurs more than once inside one article (reason ``repeated-in-article``).

An article family is a group of exact or near-duplicate articles (found by
:func:`newsmill.dedupe.find_pairs` on the text before stripping): an article
scraped twice, verbatim or lightly edited, must not turn its own paragraphs
into boilerplate, so each family counts once.

The default ``boilerplate_min_count`` is 2. A news paragraph written for one
story does not reappear verbatim in a different story; what does is site
furniture (consent notices, signatures, footers, paywall lines), and in a
small dump such furniture may occur in only two articles. Raise it for
corpora where distinct stories quote each other at length.

Nothing is stripped silently: every removed paragraph becomes a
:class:`~newsmill.record.Removal` on its article, with the number of times it
occurs in the whole corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .config import Config
from .dedupe import find_pairs, group
from .record import Article, Removal
from .text import text_hash

REPEATED = "repeated"
REPEATED_IN_ARTICLE = "repeated-in-article"


@dataclass
class BoilerplateSummary:
    """Counts of what was stripped."""

    paragraphs_removed: int = 0
    distinct_paragraphs: int = 0
    articles_touched: int = 0


def article_families(articles: Sequence[Article], config: Config) -> list[int]:
    """Family label of each article: the index of the first member of its duplicate group."""
    labels = list(range(len(articles)))
    for members in group(len(articles), find_pairs([a.text for a in articles], config)):
        for index in members:
            labels[index] = members[0]
    return labels


def strip_boilerplate(articles: Sequence[Article], config: Config) -> BoilerplateSummary:
    """Remove boilerplate paragraphs from ``articles`` in place, recording each removal."""
    families = article_families(articles, config)
    occurrences: Counter[int] = Counter()
    family_paragraphs: dict[int, set[int]] = {}
    for article, family in zip(articles, families):
        keys = [text_hash(p.text) for p in article.paragraphs]
        occurrences.update(keys)
        family_paragraphs.setdefault(family, set()).update(keys)
    families_per_paragraph: Counter[int] = Counter()
    for keys in family_paragraphs.values():
        families_per_paragraph.update(keys)

    summary = BoilerplateSummary()
    removed_keys: set[int] = set()
    for article in articles:
        keys = [text_hash(p.text) for p in article.paragraphs]
        within = Counter(keys)
        kept = []
        for paragraph, key in zip(article.paragraphs, keys):
            if families_per_paragraph[key] >= config.boilerplate_min_count:
                reason = REPEATED
            elif within[key] > 1:
                reason = REPEATED_IN_ARTICLE
            else:
                kept.append(paragraph)
                continue
            article.removals.append(Removal(article.id, paragraph, reason, occurrences[key]))
            removed_keys.add(key)
            summary.paragraphs_removed += 1
        if len(kept) != len(article.paragraphs):
            summary.articles_touched += 1
            article.paragraphs = kept
    summary.distinct_paragraphs = len(removed_keys)
    return summary
