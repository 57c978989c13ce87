"""Stories: the same story across languages, labelled, never dropped unless asked.

Entry point: :func:`assign_stories`, run after copy-level dedupe and the
(optional) translation stage. Every article gets a ``story`` (a field of the
record) beside its ``cluster``:

1. The pass works on copy-cluster survivors (articles that are not a
   ``duplicate_of``): a copy shares its cluster's story, and copies neither
   distort the anchor statistics nor compete for a one-to-one partner.
2. Signal A (:mod:`.anchor_signal`, no model needed): numbers, names, URLs
   and handles shared in the same order, IDF-weighted, between articles
   whose original languages differ.
3. Signal B (:mod:`.translated`, only when some article was translated):
   Jaccard of short word shingles of the translated text against text
   originally in the target language.
4. Stories are the connected components (union-find) of the verified pairs
   of both signals and of the copy clusters. A story's id is the id of the
   member that ``--keep`` picks among its copy-cluster survivors, so a
   singleton's story is its cluster's id (its own id when it has no copies),
   and a story's id is one of its cluster ids.

With ``drop_story_duplicates`` the other survivors of a story become
duplicates of that member (``duplicate_of``; ``similarity`` stays null
because no shingle similarity was measured; ``cluster`` is unchanged).

:func:`find_story_pairs` is the same computation over plain texts, for
benchmarks and other callers without :class:`~newsmill.record.Article`.

The pass in three parts, so that no one place needs every text (the Dask
engine, :mod:`newsmill.cluster.stories`): the anchors of each text
(:mod:`.anchors`, with word-case statistics that add up over parts), the
pairing from anchors and languages alone (:func:`pair_stories`; signal B
also reads the texts now in a translation's target language), and the
labels from the pairs and a few facts per article (:func:`story_labels`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

import numpy as np

from ..config import Config
from ..dedupe.clusters import SurvivorFacts, choose_by_facts
from ..hashing.unionfind import component_labels
from ..progress import SILENT, Progress
from ..record import Article, Translated
from ..textview import TextView
from .anchor_signal import AnchorOptions, pairable, sequence_pairs
from .anchors import anchor_table
from .options import anchor_options, translated_options
from .pairs import StoryPair
from .prefix import AnchorTable
from .translated import TranslatedOptions, translated_pairs

__all__ = [
    "AnchorOptions",
    "StoryLabel",
    "StoryMember",
    "StoryPair",
    "StorySummary",
    "TranslatedOptions",
    "assign_stories",
    "find_story_pairs",
    "original_lang",
    "pair_stories",
    "story_labels",
    "story_pair_json",
    "story_text",
    "survivor_indices",
]


@dataclass
class StorySummary:
    """What the story pass found, in counts.

    ``stories``: stories of more than one copy-cluster survivor;
    ``anchor_pairs``, ``translated_pairs``: verified pairs per signal;
    ``story_duplicates``: survivors marked as duplicates by ``drop_story_duplicates``.
    """

    stories: int = 0
    anchor_pairs: int = 0
    translated_pairs: int = 0
    story_duplicates: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def find_story_pairs(
    texts: Sequence[str],
    langs: Sequence[str],
    origins: Sequence[str] | None = None,
    config: Config = Config(),
    progress: Progress = SILENT,
) -> list[StoryPair]:
    """Verified story pairs of both signals among ``texts``, sorted by ``(a, b, signal)``.

    langs: each text's language now; origins: before translation (``None``:
    nothing was translated). Signal A compares original languages; signal B
    runs only when some text was translated. ``config.story`` gives both
    signals' parameters, the rest of ``config`` the dedupe engine, jobs and
    MinHash permutations signal B runs with (and the jobs that find signal
    A's anchors); ``progress`` follows signal A's reading.
    """
    origins = list(langs) if origins is None else origins
    if pairable(origins):
        anchors = anchor_table(texts, anchor_options(config.story).name_share, progress, config.workers.jobs)
    else:  # signal A has no pair to find, so no anchors to read
        anchors = AnchorTable.build([[] for _ in texts])
    return pair_stories(anchors, texts, langs, origins, config)


def pair_stories(
    anchors: AnchorTable,
    texts: Sequence[str] | Mapping[int, str],
    langs: Sequence[str],
    origins: Sequence[str],
    config: Config,
) -> list[StoryPair]:
    """:func:`find_story_pairs` from the articles' ``anchors`` (:func:`.anchors.anchor_table`):
    signal A needs nothing else, signal B the ``texts`` of the articles it compares
    (:func:`.translated.compared`), by index."""
    pairs = sequence_pairs(anchors, origins, anchor_options(config.story))
    pairs += translated_pairs(texts, langs, origins, translated_options(config.story), config)
    return sorted(pairs, key=lambda p: (p.a, p.b, p.signal))


def story_pair_json(pair: StoryPair, ids: Sequence[str]) -> dict[str, Any]:
    """One line of ``stories.jsonl``: ``a``, ``b`` (article ids), ``signal``, ``score``."""
    return {"a": ids[pair.a], "b": ids[pair.b], "signal": pair.signal, "score": pair.score}


class StoryMember(NamedTuple):
    """What the labelling reads of an article (a few bytes; its text is not needed):
    its id, its copy cluster, whether it survived dedupe, and what ``--keep`` reads.
    A tuple, like :class:`StoryLabel`: one of each is made for every article."""

    id: str
    cluster: str | None
    survivor: bool
    facts: SurvivorFacts

    @classmethod
    def of(cls, article: Article) -> StoryMember:
        return cls(article.id, article.cluster, article.duplicate_of is None, SurvivorFacts.of(article))


class StoryLabel(NamedTuple):
    """An article's ``story`` and, when ``drop_story_duplicates`` marks it, the member it duplicates."""

    story: str
    duplicate_of: str | None = None

    def apply(self, article: Article) -> None:
        article.story = self.story
        if self.duplicate_of is not None:
            article.duplicate_of, article.similarity = self.duplicate_of, None


def survivor_indices(articles: Sequence[Article]) -> list[int]:
    """The copy-cluster survivors (not a ``duplicate_of``), the articles the pairs are sought among."""
    return [i for i, article in enumerate(articles) if article.duplicate_of is None]


def assign_stories(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> tuple[list[StoryPair], StorySummary]:
    """Set ``story`` on every article; the verified pairs (indices into ``articles``) and counts.

    ``config.story`` holds the pass's settings (see :func:`find_story_pairs`
    for the rest); with ``stories`` off nothing is set. Needs ``cluster`` and
    ``duplicate_of`` from dedupe (articles without them are their own
    cluster). The same articles and options give the same stories.
    ``progress`` counts the copy-cluster survivors as their anchors are read.
    """
    if not config.story.stories:
        return [], StorySummary()
    survivors = survivor_indices(articles)
    found = find_story_pairs(
        TextView([articles[i] for i in survivors], story_text),
        [articles[i].lang for i in survivors],
        [original_lang(articles[i]) for i in survivors],
        config,
        progress,
    )
    pairs = [StoryPair(survivors[p.a], survivors[p.b], p.signal, p.score) for p in found]
    labels, summary = story_labels([StoryMember.of(a) for a in articles], pairs, config)
    for article, label in zip(articles, labels, strict=True):
        label.apply(article)
    return pairs, summary


def story_labels(
    members: Sequence[StoryMember], pairs: Sequence[StoryPair], config: Config
) -> tuple[list[StoryLabel], StorySummary]:
    """Each member's label from the verified ``pairs`` (indices into ``members``) and the copy clusters.

    Stories are the connected components of both; a story's id is the member
    that ``config.dedupe.keep`` picks among its survivors (module docstring).
    """
    summary = StorySummary()
    summary.anchor_pairs = sum(p.signal == "anchors" for p in pairs)
    summary.translated_pairs = len(pairs) - summary.anchor_pairs
    index = {member.id: i for i, member in enumerate(members)}
    edges = [(i, index.get(member.cluster or member.id, i)) for i, member in enumerate(members)]
    edges += [(pair.a, pair.b) for pair in pairs]
    grouped = component_labels(len(members), np.array(edges, dtype=np.int64).reshape(-1, 2))
    # An article alone is its own story; only the groups of several need ``keep`` to choose.
    stories = [member.id for member in members]
    marked: dict[int, str] = {}
    for group in _groups(grouped):
        kept = [i for i in group if members[i].survivor] or group
        story = choose_by_facts(kept, {i: members[i].facts for i in kept}, config.dedupe.keep)
        summary.stories += len(kept) > 1
        for i in group:
            stories[i] = members[story].id
        if config.story.drop_story_duplicates:
            marked.update((i, members[story].id) for i in kept if i != story)
    summary.story_duplicates = len(marked)
    return [StoryLabel(story, marked.get(i)) for i, story in enumerate(stories)], summary


def _groups(labels: np.ndarray) -> list[list[int]]:
    """The members of each group of :func:`~newsmill.hashing.unionfind.component_labels`'s ``labels``
    (``-1``, an item alone, left out), ascending, groups in label order."""
    members = np.flatnonzero(labels >= 0)
    members = members[np.argsort(labels[members], kind="stable")]
    ends = np.flatnonzero(np.diff(labels[members])) + 1
    return [group.tolist() for group in np.split(members, ends)] if len(members) else []


def original_lang(article: Article) -> str:
    """The language the article was written in: before translation, if it was translated."""
    return article.translation.lang if isinstance(article.translation, Translated) else article.lang


def story_text(article: Article) -> str:
    """Title and text: a headline holds names and numbers too."""
    return f"{article.title}\n\n{article.text}" if article.title else article.text
