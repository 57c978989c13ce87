"""Boilerplate: paragraphs that recur across the corpus are stripped and reported.

A paragraph is boilerplate when its normalised hash
(:func:`newsmill.text.text_hash`)

- occurs in at least ``boilerplate_min_count`` independent *article
  families* (reason ``repeated``), or
- occurs more than once inside one article (reason ``repeated-in-article``);

or, failing that, when it belongs to a group of near-identical variants
(:mod:`newsmill.boilerplate.near`: the same notice with a counter, a field or the
punctuation changed, or cut after a clause) that does the same, counting
every variant of the group as one paragraph (reasons ``near-repeated`` and
``near-repeated-in-article``). :func:`removal_reason` is that decision, a
pure function of the counts of one paragraph and the user's :class:`Rules`.

An article family is a group of exact or near-duplicate articles (found by
:func:`newsmill.dedupe.find_pairs` on the text before stripping): an article
scraped twice, verbatim or lightly edited, must not turn its own paragraphs
into boilerplate, so each family counts once. Furniture recurs across
articles that are otherwise different, so a family that shares much more
with another holder of the paragraph than the paragraph (a quoted passage,
a story pasted into another page) is not independent evidence either
(:mod:`newsmill.boilerplate.contained`); such an article is reported as
``contained_in`` the other when the shared text is at least half of it.

The default ``boilerplate_min_count`` is 2: in a small dump site furniture
(consent notices, signatures, footers, paywall lines) may occur in only two
articles. The rules across articles (``repeated``, ``near-repeated``) never
take an article's last paragraph (:func:`article_reasons`), and every kept
article left empty or stripped of more than ``WARN_STRIPPED_SHARE`` of its
characters by any rule is counted in :attr:`BoilerplateSummary.warned_articles` (the first
``WARNINGS_LISTED`` listed in :attr:`BoilerplateSummary.warnings`).

The user has the last word: a paragraph matching a ``always_keep`` regex is
never removed, one matching ``always_remove`` always is (reason
``always-remove``). With ``strip_junk``, the lines of the remaining
paragraphs are judged by the rules of :mod:`newsmill.boilerplate.junk`, each junk line
removed with its rule's name as the reason; a paragraph that loses some
lines keeps the others, and their language is detected again.

Nothing is stripped silently: every removed paragraph (or junk line) becomes a
:class:`~newsmill.record.Removal` on its article, with the number of times it
occurs in the whole corpus (for a near group: the occurrences of all its
variants). Counting keeps integer arrays over the paragraphs (hash, article,
family), never texts, and counts with sorts (:func:`tally`). The paragraph
hashes and the near groups are computed on ``config.jobs`` processes
(:class:`newsmill.workers.Workers`), with the same result for any
number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from .. import langid
from ..config import Config
from ..dedupe import Pair, find_pairs, group
from ..progress import SILENT, Progress
from ..record import Article, Paragraph, Removal
from ..settings import BoilerplateSettings
from ..text import normal_hash, normal_utf8, text_hash
from ..textview import ParagraphTexts, article_texts
from ..workers import Workers, text_ranges
from .contained import SharedText
from .junk import RULES as JUNK_RULES
from .junk import junk_rule
from .near import may_take_part, near_groups

REPEATED = "repeated"
REPEATED_IN_ARTICLE = "repeated-in-article"
NEAR_REPEATED = "near-repeated"
NEAR_REPEATED_IN_ARTICLE = "near-repeated-in-article"
ALWAYS_REMOVE = "always-remove"
SIGNATURE = "signature"  # removed by the splitter, reported by ingest
#: Warnings listed in the report, the first in input order; all are counted. A corpus full of
#: furniture can warn about a tenth of its articles (108,125 of 1,000,000 generated ones): listing
#: them all made a 12 MB ``report.json`` and the largest thing a Dask driver held.
WARNINGS_LISTED = 1000
#: Reasons that count a paragraph across articles: an article is never emptied by them alone.
ACROSS_ARTICLES = (REPEATED, NEAR_REPEATED)
#: A kept article that loses more than this share of its characters is listed as a warning.
WARN_STRIPPED_SHARE = 0.5


@dataclass
class BoilerplateSummary:
    """Counts of what was stripped (signature lines, counted by ingest, excluded)."""

    paragraphs_removed: int = 0
    distinct_paragraphs: int = 0
    articles_touched: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    #: How many kept articles were left without text or stripped of more than half of it.
    warned_articles: int = 0
    #: The first ``WARNINGS_LISTED`` of them in input order: ``{"article", "removed_share", "empty"}``
    #: each (see :func:`summarise_removals`).
    warnings: list[dict[str, object]] = field(default_factory=list)


@dataclass
class CorpusCounts:
    """What the corpus says about each paragraph: arrays over all paragraphs in reading order.

    ``occurrences``, ``families`` and ``within``: how often the paragraph's
    exact hash occurs in the corpus, in how many independent article
    families (a family that is a contained copy of another holder counts
    with it, :mod:`newsmill.boilerplate.contained`), and how often in its own article.
    ``near_occurrences``, ``near_families`` and ``near_within`` count its
    near group the same way (0 where there is none). ``container``, per article:
    the index of the article it is a contained copy of (``-1``: none).
    """

    occurrences: np.ndarray
    families: np.ndarray
    within: np.ndarray
    near_occurrences: np.ndarray
    near_families: np.ndarray
    near_within: np.ndarray
    container: np.ndarray


def tally(key_of: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each entry of ``key_of`` (a key numbered ``0, 1, ...``, below 2³²): how often its key
    occurs, in how many distinct ``owners``, and how often with its own owner. One sort, of the
    (key, owner) pairs."""
    per_key = np.bincount(key_of)
    pairs, pair_of, per_pair = np.unique(
        key_of.astype(np.uint64) << np.uint64(32) | owners.astype(np.uint64), return_inverse=True, return_counts=True
    )
    owners_per_key = np.bincount((pairs >> np.uint64(32)).astype(np.int64), minlength=len(per_key))
    return per_key[key_of], owners_per_key[key_of], per_pair[pair_of.ravel()]


