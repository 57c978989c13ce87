"""Boilerplate on the cluster: the local stage's map, reduce and apply, with the same decisions.

:func:`newsmill.boilerplate.stage.strip_boilerplate` mixes per-article work and
corpus-wide counts; here they are split:

1. **families** (:func:`newsmill.boilerplate.stage.family_labels`, one task):
   the article families are the duplicate groups of the unstripped texts,
   whose pairs the Dask dedupe shuffles find (:func:`newsmill.cluster.dedupe.checked_pairs`).
2. **map** (:func:`_paragraph_table`, per partition): each paragraph's
   hash and characters, each article's paragraph count, and the near-variant
   sketches (:func:`newsmill.boilerplate.near.forms_of`: skeleton, shingle set,
   band keys) of its paragraphs of distinct hash.
3. **near groups** (integers only): the sketches of each distinct hash, taken
   once and in the order :func:`newsmill.boilerplate.near.near_groups` sees the texts
   locally (ascending hash, :func:`newsmill.boilerplate.near.first_forms`), joined
   into one array (:func:`_near_sets`, one task);
   each source of candidate pairs (an LSH band, the clause prefixes) verified in a
   task of its own (:func:`newsmill.boilerplate.near.variants_from`); the verified
   pairs joined into groups (:func:`_near_table`, one task) — the local engine's
   functions, so the groups are the same.
4. **counts** (:func:`_tally`, one task over integers only):
   :func:`newsmill.boilerplate.tally_corpus`, the local engine's arithmetic.
5. **apply** (per partition): each partition's slice of the counts decides
   its paragraphs (:func:`newsmill.boilerplate.strip_paragraphs`); junk line
   counts are added over the partitions and set back; languages are
   recomputed as :func:`newsmill.stages.strip` does.

The joined sketches of step 3 (the shingle sets of the distinct short
paragraphs, and 512 bytes of band keys and profile each) are held by the
worker that joined them and by each worker that verifies a source; step 4
runs on one worker and holds a few integers per paragraph of the corpus
(about 100 bytes). The driver never holds a text or a per-paragraph array.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields, replace
from typing import NamedTuple

import numpy as np

from .. import langid
from ..boilerplate.near import (
    SOURCES,
    Forms,
    ShingleSets,
    first_forms,
    forms_of,
    groups_from,
    joined_forms,
    shingle_sets,
    variants_from,
)
from ..boilerplate.stage import (
    CorpusCounts,
    family_labels,
    junk_totals,
    set_junk_counts,
    strip_paragraphs,
    tally_corpus,
)
from ..config import Config
from ..text import text_hash
from .corpus import Corpus, Part, article_id
from .dedupe import checked_pairs


class ParagraphTable(NamedTuple):
    """One partition's paragraphs as integers, and its candidates for near groups.

    keys, chars: per paragraph (reading order); sizes: paragraphs per article;
    near_keys, near_forms: the key of the first paragraph of each distinct key,
    and the near-variant :class:`~newsmill.boilerplate.near.Forms` of those that take part.
    """

    keys: np.ndarray
    chars: np.ndarray
    sizes: np.ndarray
    near_keys: np.ndarray
    near_forms: Forms


def _paragraph_table(part: Part) -> ParagraphTable:
    texts = [p.text for article in part for p in article.paragraphs]
    keys = np.fromiter((text_hash(t) for t in texts), dtype=np.uint64, count=len(texts))
    first = np.sort(np.unique(keys, return_index=True)[1])
    return ParagraphTable(
        keys,
        np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)),
        np.fromiter((len(a.paragraphs) for a in part), dtype=np.int64, count=len(part)),
        keys[first],
        forms_of([texts[i] for i in first.tolist()]),
    )


def _near_sets(*tables: ParagraphTable) -> tuple[np.ndarray, ShingleSets]:
    """The distinct keys (ascending) of the partitions' paragraphs, and the
    :class:`~newsmill.boilerplate.near.ShingleSets` of those that take part, each key's sketch
    taken once, in the order the local engine sees the texts (so the groups are the same)."""
    keys = np.concatenate([t.near_keys for t in tables])
    forms = joined_forms([t.near_forms for t in tables], [len(t.near_keys) for t in tables])
    distinct, once = first_forms(keys, forms)
    return distinct, shingle_sets(once)


def _near_variants(near: tuple[np.ndarray, ShingleSets], source: int) -> np.ndarray:
    return variants_from(near[1], source)


def _near_table(near: tuple[np.ndarray, ShingleSets], *verified: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The keys (ascending) of the distinct short paragraphs in a near group, and their groups."""
    distinct, shingles = near
    labels = groups_from(shingles, verified, len(distinct))
    grouped = labels >= 0
    return distinct[grouped], labels[grouped]


