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
take an article's last paragraph (:func:`spare_last_paragraphs`), and every kept
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
family), never texts, and counts with sorts (:func:`~newsmill.boilerplate.contained.tally`). The paragraph
hashes and the near groups are computed on ``config.jobs`` processes
(:class:`newsmill.workers.Workers`), with the same result for any
number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import NamedTuple

import numpy as np

from .. import langid
from ..config import Config
from ..dedupe import Pair, find_pairs, group
from ..hashing.shingles import folded_utf8
from ..heap import collector_paused
from ..progress import SILENT, Progress
from ..record import Article, Paragraph, Removal, cut_paragraphs
from ..settings import BoilerplateSettings
from ..text import normal_forms, normal_slices, text_hash, views
from ..textview import ParagraphTexts, article_texts
from ..workers import CHUNK_TEXTS, Workers, chunked, text_ranges
from .contained import SharedText, tally
from .junk import RULES as JUNK_RULES
from .junk import junk_rule
from .near import may_take_part, near_groups_in
from .spilled import Spilled

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
#: Articles whose paragraphs are cut at once: :func:`~newsmill.record.cut_paragraphs`' temporaries (some
#: 200 bytes a paragraph, three bytes per byte of text) grow with them, and it runs fastest while a
#: block's texts stay in a core's cache (1 MB of L2 on the 2-core EPYC measured): cutting the 76,222
#: articles touched of 100,000 generated ones (3 KB of text each) and making their removals took 0.32 s
#: of CPU in blocks of 250, 0.36-0.37 in blocks of 100 or 500, 0.38 in blocks of 1,000 and 0.50 in
#: blocks of 2,000 (best of 5 each).
CUT_BLOCK = 250
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


