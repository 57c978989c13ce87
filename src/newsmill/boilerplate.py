"""Boilerplate: paragraphs that recur across the corpus are stripped and reported.

A paragraph is boilerplate when its normalised hash
(:func:`newsmill.text.text_hash`)

- occurs in at least ``boilerplate_min_count`` distinct *article families*
  (reason ``repeated``), or
- occurs more than once inside one article (reason ``repeated-in-article``);

or, failing that, when it belongs to a group of near-identical variants
(:mod:`newsmill.near`: the same notice with a counter, a field or the
punctuation changed, or cut after a clause) that does the same, counting
every variant of the group as one paragraph (reasons ``near-repeated`` and
``near-repeated-in-article``).

An article family is a group of exact or near-duplicate articles (found by
:func:`newsmill.dedupe.find_pairs` on the text before stripping): an article
scraped twice, verbatim or lightly edited, must not turn its own paragraphs
into boilerplate, so each family counts once.

The default ``boilerplate_min_count`` is 2. A news paragraph written for one
story does not reappear verbatim in a different story; what does is site
furniture (consent notices, signatures, footers, paywall lines), and in a
small dump such furniture may occur in only two articles. Raise it for
corpora where distinct stories quote each other at length.

The user has the last word: a paragraph matching a ``always_keep`` regex is
never removed, one matching ``always_remove`` always is (reason
``always-remove``). With ``strip_junk``, the lines of the remaining
paragraphs are judged by the rules of :mod:`newsmill.junk`, each junk line
removed with its rule's name as the reason; a paragraph that loses some
lines keeps the others, and their language is detected again.

Nothing is stripped silently: every removed paragraph (or junk line) becomes a
:class:`~newsmill.record.Removal` on its article, with the number of times it
occurs in the whole corpus (for a near group: the occurrences of all its
variants). Counting keeps integer hashes, never texts; only paragraphs short
enough to be near-matched keep their character-shingle hashes until the
groups are formed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import langid
from .config import Config
from .dedupe import find_pairs, group
from .junk import RULES as JUNK_RULES
from .junk import junk_rule
from .near import near_groups, shingle_set
from .progress import SILENT, Progress
from .record import Article, Paragraph, Removal
from .text import text_hash

REPEATED = "repeated"
REPEATED_IN_ARTICLE = "repeated-in-article"
NEAR_REPEATED = "near-repeated"
NEAR_REPEATED_IN_ARTICLE = "near-repeated-in-article"
ALWAYS_REMOVE = "always-remove"
SIGNATURE = "signature"  # removed by the splitter, reported by ingest


@dataclass
class BoilerplateSummary:
    """Counts of what was stripped (signature lines, counted by ingest, excluded)."""

    paragraphs_removed: int = 0
    distinct_paragraphs: int = 0
    articles_touched: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class CorpusCounts:
    """What the corpus says about each paragraph, keyed by integer hashes.

    ``occurrences`` and ``families`` count each exact paragraph hash in the
    corpus and in distinct article families; ``near_label`` maps a paragraph
    hash to its near group's label, and ``near_occurrences``/``near_families``
    count the groups the same way.
    """

    occurrences: Counter[int] = field(default_factory=Counter)
    families: Counter[int] = field(default_factory=Counter)
    near_label: dict[int, int] = field(default_factory=dict)
    near_occurrences: Counter[int] = field(default_factory=Counter)
    near_families: Counter[int] = field(default_factory=Counter)


def article_families(articles: Sequence[Article], config: Config) -> list[int]:
    """Family label of each article: the index of the first member of its duplicate group."""
    labels = list(range(len(articles)))
    for members in group(len(articles), find_pairs([a.text for a in articles], config)):
        for index in members:
            labels[index] = members[0]
    return labels


def count_paragraphs(
    articles: Sequence[Article],
    paragraph_keys: Sequence[list[int]],
    config: Config,
    progress: Progress = SILENT,
) -> CorpusCounts:
    """Count every paragraph hash and near group over the corpus, per family.

    ``paragraph_keys`` holds, per article, the :func:`~newsmill.text.text_hash`
    of each paragraph (computed once by the caller, which needs them too).
    """
    counts = CorpusCounts()
    families = article_families(articles, config)
    family_keys: dict[int, set[int]] = {}
    shingles: dict[int, frozenset[int]] = {}
    tracked = progress.track(zip(articles, families, paragraph_keys), "count", total=len(articles))
    for article, family, keys in tracked:
        counts.occurrences.update(keys)
        family_keys.setdefault(family, set()).update(keys)
        for paragraph, key in zip(article.paragraphs, keys):
            if key not in shingles:
                found = shingle_set(paragraph.text)
                if found is not None:
                    shingles[key] = found
    counts.near_label = near_groups(shingles)
    del shingles
    for key, occurrences in counts.occurrences.items():
        if key in counts.near_label:
            counts.near_occurrences[counts.near_label[key]] += occurrences
    for keys in family_keys.values():
        counts.families.update(keys)
        counts.near_families.update({counts.near_label[k] for k in keys if k in counts.near_label})
    return counts


def strip_boilerplate(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> BoilerplateSummary:
    """Remove boilerplate (and, with ``strip_junk``, junk lines) from ``articles`` in place,
    recording each removal; returns :func:`summarise_removals`."""
    paragraph_keys = [[text_hash(p.text) for p in article.paragraphs] for article in articles]
    counts = count_paragraphs(articles, paragraph_keys, config, progress)
    keep = [re.compile(pattern) for pattern in config.always_keep]
    remove = [re.compile(pattern) for pattern in config.always_remove]
    tracked = progress.track(zip(articles, paragraph_keys), "boilerplate", total=len(articles))
    for article, keys in tracked:
        within = Counter(keys)
        within_near = Counter(counts.near_label[k] for k in keys if k in counts.near_label)
        kept: list[Paragraph] = []
        for paragraph, key in zip(article.paragraphs, keys):
            if any(pattern.search(paragraph.text) for pattern in keep):
                kept.append(paragraph)
                continue
            label = counts.near_label.get(key)
            if any(pattern.search(paragraph.text) for pattern in remove):
                reason, count = ALWAYS_REMOVE, counts.occurrences[key]
            elif counts.families[key] >= config.boilerplate_min_count:
                reason, count = REPEATED, counts.occurrences[key]
            elif within[key] > 1:
                reason, count = REPEATED_IN_ARTICLE, counts.occurrences[key]
            elif label is not None and counts.near_families[label] >= config.boilerplate_min_count:
                reason, count = NEAR_REPEATED, counts.near_occurrences[label]
            elif label is not None and within_near[label] > 1:
                reason, count = NEAR_REPEATED_IN_ARTICLE, counts.near_occurrences[label]
            else:
                remainder = _strip_junk_lines(article, paragraph) if config.strip_junk else paragraph
                if remainder is not None:
                    kept.append(remainder)
                continue
            article.removals.append(Removal(article.id, paragraph, reason, count))
        article.paragraphs = kept
    _count_junk(articles)
    return summarise_removals(articles)


def _strip_junk_lines(article: Article, paragraph: Paragraph) -> Paragraph | None:
    """Record the junk lines of ``paragraph`` as removals; return what is left (``None``: nothing)."""
    lines = paragraph.text.split("\n")
    numbers = [paragraph.line_start + i if paragraph.line_start else 0 for i in range(len(lines))]
    left: list[tuple[int, str]] = []
    for number, line in zip(numbers, lines):
        rule = junk_rule(line)
        if rule is None:
            left.append((number, line))
        else:
            article.removals.append(Removal(article.id, Paragraph(line, number, number), rule, 1))
    if len(left) == len(lines):
        return paragraph
    if not left:
        return None
    text = "\n".join(line for _, line in left)
    lang, prob = langid.detect(text)
    return Paragraph(text, left[0][0], left[-1][0], lang, prob)


def _count_junk(articles: Sequence[Article]) -> None:
    """Give each junk removal the number of junk lines with the same text in the corpus."""
    junk = [r for a in articles for r in a.removals if r.reason in JUNK_RULES]
    totals = Counter(text_hash(r.paragraph.text) for r in junk)
    for removal in junk:
        removal.count = totals[text_hash(removal.paragraph.text)]


def summarise_removals(articles: Sequence[Article]) -> BoilerplateSummary:
    """Counts of the removals recorded on ``articles``, signature lines excluded."""
    summary = BoilerplateSummary()
    reasons: Counter[str] = Counter()
    distinct: set[int] = set()
    for article in articles:
        removals = [r for r in article.removals if r.reason != SIGNATURE]
        reasons.update(r.reason for r in removals)
        distinct.update(text_hash(r.paragraph.text) for r in removals)
        summary.articles_touched += bool(removals)
    summary.paragraphs_removed = sum(reasons.values())
    summary.distinct_paragraphs = len(distinct)
    summary.reasons = dict(sorted(reasons.items()))
    return summary