def _tally(families: np.ndarray, near: tuple[np.ndarray, np.ndarray], *tables: ParagraphTable) -> CorpusCounts:
    keys = np.concatenate([t.keys for t in tables])
    near_keys, labels = near
    distinct, key_of = np.unique(keys, return_inverse=True)
    near_of_key = np.full(len(distinct), -1, dtype=np.int64)
    near_of_key[np.searchsorted(distinct, near_keys)] = labels
    sizes = np.concatenate([t.sizes for t in tables])
    return tally_corpus(key_of.ravel(), sizes, np.concatenate([t.chars for t in tables]), families, near_of_key)


def _paragraph_count(table: ParagraphTable) -> int:
    return len(table.keys)


def _containers(counts: CorpusCounts) -> np.ndarray:
    return np.unique(counts.container[counts.container >= 0])


def _slice(counts: CorpusCounts, paragraphs: tuple[int, int], articles: tuple[int, int]) -> CorpusCounts:
    """The counts of one partition: its paragraphs' and its articles' rows."""
    rows = {
        f.name: getattr(counts, f.name)[slice(*(articles if f.name == "container" else paragraphs))]
        for f in fields(counts)
    }
    return replace(counts, **rows)


def _strip(part: Part, counts: CorpusCounts, ids: dict[int, str], config: Config) -> None:
    containers = [ids[c] if c >= 0 else None for c in counts.container.tolist()]
    strip_paragraphs(part, counts, containers, config)


def _finish(part: Part, totals: Counter[int]) -> None:
    set_junk_counts(part, totals)
    for article in part:
        langid.summarise(article)


def strip_on_cluster(corpus: Corpus, config: Config) -> None:
    """Strip boilerplate (and junk, when asked) from every partition: the decisions of
    :func:`newsmill.stages.strip` on the whole corpus."""
    client = corpus.client
    # The near groups come first in line: their sets are joined on one worker, each source's
    # candidates verified wherever a worker is free, while the others sketch the texts for the families.
    tables = corpus.each(_paragraph_table, priority=1)
    sets = client.submit(_near_sets, *tables, priority=1)
    verified = [client.submit(_near_variants, sets, source, priority=1) for source in range(SOURCES)]
    near = client.submit(_near_table, sets, *verified, priority=1)
    _, pairs = checked_pairs(corpus, config)
    families = client.submit(family_labels, corpus.total, pairs)
    counts = client.submit(_tally, families, near, *tables)
    paragraph_ends = np.cumsum(corpus.gather([client.submit(_paragraph_count, t) for t in tables])).tolist()
    paragraph_starts = [0, *paragraph_ends[:-1]]
    ids = corpus.at(client.gather(client.submit(_containers, counts)).tolist(), article_id)
    slices = [
        (client.submit(_slice, counts, (p0, p1), (a0, a0 + size)),)
        for p0, p1, a0, size in zip(paragraph_starts, paragraph_ends, corpus.starts, corpus.sizes, strict=True)
    ]
    corpus.update(_strip, ids, config, per_part=slices)
    totals: Counter[int] = sum(corpus.gather(corpus.each(junk_totals)), Counter())
    corpus.update(_finish, totals)