def article_families(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> list[int]:
    """Family label of each article: the index of the first member of its duplicate group."""
    return family_labels(len(articles), find_pairs(article_texts(articles), config, progress)).tolist()


def family_labels(size: int, pairs: Sequence[Pair]) -> np.ndarray:
    """Family label of each of ``size`` articles joined by ``pairs``: the first member of its group."""
    labels = np.arange(size, dtype=np.int64)
    for members in group(size, pairs):
        labels[members] = members[0]
    return labels


class Hashed(NamedTuple):
    """What :func:`paragraph_keys` reads of every paragraph, in reading order: its
    :func:`~newsmill.text.text_hash` (``keys``, ``uint64``) and its length in characters
    (``characters``); and the numbers (ascending) of the paragraphs whose normal forms it wrote
    (``spilled``)."""

    keys: np.ndarray
    characters: np.ndarray
    spilled: np.ndarray


def paragraph_keys(texts: ParagraphTexts, jobs: int, normals: Spilled) -> Hashed:
    """The :class:`Hashed` facts of ``texts``, on ``jobs`` processes, the normal forms of some
    appended to ``normals`` (then sealed), row by row: in each chunk of work, the first text of each
    hash that may take part in the near search (:func:`~newsmill.boilerplate.near.may_take_part`,
    from the same normal form). So the first text of every hash that may take part is among them,
    and the near search reads its normal form back (:func:`~newsmill.boilerplate.near.near_groups_in`)
    instead of the text."""
    ranges = text_ranges(len(texts))
    keys, characters, numbers = [], [], []
    with Workers(texts, jobs) as workers:
        for chunk, part in zip(ranges, workers.map(_hash_range, ranges), strict=True):
            chunk_keys, chunk_characters, firsts, joined, lengths = part
            keys.append(chunk_keys)
            characters.append(chunk_characters)
            numbers.append(chunk.start + firsts)
            normals.append(joined, lengths)
    normals.seal()
    return Hashed(np.concatenate(keys), np.concatenate(characters), np.concatenate(numbers))


def _hash_range(texts: ParagraphTexts, chunk: range) -> tuple[np.ndarray, np.ndarray, np.ndarray, bytes, np.ndarray]:
    """The hashes and lengths of one chunk of :func:`paragraph_keys`, and its first text of each
    hash that may take part: their positions in the chunk, their normal forms end to end and the
    normal forms' lengths. The normal forms are made from the paragraphs' UTF-8 all at once, as
    slices of their articles' texts (:meth:`~newsmill.textview.ParagraphTexts.joined`,
    :func:`~newsmill.text.normal_slices`), nothing decoded but the texts whose non-ASCII
    characters need folding; the lengths are read from the articles' layouts."""
    paragraphs = texts.joined(chunk.start, chunk.stop, partial(folded_utf8, lower_ascii=False))
    forms = normal_slices(paragraphs.data, paragraphs.starts, paragraphs.ends)
    keys = forms.hashes()
    firsts = np.sort(np.unique(keys, return_index=True)[1])
    taking = firsts[may_take_part(forms.buffer, forms.starts[firsts], forms.ends[firsts])]
    starts, ends = forms.starts[taking], forms.ends[taking]
    return keys, paragraphs.characters, taking, b"".join(views(forms.buffer, starts, ends)), ends - starts


def count_paragraphs(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> CorpusCounts:
    """Count every paragraph hash and near group over the corpus, per family and per article.

    Memory: a few integers per paragraph; the paragraph texts are decoded where
    read (:class:`~newsmill.textview.ParagraphTexts`), the normal forms of those short
    enough to be near-matched are kept in a temporary file for the near search
    (:func:`paragraph_keys`, :func:`~newsmill.boilerplate.near.near_groups_in`, on
    ``config.jobs`` processes, as the paragraph hashes are), and their sketches exist only while it runs.
    """
    sizes = np.fromiter((len(a.body) for a in articles), dtype=np.int64, count=len(articles))
    family_label = np.asarray(article_families(articles, config, progress), dtype=np.int64)
    texts = ParagraphTexts(articles)  # decoded where read: a list would copy the corpus
    with Spilled() as normals:
        keys, chars, spilled = paragraph_keys(texts, config.jobs, normals)
        del texts
        first, key_of = np.unique(keys, return_index=True, return_inverse=True)[1:]
        row_of = np.full(len(keys), -1, dtype=np.int64)  # each paragraph's row in ``normals``, if written
        row_of[spilled] = np.arange(len(spilled))
        row = row_of[first]
        taking = row >= 0  # the others' skeletons are too long or too short
        del keys, first, row_of  # not held through the near search
        labels = near_groups_in(normals, row[taking], config.jobs, progress)
    near_of_key = np.full(len(taking), -1, dtype=np.int64)
    near_of_key[taking] = labels
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
    occurrences, families, within = _counted(key_of, family_of, article_of)
    grouped = near_label[in_group], family_of[in_group]
    group_occurrences, group_families, group_within = _counted(*grouped, article_of[in_group])
    # Shared text is measured over near groups where there are any, so a lightly edited copy counts.
    # A key's paragraphs are all in its near group or none: the families holding each cover key
    # are counted already.
    cover_key = np.where(in_group, near_label, near_label.max(initial=-1) + 1 + key_of)
    cover_holders = families.copy()
    cover_holders[in_group] = group_families
    family_chars = np.bincount(article_of, chars, len(sizes))
    shared = SharedText.measure(cover_key, family_of, chars, family_chars, cover_holders)
    families = np.maximum(families - shared.discounted(key_of, family_of, families), 1)
    near_occurrences, near_families, near_within = (np.zeros(len(key_of), dtype=np.int64) for _ in range(3))
    near_occurrences[in_group], near_within[in_group] = group_occurrences, group_within
    near_families[in_group] = np.maximum(group_families - shared.discounted(*grouped, group_families), 1)
    container = shared.containers(len(sizes))[family_label]
    return CorpusCounts(
        occurrences, families, within, near_occurrences, near_families, near_within, container
    )


def _counted(key_of: np.ndarray, family_of: np.ndarray, article_of: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per paragraph: how often its key occurs, in how many families, and how often in its own
    article (:func:`~newsmill.boilerplate.contained.tally` by family, then by article)."""
    occurrences, families, _ = tally(key_of, family_of)
    return occurrences, families, tally(key_of, article_of)[2]


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


#: The rules on counts, in the order they are tried (:func:`counted_rules`).
COUNT_RULES = (REPEATED, REPEATED_IN_ARTICLE, NEAR_REPEATED, NEAR_REPEATED_IN_ARTICLE)
#: Every reason a paragraph is removed for, numbered as :func:`paragraph_rules` numbers them.
PARAGRAPH_RULES = (*COUNT_RULES, ALWAYS_REMOVE)
#: No rule takes the paragraph.
NO_RULE = -1


def counted_rules(
    min_count: int,
    occurrences: np.ndarray,
    families: np.ndarray,
    within: np.ndarray,
    near_occurrences: np.ndarray,
    near_families: np.ndarray,
    near_within: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The rules on counts (``COUNT_RULES``), for arrays of paragraphs at once: per paragraph, the
    number of the first rule it meets (``NO_RULE``: none) and the count that rule reports. The
    arguments are the arrays of :func:`removal_reason`'s counts (``min_count``: ``boilerplate_min_count``)."""
    met = [families >= min_count, within > 1, near_families >= min_count, near_within > 1]
    reported = [occurrences, occurrences, near_occurrences, near_occurrences]
    return np.select(met, list(range(len(COUNT_RULES))), NO_RULE), np.select(met, reported)


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
    the order of the module docstring: the user's first (:func:`user_rule`), then
    :func:`counted_rules`.
    """
    single = (occurrences, families, within, near_occurrences, near_families, near_within)
    rule, count = (int(column[0]) for column in counted_rules(rules.min_count, *map(np.atleast_1d, single)))
    says = user_rule(text, rules)
    if says is not None:
        return (ALWAYS_REMOVE, occurrences) if says else None
    return (COUNT_RULES[rule], count) if rule != NO_RULE else None


def user_rule(text: str, rules: Rules) -> bool | None:
    """What the user's regexes decide on the paragraph ``text``, before any rule on counts:
    ``False`` when an ``always_keep`` one matches, else ``True`` when an ``always_remove``
    one does (reason ``always-remove``, reporting the paragraph's occurrences), else ``None``."""
    if any(pattern.search(text) for pattern in rules.keep):
        return False
    if any(pattern.search(text) for pattern in rules.remove):
        return True
    return None


def paragraph_rules(
    articles: Sequence[Article], sizes: np.ndarray, counts: CorpusCounts, rules: Rules
) -> tuple[np.ndarray, np.ndarray]:
    """The decision on every paragraph of ``articles`` (of ``sizes`` paragraphs, in reading order;
    ``counts`` their slice of the corpus's counts): the number of the rule taking it in
    ``PARAGRAPH_RULES`` (``NO_RULE``: none) and the count its removal reports. The user's
    regexes first (:func:`user_rule`; every paragraph's text is read only when there are any),
    then :func:`counted_rules`, then :func:`spare_last_paragraphs`."""
    rule, reported = counted_rules(
        rules.min_count, counts.occurrences, counts.families, counts.within,
        counts.near_occurrences, counts.near_families, counts.near_within,
    )
    if rules.keep or rules.remove:
        texts = chain.from_iterable(article.paragraph_texts for article in articles)
        said = [user_rule(text, rules) for text in texts]
        keep = np.fromiter((says is False for says in said), dtype=bool, count=len(rule))
        remove = np.fromiter((says is True for says in said), dtype=bool, count=len(rule))
        rule[keep] = NO_RULE
        rule[remove] = PARAGRAPH_RULES.index(ALWAYS_REMOVE)
        reported[remove] = counts.occurrences[remove]
    return spare_last_paragraphs(rule, sizes), reported


def spare_last_paragraphs(rule: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``rule`` (per paragraph, as :func:`paragraph_rules` numbers them; articles of ``sizes``
    paragraphs in order), except that the rules across articles never take an article's last
    paragraph: when every paragraph of an article would go and some would go as ``repeated`` or
    ``near-repeated``, those stay (the article is a copy of text found elsewhere, which dedupe
    and ``contained_in`` report, not furniture)."""
    article_of = np.repeat(np.arange(len(sizes)), sizes)
    across = np.isin(rule, [PARAGRAPH_RULES.index(name) for name in ACROSS_ARTICLES])
    emptied = (np.bincount(article_of, rule != NO_RULE, len(sizes)) == sizes) & (
        np.bincount(article_of, across, len(sizes)) > 0
    )
    return np.where(across & emptied[article_of], NO_RULE, rule)


def strip_boilerplate(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> None:
    """Remove boilerplate (and, with ``strip_junk``, junk lines) from ``articles`` in place,
    recording each removal (:func:`summarise_removals` counts them)."""
    apply_boilerplate(articles, count_paragraphs(articles, config, progress), config, progress)


def apply_boilerplate(
    articles: Sequence[Article], counts: CorpusCounts, config: Config, progress: Progress = SILENT
) -> None:
    """The boilerplate decision, on counts from any source: :func:`count_paragraphs` over the
    corpus being run, or the pre-commit index plus the staged files
    (:func:`newsmill.index.counts.indexed_counts`). Removes from ``articles`` in place; what
    was removed is counted from the articles (:func:`summarise_removals`), once, by whoever
    reports it (a run's report is made after dedupe, whose duplicates its warnings leave out)."""
    containers = [articles[c].id if c >= 0 else None for c in counts.container.tolist()]
    strip_paragraphs(articles, counts, containers, config, progress)
    set_junk_counts(articles, junk_totals(articles))


def strip_paragraphs(
    articles: Sequence[Article],
    counts: CorpusCounts,
    containers: Sequence[str | None],
    config: Config,
    progress: Progress = SILENT,
) -> None:
    """Remove the boilerplate paragraphs (and junk lines) of ``articles`` in place, given their
    slice of the counts and the id of the article each is ``contained_in`` (``None``: none).
    Junk removals count 1 each until :func:`set_junk_counts` gives them the corpus's counts.

    The decision is taken on arrays (:func:`paragraph_rules`). Only the articles that lose a
    paragraph are touched, the paragraphs cut from their packed bodies (:func:`_cut`), unless
    junk lines are stripped too, which reads every paragraph of every article. Either builds
    long-lived objects only (new bodies, removals: 3.2 million of 1,000,000 generated articles),
    so with the garbage collector paused (:func:`~newsmill.heap.collector_paused`): its
    collections of them found nothing to free and took a quarter of the stripping's CPU at
    100,000 articles (0.28 of 1.16 s)."""
    sizes = np.fromiter((len(article.body) for article in articles), dtype=np.int64, count=len(articles))
    rule, reported = paragraph_rules(articles, sizes, counts, Rules.from_settings(config.boilerplate))
    for article, container in zip(articles, containers, strict=True):
        article.contained_in = container
    at = np.flatnonzero(rule != NO_RULE)
    ends = np.cumsum(sizes)
    article_of = np.searchsorted(ends, at, side="right")
    taken = Taken(article_of, at - (ends - sizes)[article_of], rule[at], reported[at])
    with collector_paused():
        if config.strip_junk:
            _strip_with_junk(articles, taken, progress)
        else:
            _cut(articles, taken, progress)


class Taken(NamedTuple):
    """The paragraphs that a decision takes, in reading order: each one's article (its index),
    its number in the article, its rule (numbered in ``PARAGRAPH_RULES``) and the count its
    removal reports."""

    article: np.ndarray
    number: np.ndarray
    rule: np.ndarray
    counts: np.ndarray

    def reasons(self, rows: slice) -> tuple[list[str], list[int]]:
        """The reasons and counts of the paragraphs ``rows``, as the removals report them."""
        return [PARAGRAPH_RULES[r] for r in self.rule[rows].tolist()], self.counts[rows].tolist()


def _cut(articles: Sequence[Article], taken: Taken, progress: Progress) -> None:
    """Cut the paragraphs ``taken`` out of their articles' packed bodies
    (:func:`~newsmill.record.cut_paragraphs`, ``CUT_BLOCK`` articles at a time), each recorded as
    a :class:`~newsmill.record.Removal` (a block's made at once, then handed out by slices); the
    bar counts the articles stripped."""
    touched, owner = np.unique(taken.article, return_inverse=True)
    with progress.counting("boilerplate", len(touched)) as stripped:
        for block in range(0, len(touched), CUT_BLOCK):
            chosen = [articles[at] for at in touched[block : block + CUT_BLOCK].tolist()]
            lo, hi = np.searchsorted(owner, [block, block + len(chosen)]).tolist()
            holder = owner[lo:hi] - block  # each paragraph's article, numbered in the block
            cut = cut_paragraphs([article.body for article in chosen], holder, taken.number[lo:hi])
            ids = [chosen[at].id for at in holder.tolist()]
            reasons, counts = taken.reasons(slice(lo, hi))
            removals = list(map(Removal.of_text, ids, cut.texts, cut.line_starts, cut.line_ends, reasons, counts))
            bounds = np.searchsorted(holder, np.arange(len(chosen) + 1)).tolist()
            for article, body, start, end in zip(chosen, cut.bodies, bounds, bounds[1:], strict=False):
                article.body = body
                article.removals += removals[start:end]
            stripped(len(chosen))


def _strip_with_junk(articles: Sequence[Article], taken: Taken, progress: Progress) -> None:
    """Remove the paragraphs ``taken`` and the junk lines of the others, recording the
    removals of each article in paragraph order."""
    bounds = np.searchsorted(taken.article, np.arange(len(articles) + 1)).tolist()
    numbers = taken.number.tolist()
    for at, article in enumerate(progress.track(articles, "boilerplate", total=len(articles))):
        lo, hi = bounds[at], bounds[at + 1]
        reasons = dict(zip(numbers[lo:hi], zip(*taken.reasons(slice(lo, hi)), strict=True), strict=True))
        kept: list[Paragraph] = []
        for k, paragraph in enumerate(article.paragraphs):
            if k in reasons:
                article.removals.append(Removal(article.id, paragraph, *reasons[k]))
                continue
            remainder = _strip_junk_lines(article, paragraph)
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
    """Give each junk removal the number of junk lines with the same text in the corpus (``totals``).
    No totals, no junk removal anywhere: the removals (millions in a large corpus) are not read."""
    if not totals:
        return
    for removal in (r for a in articles for r in a.removals if r.reason in JUNK_RULES):
        removal.count = totals[text_hash(removal.text)]


def summarise_removals(articles: Sequence[Article]) -> BoilerplateSummary:
    """Counts of the removals recorded on ``articles``, signature lines excluded, and the
    warnings: each kept (not duplicate) article left with no text, or stripped of more than
    ``WARN_STRIPPED_SHARE`` of its characters (removed over removed plus kept), counted, and
    the first ``WARNINGS_LISTED`` listed. What is left is read from the packed layout
    (:meth:`~newsmill.record.PackedParagraphs.characters`), nothing decoded; the distinct
    texts are normalised once each."""
    summary = BoilerplateSummary()
    reasons: list[str] = []
    texts: set[str] = set()
    for article in articles:
        if not article.removals:
            continue
        removals = [r for r in article.removals if r.reason != SIGNATURE]
        if not removals:
            continue
        reasons.extend([r.reason for r in removals])
        texts.update([r.text for r in removals])
        summary.articles_touched += 1
        removed = sum([len(r.text) for r in removals])
        left = article.body.characters()
        if not article.is_duplicate and (not left or removed > WARN_STRIPPED_SHARE * (removed + left)):
            summary.warned_articles += 1
            if len(summary.warnings) < WARNINGS_LISTED:
                share = round(removed / (removed + left), 3) if removed + left else 1.0
                summary.warnings.append({"article": article.id, "removed_share": share, "empty": not left})
    summary.paragraphs_removed = len(reasons)
    summary.distinct_paragraphs = len(distinct_hashes(texts))
    summary.reasons = dict(sorted(Counter(reasons).items()))
    return summary


def removal_hashes(articles: Sequence[Article]) -> set[int]:
    """The distinct texts (:func:`~newsmill.text.text_hash`) removed from ``articles``, signature lines excluded."""
    return distinct_hashes({r.text for a in articles for r in a.removals if r.reason != SIGNATURE})


def distinct_hashes(texts: set[str]) -> set[int]:
    """The :func:`~newsmill.text.text_hash` of each of ``texts``: each distinct text normalised once,
    ``CHUNK_TEXTS`` texts to a buffer (:func:`~newsmill.text.normal_forms`, as the paragraphs are
    hashed), a third of the time of ``text_hash`` one text at a time. (All in one buffer, the 2.4
    million distinct texts removed from 1,000,000 generated articles took 1.6 GB more at the end
    of the run, the buffer and its copies.)"""
    hashes: set[int] = set()
    for chunk in chunked(list(texts), CHUNK_TEXTS):
        hashes.update(normal_forms([folded_utf8(text, lower_ascii=False) for text in chunk]).hashes().tolist())
    return hashes