def article_families(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> list[int]:
    """Family label of each article: the index of the first member of its duplicate group."""
    return family_labels(len(articles), find_pairs(article_texts(articles), config, progress)).tolist()


def family_labels(size: int, pairs: Sequence[Pair]) -> np.ndarray:
    """Family label of each of ``size`` articles joined by ``pairs``: the first member of its group."""
    labels = np.arange(size, dtype=np.int64)
    for members in group(size, pairs):
        labels[members] = members[0]
    return labels


def paragraph_keys(texts: Sequence[str], jobs: int) -> tuple[np.ndarray, np.ndarray]:
    """The :func:`~newsmill.text.text_hash` of each of ``texts`` (``uint64``), and whether it may take
    part in the near search (:func:`~newsmill.boilerplate.near.may_take_part`, from the same normal
    form), on ``jobs`` processes."""
    with Workers(texts, jobs) as workers:
        parts = list(workers.map(_hash_range, text_ranges(len(texts))))
    return np.concatenate([keys for keys, _ in parts]), np.concatenate([taking for _, taking in parts])


def _hash_range(texts: Sequence[str], chunk: range) -> tuple[np.ndarray, np.ndarray]:
    normals = list(map(normal_utf8, texts[chunk.start : chunk.stop]))
    keys = np.fromiter(map(normal_hash, normals), dtype=np.uint64, count=len(normals))
    return keys, np.fromiter(map(may_take_part, normals), dtype=bool, count=len(normals))


def count_paragraphs(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> CorpusCounts:
    """Count every paragraph hash and near group over the corpus, per family and per article.

    Memory: a few integers per paragraph; the paragraph texts are decoded where
    read (:class:`~newsmill.textview.ParagraphTexts`), and the skeletons of the
    distinct paragraphs short enough to be near-matched exist only while
    :func:`~newsmill.boilerplate.near.near_groups` runs (on ``config.jobs``
    processes, as the paragraph hashes are).
    """
    sizes = np.fromiter((len(a.body) for a in articles), dtype=np.int64, count=len(articles))
    family_label = np.asarray(article_families(articles, config, progress), dtype=np.int64)
    texts = ParagraphTexts(articles)  # decoded where read: a list would copy the corpus
    chars = np.fromiter(chain.from_iterable(a.body.lengths() for a in articles), dtype=np.int64, count=len(texts))
    keys, might_take_part = paragraph_keys(texts, config.jobs)
    first, key_of = np.unique(keys, return_index=True, return_inverse=True)[1:]
    taking = might_take_part[first]  # the others' skeletons are too long or too short
    subset = first[taking]
    del keys, might_take_part, first  # not held through the near search
    labels = near_groups(texts, config.jobs, progress, subset=subset)
    near_of_key = np.full(len(taking), -1, dtype=np.int64)
    near_of_key[taking] = labels
    del texts
    return tally_corpus(key_of.ravel(), sizes, chars, family_label, near_of_key)


def tally_corpus(
    key_of: np.ndarray, sizes: np.ndarray, chars: np.ndarray, family_label: np.ndarray, near_of_key: np.ndarray
) -> CorpusCounts:
    """:class:`CorpusCounts` from integers alone, wherever they were computed.

    key_of, chars: per paragraph in reading order, the number of its hash among the
    distinct hashes (ascending; ``np.unique``'s inverse) and its characters;
    sizes, family_label: per article, its paragraphs and its family;
    near_of_key: per distinct hash (ascending), its near group or ``-1``.
    """
    article_of = np.repeat(np.arange(len(sizes)), sizes)
    family_of = np.repeat(family_label, sizes)
    near_label = near_of_key[key_of]
    in_group = near_label >= 0
    occurrences, families, _ = tally(key_of, family_of)
    _, _, within = tally(key_of, article_of)
    # Shared text is measured over near groups where there are any, so a lightly edited copy counts.
    cover_key = np.where(in_group, near_label, near_label.max(initial=-1) + 1 + key_of)
    shared = SharedText.measure(cover_key, family_of, chars, np.bincount(article_of, chars, len(sizes)))
    families = np.maximum(families - shared.discounted(key_of, family_of), 1)
    near_occurrences, near_families, near_within = (np.zeros(len(key_of), dtype=np.int64) for _ in range(3))
    if in_group.any():
        group_occurrences, group_families, _ = tally(near_label[in_group], family_of[in_group])
        _, _, group_within = tally(near_label[in_group], article_of[in_group])
        near_occurrences[in_group] = group_occurrences
        near_families[in_group] = np.maximum(
            group_families - shared.discounted(near_label[in_group], family_of[in_group]), 1
        )
        near_within[in_group] = group_within
    container = shared.containers(len(sizes))[family_label]
    return CorpusCounts(
        occurrences, families, within, near_occurrences, near_families, near_within, container
    )


@dataclass(frozen=True)
class Rules:
    """What the user decides: ``min_count`` (``boilerplate_min_count``) and the
    ``always_keep`` and ``always_remove`` regexes, compiled."""

    min_count: int
    keep: tuple[re.Pattern[str], ...]
    remove: tuple[re.Pattern[str], ...]

    @classmethod
    def from_settings(cls, settings: BoilerplateSettings) -> Rules:
        return cls(
            settings.boilerplate_min_count,
            tuple(re.compile(pattern) for pattern in settings.always_keep),
            tuple(re.compile(pattern) for pattern in settings.always_remove),
        )


#: The rules on counts, in the order they are tried (:func:`counted_reasons`).
COUNT_RULES = (REPEATED, REPEATED_IN_ARTICLE, NEAR_REPEATED, NEAR_REPEATED_IN_ARTICLE)


def counted_reasons(
    min_count: int,
    occurrences: np.ndarray,
    families: np.ndarray,
    within: np.ndarray,
    near_occurrences: np.ndarray,
    near_families: np.ndarray,
    near_within: np.ndarray,
) -> list[tuple[str, int] | None]:
    """The rules on counts (``COUNT_RULES``), for arrays of paragraphs at once: per paragraph, the
    first rule it meets and the count that rule reports, or ``None``. The arguments are the
    arrays of :func:`removal_reason`'s counts (``min_count``: ``boilerplate_min_count``)."""
    met = [families >= min_count, within > 1, near_families >= min_count, near_within > 1]
    reported = [occurrences, occurrences, near_occurrences, near_occurrences]
    rule = np.select(met, list(range(len(COUNT_RULES))), -1)
    reasons: list[tuple[str, int] | None] = [None] * len(rule)
    ruled = np.flatnonzero(rule >= 0)
    counts = np.select(met, reported)[ruled]
    for at, number, count in zip(ruled.tolist(), rule[ruled].tolist(), counts.tolist(), strict=True):
        reasons[at] = (COUNT_RULES[number], count)
    return reasons


def removal_reason(
    text: str,
    rules: Rules,
    occurrences: int,
    families: int,
    within: int,
    near_occurrences: int = 0,
    near_families: int = 0,
    near_within: int = 0,
) -> tuple[str, int] | None:
    """Why the paragraph ``text`` is boilerplate and the count its removal reports, or ``None``.

    A pure function of the counts (:class:`CorpusCounts` at one paragraph, or
    an index's): ``families`` are the independent families holding its exact
    text, ``within`` its occurrences in its own article; the ``near_`` counts
    describe its near group (all 0 when it is in none). The rules are tried in
    the order of the module docstring: the user's first (:func:`with_user_rules`), then
    :func:`counted_reasons`.
    """
    single = (occurrences, families, within, near_occurrences, near_families, near_within)
    counted = counted_reasons(rules.min_count, *(np.atleast_1d(count) for count in single))[0]
    return with_user_rules(text, rules, occurrences, counted)


def with_user_rules(
    text: str, rules: Rules, occurrences: int, counted: tuple[str, int] | None
) -> tuple[str, int] | None:
    """The decision on the paragraph ``text`` whose rules on counts gave ``counted``
    (:func:`counted_reasons`): the user's ``always_keep`` and ``always_remove`` regexes first
    (``always-remove`` reports the paragraph's ``occurrences``)."""
    if any(pattern.search(text) for pattern in rules.keep):
        return None
    if any(pattern.search(text) for pattern in rules.remove):
        return ALWAYS_REMOVE, occurrences
    return counted


def article_reasons(reasons: list[tuple[str, int] | None]) -> list[tuple[str, int] | None]:
    """The reasons of one article's paragraphs, except that the rules across articles never
    take its last paragraph: when every paragraph would go and some would go as
    ``repeated`` or ``near-repeated``, those stay (the article is a copy of text found
    elsewhere, which dedupe and ``contained_in`` report, not furniture)."""
    if reasons and all(reasons) and any(r[0] in ACROSS_ARTICLES for r in reasons if r):
        return [None if r and r[0] in ACROSS_ARTICLES else r for r in reasons]
    return reasons


def strip_boilerplate(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> BoilerplateSummary:
    """Remove boilerplate (and, with ``strip_junk``, junk lines) from ``articles`` in place,
    recording each removal; returns :func:`summarise_removals`."""
    counts = count_paragraphs(articles, config, progress)
    return apply_boilerplate(articles, counts, config, progress)


def apply_boilerplate(
    articles: Sequence[Article], counts: CorpusCounts, config: Config, progress: Progress = SILENT
) -> BoilerplateSummary:
    """The boilerplate decision, on counts from any source: :func:`count_paragraphs` over the
    corpus being run, or the pre-commit index plus the staged files
    (:func:`newsmill.index.counts.indexed_counts`). Removes from ``articles`` in place."""
    containers = [articles[c].id if c >= 0 else None for c in counts.container.tolist()]
    strip_paragraphs(articles, counts, containers, config, progress)
    set_junk_counts(articles, junk_totals(articles))
    return summarise_removals(articles)


def strip_paragraphs(
    articles: Sequence[Article],
    counts: CorpusCounts,
    containers: Sequence[str | None],
    config: Config,
    progress: Progress = SILENT,
) -> None:
    """Remove the boilerplate paragraphs (and junk lines) of ``articles`` in place, given their
    slice of the counts and the id of the article each is ``contained_in`` (``None``: none).
    Junk removals count 1 each until :func:`set_junk_counts` gives them the corpus's counts."""
    rules = Rules.from_settings(config.boilerplate)
    counted = counted_reasons(
        rules.min_count, counts.occurrences, counts.families, counts.within,
        counts.near_occurrences, counts.near_families, counts.near_within,
    )
    occurrences = counts.occurrences.tolist()
    regexes, strip_junk = bool(rules.keep or rules.remove), config.strip_junk
    position = 0
    for article, container in zip(
        progress.track(articles, "boilerplate", total=len(articles)), containers, strict=True
    ):
        article.contained_in = container
        start, position = position, position + len(article.body)
        reasons = counted[start:position]
        if regexes:
            reasons = [
                with_user_rules(paragraph.text, rules, occurrences[at], reasons[at - start])
                for at, paragraph in enumerate(article.paragraphs, start=start)
            ]
        if not (strip_junk or any(reasons)):
            continue  # nothing to remove: the paragraphs stay as they are
        reasons = article_reasons(reasons)
        kept: list[Paragraph] = []
        for paragraph, reason in zip(article.paragraphs, reasons, strict=False):
            if reason is not None:
                article.removals.append(Removal(article.id, paragraph, reason[0], reason[1]))
                continue
            remainder = _strip_junk_lines(article, paragraph) if strip_junk else paragraph
            if remainder is not None:
                kept.append(remainder)
        article.paragraphs = kept


def _strip_junk_lines(article: Article, paragraph: Paragraph) -> Paragraph | None:
    """Record the junk lines of ``paragraph`` as removals; return what is left (``None``: nothing)."""
    lines = paragraph.text.split("\n")
    numbers = [paragraph.line_start + i if paragraph.line_start else 0 for i in range(len(lines))]
    left: list[tuple[int, str]] = []
    for number, line in zip(numbers, lines, strict=False):
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


def junk_totals(articles: Sequence[Article]) -> Counter[int]:
    """How many junk lines of ``articles`` have each text (by :func:`~newsmill.text.text_hash`):
    added over parts of a corpus, the corpus's counts."""
    return Counter(text_hash(r.text) for a in articles for r in a.removals if r.reason in JUNK_RULES)


def set_junk_counts(articles: Sequence[Article], totals: Counter[int]) -> None:
    """Give each junk removal the number of junk lines with the same text in the corpus (``totals``)."""
    for removal in (r for a in articles for r in a.removals if r.reason in JUNK_RULES):
        removal.count = totals[text_hash(removal.text)]


def summarise_removals(articles: Sequence[Article]) -> BoilerplateSummary:
    """Counts of the removals recorded on ``articles``, signature lines excluded, and the
    warnings: each kept (not duplicate) article left with no text, or stripped of more than
    ``WARN_STRIPPED_SHARE`` of its characters (removed over removed plus kept), counted, and
    the first ``WARNINGS_LISTED`` listed."""
    summary = BoilerplateSummary()
    reasons: Counter[str] = Counter()
    for article in articles:
        removals = [r for r in article.removals if r.reason != SIGNATURE]
        if not removals:
            continue
        reasons.update(r.reason for r in removals)
        summary.articles_touched += 1
        removed = sum(len(r.text) for r in removals)
        left = sum(article.body.lengths())
        if not article.is_duplicate and (not left or removed > WARN_STRIPPED_SHARE * (removed + left)):
            summary.warned_articles += 1
            if len(summary.warnings) < WARNINGS_LISTED:
                share = round(removed / (removed + left), 3) if removed + left else 1.0
                summary.warnings.append({"article": article.id, "removed_share": share, "empty": not left})
    summary.paragraphs_removed = sum(reasons.values())
    summary.distinct_paragraphs = len(removal_hashes(articles))
    summary.reasons = dict(sorted(reasons.items()))
    return summary


def removal_hashes(articles: Sequence[Article]) -> set[int]:
    """The distinct texts (:func:`~newsmill.text.text_hash`) removed from ``articles``, signature lines excluded."""
    texts = {r.text for a in articles for r in a.removals if r.reason != SIGNATURE}
    return {text_hash(text) for text in texts}  # each distinct text normalised once
