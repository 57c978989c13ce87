"""The story pass on a Dask cluster: anchors found where the texts are, one task pairs them.

The local pass (:func:`newsmill.story.assign_stories`) in three steps, so
that no task receives the corpus's texts:

1. **Map, then reduce, of word case.** Which capitalised words are names is
   learnt from every copy-cluster survivor's text (:class:`~newsmill.story.anchors.CaseStats`);
   the counts are sums over texts, so each partition counts its own
   (:func:`~newsmill.story.anchors.case_stats`) and one task adds them up
   (:meth:`~newsmill.story.anchors.CaseStats.merge`), with the languages some
   article was translated into (signal B's targets) and the survivors'
   original languages (with fewer than two known, signal A cannot pair and
   step 2 reads no anchors, as the local pass).
2. **Map of anchors.** Each partition finds its survivors' anchors with the
   merged statistics (:func:`~newsmill.story.anchors.anchors_with`) and keeps
   a :class:`PartStories`: the anchors, each survivor's language and original
   language, each article's :class:`~newsmill.story.StoryMember` (id,
   cluster, what ``--keep`` reads) and, only for the survivors now in a
   target language, the text signal B compares (none when nothing was translated).
3. **One task pairs and labels** (:func:`~newsmill.story.pair_stories`,
   :func:`~newsmill.story.story_labels`) from the partitions' :class:`PartStories`
   in reading order, so the pairs, their tie-breaks and the story ids are the
   local engine's; each partition then applies its own labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from ..config import Config
from ..results.write import json_line
from ..story import (
    StoryLabel,
    StoryMember,
    StoryPair,
    StorySummary,
    original_lang,
    pair_stories,
    story_labels,
    story_pair_json,
    story_text,
    survivor_indices,
)
from ..story.anchor_signal import pairable
from ..story.anchors import CaseStats, anchors_with, case_stats
from ..story.options import anchor_options
from ..story.prefix import AnchorTable
from ..story.translated import compared, target_langs
from ..textview import TextView
from .corpus import Corpus, Part


@dataclass(frozen=True)
class PartStories:
    """What the pairing task receives of one partition (texts only where signal B needs them).

    members: every article's :class:`~newsmill.story.StoryMember`, in partition order;
    survivors: the offsets of its copy-cluster survivors;
    anchors: the survivors' anchor sequences, in survivor order (a table: arrays that pickle in one step);
    langs, origins: per survivor, its language now and before translation;
    texts: survivor position (in ``survivors``) → story text, for the survivors now in a
    language some article was translated into.
    """

    members: list[StoryMember]
    survivors: list[int]
    anchors: AnchorTable
    langs: list[str]
    origins: list[str]
    texts: dict[int, str]


#: Step 1's result: the word-case counts, the languages some survivor was translated into
#: (signal B's targets) and the survivors' original languages.
CaseAndLangs = tuple[CaseStats, set[str], set[str]]


def case_and_targets(part: Part, name_share: float) -> CaseAndLangs:
    """Step 1's map: the word-case counts of the partition's survivors, the languages some of
    them were translated into and their original languages."""
    survivors = [part[i] for i in survivor_indices(part)]
    origins = [original_lang(a) for a in survivors]
    targets = target_langs((a.lang for a in survivors), origins)
    return case_stats(TextView(survivors, story_text), name_share), targets, set(origins)


def merge_case_and_targets(name_share: float, *found: CaseAndLangs) -> CaseAndLangs:
    """Step 1's reduce: the partitions' counts added up, their languages joined."""
    stats, targets, origins = CaseStats(name_share), set[str](), set[str]()
    for part_stats, part_targets, part_origins in found:
        stats.merge(part_stats)
        targets |= part_targets
        origins |= part_origins
    return stats, targets, origins


def part_stories(part: Part, merged: CaseAndLangs) -> PartStories:
    """One partition's :class:`PartStories`, given step 1's merged result. No anchors are read
    when signal A cannot pair (:func:`~newsmill.story.anchor_signal.pairable`), as locally."""
    stats, targets, origins = merged
    survivors = survivor_indices(part)
    langs = [part[i].lang for i in survivors]
    view = TextView([part[i] for i in survivors], story_text)
    return PartStories(
        members=[StoryMember.of(article) for article in part],
        survivors=survivors,
        anchors=anchors_with(view, stats) if pairable(origins) else AnchorTable.build([[] for _ in survivors]),
        langs=langs,
        origins=[original_lang(part[i]) for i in survivors],
        texts={k: view[k] for k in compared(langs, targets)},
    )


Found = tuple[list[list[StoryLabel]], list[str], StorySummary]


def pair_parts(config: Config, *parts: PartStories) -> Found:
    """The pairing and labelling task: each partition's labels, the ``stories.jsonl`` lines and the counts."""
    first_member = [0, *accumulate(len(p.members) for p in parts)]
    first_survivor = [0, *accumulate(len(p.survivors) for p in parts)]
    survivors = [start + s for part, start in zip(parts, first_member, strict=False) for s in part.survivors]
    texts = {
        start + k: text for part, start in zip(parts, first_survivor, strict=False) for k, text in part.texts.items()
    }
    found = pair_stories(
        AnchorTable.join(part.anchors for part in parts),
        texts,
        [lang for part in parts for lang in part.langs],
        [origin for part in parts for origin in part.origins],
        # A worker starts no process pool of its own, nor tasks on its own cluster (signal B's
        # dedupe): a task waiting for tasks it submitted can hold the only thread they could run on.
        config.with_changes("workers", jobs=1, engine="local", scheduler=None),
    )
    pairs = [StoryPair(survivors[p.a], survivors[p.b], p.signal, p.score) for p in found]
    members = [member for part in parts for member in part.members]
    labels, summary = story_labels(members, pairs, config)
    per_part = [labels[start:end] for start, end in zip(first_member, first_member[1:], strict=False)]
    ids = [member.id for member in members]
    return per_part, [json_line(story_pair_json(p, ids)) for p in pairs], summary


def _apply(part: Part, labels: list[StoryLabel]) -> None:
    for article, label in zip(part, labels, strict=True):
        label.apply(article)


def _nth_labels(found: Found, p: int) -> list[StoryLabel]:
    return found[0][p]


def _lines(found: Found) -> list[str]:
    return found[1]


def _summary(found: Found) -> StorySummary:
    return found[2]


def stories_on_cluster(corpus: Corpus, config: Config) -> tuple[Any, StorySummary | None]:
    """Label every article of ``corpus`` with its story (in place, on the workers); the future of
    the ``stories.jsonl`` lines (they stay on the workers) and the counts (``None, None`` when
    ``stories`` is off)."""
    if not config.story.stories:
        return None, None
    client = corpus.client
    name_share = anchor_options(config.story).name_share
    # The futures of each step stay referenced here until the end: a future dropped right after it is
    # passed to a task can be released by the scheduler before that task's graph arrives (a lost dependency).
    counted = corpus.each(case_and_targets, name_share)
    merged = client.submit(merge_case_and_targets, name_share, *counted)
    anchored = corpus.each(part_stories, merged)
    found = client.submit(pair_parts, config, *anchored)
    per_part = [(client.submit(_nth_labels, found, p),) for p in range(len(corpus.parts))]
    corpus.update(_apply, per_part=per_part)
    return client.submit(_lines, found), client.gather(client.submit(_summary, found))
