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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..config import Config
from ..dedupe.clusters import choose_survivor
from ..hashing.unionfind import UnionFind
from ..progress import SILENT, Progress
from ..record import Article, Translated
from ..textview import TextView
from .anchor_signal import AnchorOptions, anchor_pairs
from .options import anchor_options, translated_options
from .pairs import StoryPair
from .translated import TranslatedOptions, translated_pairs

__all__ = [
    "AnchorOptions",
    "StoryPair",
    "StorySummary",
    "TranslatedOptions",
    "assign_stories",
    "find_story_pairs",
    "story_pair_json",
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
    pairs = anchor_pairs(texts, origins, anchor_options(config.story), progress, config.workers.jobs)
    pairs += translated_pairs(texts, langs, origins, translated_options(config.story), config)
    return sorted(pairs, key=lambda p: (p.a, p.b, p.signal))


def story_pair_json(pair: StoryPair, ids: Sequence[str]) -> dict[str, Any]:
    """One line of ``stories.jsonl``: ``a``, ``b`` (article ids), ``signal``, ``score``."""
    return {"a": ids[pair.a], "b": ids[pair.b], "signal": pair.signal, "score": pair.score}


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
    summary = StorySummary()
    if not config.story.stories:
        return [], summary
    survivors = [i for i, article in enumerate(articles) if article.duplicate_of is None]
    found = find_story_pairs(
        TextView([articles[i] for i in survivors], _story_text),
        [articles[i].lang for i in survivors],
        [_original_lang(articles[i]) for i in survivors],
        config,
        progress,
    )
    pairs = [StoryPair(survivors[p.a], survivors[p.b], p.signal, p.score) for p in found]
    summary.anchor_pairs = sum(p.signal == "anchors" for p in pairs)
    summary.translated_pairs = len(pairs) - summary.anchor_pairs
    sets = UnionFind(len(articles))
    index = {article.id: i for i, article in enumerate(articles)}
    for i, article in enumerate(articles):
        sets.union(i, index.get(article.cluster or article.id, i))
    for pair in pairs:
        sets.union(pair.a, pair.b)
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(sets.find(i), []).append(i)
    for group in members.values():
        kept = [i for i in group if articles[i].duplicate_of is None] or group
        story = choose_survivor(kept, articles, config.dedupe.keep)
        summary.stories += len(kept) > 1
        for i in group:
            articles[i].story = articles[story].id
        if config.story.drop_story_duplicates:
            for i in kept:
                if i != story:
                    articles[i].duplicate_of, articles[i].similarity = articles[story].id, None
                    summary.story_duplicates += 1
    return pairs, summary


def _original_lang(article: Article) -> str:
    """The language the article was written in: before translation, if it was translated."""
    return article.translation.lang if isinstance(article.translation, Translated) else article.lang


def _story_text(article: Article) -> str:
    """Title and text: a headline holds names and numbers too."""
    return f"{article.title}\n\n{article.text}" if article.title else article.text
