"""Boilerplate on the cluster: the local stage's map, reduce and apply, with the same decisions.

:func:`newsmill.boilerplate.stage.strip_boilerplate` mixes per-article work and
corpus-wide counts; here they are split:

1. **families** (:func:`newsmill.boilerplate.stage.family_labels`, one task):
   the article families are the duplicate groups of the unstripped texts,
   whose pairs the Dask dedupe shuffles find (:func:`newsmill.cluster.dedupe.checked_pairs`).
2. **map** (:func:`_paragraph_table`, per partition): each paragraph's
   hash and characters, each article's paragraph count, and the near-variant
   sketches (:func:`newsmill.boilerplate.near.forms_of`: skeleton, shingle set,
   band keys) of its paragraphs of distinct hash, which stay on the partition's worker.
3. **near groups** (:func:`near_groups_on_cluster`), the local engine's
   :func:`newsmill.boilerplate.near.near_groups` without one process holding every sketch:

   - one task numbers the sketched paragraphs as the local engine does (each distinct
     hash once, ascending: :class:`NearIndex`, integers only) and picks, for each
     hash, the partition whose sketch is used (the first that holds it);
   - each LSH band's keys are shuffled to a task of their own, which finds that
     band's candidate pairs (:func:`newsmill.boilerplate.near.band_pairs`); one
     task finds the clause-prefix pairs (:func:`newsmill.boilerplate.near.prefix_pairs`);
   - the candidate pairs of every source, each pair once, are verified where the
     sketches are, in two shuffles as dedupe's pairs are: the partition giving the
     first row's sketch attaches it (once per worker it is bound for) and sends the
     pair to the one giving the second's, which checks it (:func:`newsmill.boilerplate.near.variants_among`);
     in rounds one after the other (one per ``ARTICLES_PER_ROUND`` articles), each round's first rows a share;
   - one task joins the verified pairs and the equal skeletons into groups
     (:func:`newsmill.boilerplate.near.labelled_groups`), the local engine's
     components, so the groups are the same.
4. **counts** (:func:`_tally`, one task over integers only):
   :func:`newsmill.boilerplate.tally_corpus`, the local engine's arithmetic.
5. **apply** (per partition): each partition's slice of the counts decides
   its paragraphs (:func:`newsmill.boilerplate.strip_paragraphs`); junk line
   counts are added over the partitions and set back; languages are
   recomputed as :func:`newsmill.stages.strip` does.

Memory: a partition's sketches (its distinct short paragraphs' shingle sets
and 256-byte profiles) stay on its worker until the groups are found, and
travel only as the first rows of candidate pairs, a round's at a time; their
256 bytes of band keys each go once the band tasks have read them; a band
task holds 16 bytes per sketched paragraph of the corpus, the index task about
40 (and 8 per distinct paragraph); step 4 runs on one worker and holds a few
integers per paragraph of the corpus (about 100 bytes). The driver never holds
a text or a per-paragraph array.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import fields, replace
from operator import itemgetter
from typing import Any, NamedTuple

import distributed
import numpy as np
from dask.sizeof import sizeof

from .. import langid
from ..boilerplate.near import (
    LSH_BANDS,
    Forms,
    ShingleSets,
    band_pairs,
    forms_of,
    joined_forms,
    labelled_groups,
    prefix_pairs,
    variants_among,
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
from ..dedupe.dask_engine import shuffle, spread
from ..hashing.distinct import distinct
from ..hashing.ragged import ragged_positions
from ..text import text_hash
from ..workers import text_ranges
from .corpus import Corpus, Part
from .dedupe import checked_pairs

#: The near-variant candidate pairs are verified in rounds, one after the other, one round per
#: this many articles of the corpus: round ``r`` of ``n`` takes the pairs whose first row is ``r``
#: modulo ``n``, so each first row's sketch is sent in one round only (as many sent in all) and a
#: worker holds about ``1 / n`` of the sketches it receives at once, a share that does not grow
#: with the corpus (at 40,000 articles on 2 workers, ~190 MB of first rows' sketches per worker
#: in all).
ARTICLES_PER_ROUND = 10_000


def verify_rounds(articles: int) -> int:
    """How many rounds the near-variant pairs of ``articles`` articles are verified in."""
    return max(1, -(-articles // ARTICLES_PER_ROUND))


class ParagraphTable(NamedTuple):
    """One partition's paragraphs as integers: ``keys`` and ``chars`` per paragraph (reading
    order), ``sizes``: paragraphs per article."""

    keys: np.ndarray
    chars: np.ndarray
    sizes: np.ndarray


class NearHead(NamedTuple):
    """The integers of one partition's near-variant :class:`~newsmill.boilerplate.near.Forms`:
    ``keys``, the key of the first paragraph of each distinct key; ``chosen``, which of them
    are sketched (rows of the forms); each row's skeleton key ``whole``; the clause-prefix keys
    ``prefix_key`` and their rows ``prefix_owner``."""

    keys: np.ndarray
    chosen: np.ndarray
    whole: np.ndarray
    prefix_owner: np.ndarray
    prefix_key: np.ndarray


@sizeof.register(Forms)
def forms_bytes(forms: Forms) -> int:
    """The memory of a partition's :class:`~newsmill.boilerplate.near.Forms` (its arrays), so that
    the workers count the sketches they hold (Dask's default, the object's header, counted none)
    and spill them like any result when memory runs short."""
    return sum(value.nbytes for value in vars(forms).values())


def _paragraph_table(part: Part) -> tuple[ParagraphTable, NearHead, Forms, np.ndarray]:
    texts = [p.text for article in part for p in article.paragraphs]
    keys = np.fromiter((text_hash(t) for t in texts), dtype=np.uint64, count=len(texts))
    first = np.sort(np.unique(keys, return_index=True)[1])
    distinct = [texts[i] for i in first.tolist()]
    # Sketched CHUNK_TEXTS at a time: one chunk's shingles and signatures in memory, not the partition's.
    chunks = text_ranges(len(distinct))
    forms = joined_forms([forms_of(distinct, chunk) for chunk in chunks], [len(chunk) for chunk in chunks])
    table = ParagraphTable(
        keys,
        np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)),
        np.fromiter((len(a.paragraphs) for a in part), dtype=np.int64, count=len(part)),
    )
    head = NearHead(keys[first], forms.chosen, forms.whole, forms.prefix_owner, forms.prefix_key)
    # The band keys apart: read once, by the band shuffle, they are let go before the verification.
    return table, head, replace(forms, bands=np.zeros((len(forms.chosen), 0), dtype=np.uint64)), forms.bands


class NearIndex(NamedTuple):
    """The sketched paragraphs numbered as :func:`~newsmill.boilerplate.near.near_groups` numbers
    them locally: ``distinct``, every distinct key (ascending); per row (a distinct key that
    is sketched, ascending), its index in ``distinct`` (``chosen``), skeleton key (``whole``),
    the partition whose sketch is used (``owner``, the first holding it: every copy of a text
    has the same sketch) and its row there (``local``); the clause-prefix keys by row
    (``prefix_owner``, ``prefix_key``)."""

    distinct: np.ndarray
    chosen: np.ndarray
    whole: np.ndarray
    owner: np.ndarray
    local: np.ndarray
    prefix_owner: np.ndarray
    prefix_key: np.ndarray


def _near_index(*heads: NearHead) -> NearIndex:
    """:class:`NearIndex` of the partitions' heads (one task, integers only)."""
    keys = np.concatenate([h.keys for h in heads])
    part_of = np.repeat(np.arange(len(heads)), [len(h.keys) for h in heads])
    row_offsets = np.cumsum([0, *(len(h.chosen) for h in heads)])
    key_offsets = np.cumsum([0, *(len(h.keys) for h in heads)])
    row_of_key = np.full(len(keys), -1, dtype=np.int64)  # a key's row in all the forms end to end
    for p, h in enumerate(heads):
        row_of_key[key_offsets[p] + h.chosen] = row_offsets[p] + np.arange(len(h.chosen))
    distinct, first = np.unique(keys, return_index=True)
    chosen = np.flatnonzero(row_of_key[first] >= 0)
    taken = row_of_key[first[chosen]]  # rows end to end, in the local engine's order
    owner = part_of[first[chosen]]
    renumber = np.full(int(row_offsets[-1]), -1, dtype=np.int64)
    renumber[taken] = np.arange(len(taken))
    owners = renumber[np.concatenate([h.prefix_owner + o for h, o in zip(heads, row_offsets, strict=False)])]
    kept = np.flatnonzero(owners >= 0)
    kept = kept[np.argsort(owners[kept], kind="stable")]
    return NearIndex(
        distinct,
        chosen,
        np.concatenate([h.whole for h in heads])[taken],
        owner,
        taken - row_offsets[owner],
        owners[kept],
        np.concatenate([h.prefix_key for h in heads])[kept],
    )


class Sketches(NamedTuple):
    """What verifying a pair reads of some rows' :class:`~newsmill.boilerplate.near.Forms`: their
    global ``rows`` (distinct), shingle ``sets`` end to end, the ``sizes`` of the sets and their ``profiles``."""

    rows: np.ndarray
    sets: np.ndarray
    sizes: np.ndarray
    profiles: np.ndarray


def _sketches(forms: Forms, index: NearIndex, rows: np.ndarray) -> Sketches:
    """The :class:`Sketches` of the global ``rows`` (distinct) whose forms this partition gives."""
    taken = forms.take(index.local[rows])
    return Sketches(rows, taken.sets, taken.sizes, taken.profiles)


def _only(sketches: Sketches, rows: np.ndarray) -> Sketches:
    """The part of ``sketches`` for those of its rows among ``rows``."""
    keep = np.flatnonzero(np.isin(sketches.rows, rows))
    starts = np.concatenate(([0], np.cumsum(sketches.sizes)))
    at = ragged_positions(starts[keep], sketches.sizes[keep])
    return Sketches(sketches.rows[keep], sketches.sets[at], sketches.sizes[keep], sketches.profiles[keep])


def _verifiable(sketches: Sequence[Sketches]) -> ShingleSets:
    """The :class:`~newsmill.boilerplate.near.ShingleSets` of ``sketches`` end to end, for
    :func:`~newsmill.boilerplate.near.variants_among` (which reads the sets and profiles only)."""
    sizes = np.concatenate([s.sizes for s in sketches])
    count = len(sizes)
    return ShingleSets(
        np.concatenate([s.sets for s in sketches]),
        np.concatenate(([0], np.cumsum(sizes))),
        np.concatenate([s.profiles for s in sketches]),
        np.zeros((count, 0), dtype=np.uint64),  # no band keys nor clause prefixes: the candidates are given
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.uint64),
        np.arange(count),
        np.zeros(count, dtype=np.uint64),
    )


def _band_columns(bands: np.ndarray, index: NearIndex, p: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per LSH band: the global rows whose sketch this partition gives and their keys in that band
    (``bands``: the partition's :attr:`~newsmill.boilerplate.near.Forms.bands`)."""
    rows = np.flatnonzero(index.owner == p)
    bands = bands[index.local[rows]]
    return [(rows, bands[:, band]) for band in range(LSH_BANDS)]


def _band_candidates(index: NearIndex, *columns: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """One band's candidate pairs of global rows, from every partition's keys in that band."""
    keys = np.empty(len(index.chosen), dtype=np.uint64)
    for rows, column in columns:
        keys[rows] = column
    return band_pairs(keys, index.whole)


def _prefix_candidates(index: NearIndex) -> np.ndarray:
    if not len(index.chosen):
        return np.zeros((0, 2), dtype=np.int64)
    return prefix_pairs(index.whole, index.prefix_owner, index.prefix_key)


def _routed_candidates(index: NearIndex, parts: int, *candidates: np.ndarray) -> list[np.ndarray]:
    """Every source's candidate pairs once (a pair's verdict is the same whichever source
    proposes it), split by the partition giving the sketch of the first row."""
    pairs = np.unique(np.concatenate(candidates).reshape(-1, 2), axis=0)
    owner = index.owner[pairs[:, 0]]
    return [pairs[owner == p] for p in range(parts)]


def _in_round(blocks: list[np.ndarray], r: int, rounds: int) -> list[np.ndarray]:
    """The pairs of ``blocks`` verified in round ``r`` of ``rounds`` (see ``ARTICLES_PER_ROUND``)."""
    return [block[block[:, 0] % rounds == r] for block in blocks]


def _attach_first(
    forms: Forms, index: NearIndex, places: list[str], *blocks: np.ndarray
) -> list[tuple[np.ndarray, Sketches]]:
    """Candidate pairs whose first row's sketch this partition gives, split by the partition
    giving the second row's (on worker ``places[q]``), each with the sketches of the first rows
    bound for that worker: one :class:`Sketches` per worker, shared by its partitions' blocks,
    so a row paired with several of them is sent and held once (at 20,000 articles in 8
    partitions on 2 workers: 48,000 rows sent instead of 89,000, of 1.3 KB each)."""
    pairs = np.concatenate(blocks)
    owner = index.owner[pairs[:, 1]]
    worker_of_part = np.asarray(places)
    bound = worker_of_part[owner]
    shared = {w: _sketches(forms, index, distinct(pairs[bound == w, 0])) for w in set(places)}
    return [(pairs[owner == q], shared[w]) for q, w in enumerate(places)]


def _verify_second(forms: Forms, index: NearIndex, *pieces: tuple[np.ndarray, Sketches]) -> np.ndarray:
    """The candidate pairs whose second row's sketch this partition gives that are variants, as
    global rows: verified one source's pairs at a time, with only the sketches of their own rows
    taken (each piece holds the first rows bound for this worker, not only this partition), so
    one source's copies are held at a time, not a copy of every second row's sketch beside them."""
    verified = [
        _variants(block, _only(first, block[:, 0]), _sketches(forms, index, distinct(block[:, 1])))
        for block, first in pieces
    ]
    return np.concatenate(verified)


def _variants(pairs: np.ndarray, first: Sketches, second: Sketches) -> np.ndarray:
    """The ``pairs`` (global rows) that are variants (:func:`~newsmill.boilerplate.near.variants_among`),
    given the sketches of their first and of their second rows."""
    rows = np.concatenate((first.rows, second.rows))
    by_row = np.argsort(rows, kind="stable")  # a row given twice has the same sketch: either will do
    at = by_row[np.searchsorted(rows[by_row], pairs)]
    return rows[variants_among(_verifiable([first, second]), at)]


def _joined_rows(*verified: np.ndarray) -> np.ndarray:
    return np.concatenate(verified)


def _near_table(index: NearIndex, *verified: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The keys (ascending) of the distinct short paragraphs in a near group, and their groups."""
    labels = labelled_groups(index.chosen, index.whole, verified, len(index.distinct))
    grouped = labels >= 0
    return index.distinct[grouped], labels[grouped]


def near_groups_on_cluster(
    client: Any, heads: Sequence[Any], forms: Sequence[Any], bands: Sequence[Any], places: Sequence[str], rounds: int
) -> Any:
    """The future of :func:`_near_table` from the partitions' heads, forms (without band keys) and
    band keys (futures; partition ``p``'s on worker ``places[p]``), once the pairs are verified
    (in ``rounds`` rounds, waited for in turn: :func:`verify_rounds`). No intermediate is held here: each goes when
    its last reader is done (the band keys before the sketches are verified, a round's first
    rows' sketches when its pairs are); of each round, one future of its verified pairs joined
    (the rounds grow with the corpus, and so do the partitions)."""
    index = client.submit(_near_index, *heads, priority=1)
    columns = [client.submit(_band_columns, b, index, p, priority=1) for p, b in enumerate(bands)]
    candidates = [
        *shuffle(client, columns, _band_candidates, lambda band: (index,), spread(client, LSH_BANDS)),
        client.submit(_prefix_candidates, index, priority=1),
    ]
    routed = client.submit(_routed_candidates, index, len(forms), *candidates, priority=1)
    verified: list[Any] = []
    for r in range(rounds):  # a round's first rows' sketches go before the next round's come
        chosen = client.submit(_in_round, routed, r, rounds, priority=1)
        attached = shuffle(client, [chosen], _attach_first, lambda p: (forms[p], index, list(places)), places)
        verified_now = shuffle(client, attached, _verify_second, lambda p: (forms[p], index), places)
        verified.append(client.submit(_joined_rows, *verified_now, priority=1))
        distributed.wait(verified[-1])
    return client.submit(_near_table, index, *verified, priority=1)


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
    return distinct(counts.container[counts.container >= 0])


def _slice(counts: CorpusCounts, paragraphs: tuple[int, int], articles: tuple[int, int]) -> CorpusCounts:
    """The counts of one partition: its paragraphs' and its articles' rows."""
    rows = {
        f.name: getattr(counts, f.name)[slice(*(articles if f.name == "container" else paragraphs))]
        for f in fields(counts)
    }
    return replace(counts, **rows)


def _strip(part: Part, counts: CorpusCounts, ids: dict[int, str], config: Config) -> None:
    """Strip the partition's paragraphs; ``ids``: the id of each container (by global index)."""
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
    # The near groups come first in line, while the others sketch the texts for the families.
    made = corpus.each(_paragraph_table, priority=1)
    tables, heads, forms, bands = ([client.submit(itemgetter(k), m, priority=1) for m in made] for k in range(4))
    del made  # each of its parts goes when its own readers are done
    near = near_groups_on_cluster(client, heads, forms, bands, corpus.places, verify_rounds(corpus.total))
    # The groups are found before the families' texts are sketched, and the sketches go: the
    # workers hold one stage's intermediates at a time.
    del heads, forms, bands
    distributed.wait(near)
    _, pairs = checked_pairs(corpus, config)
    families = client.submit(family_labels, corpus.total, pairs)
    counts = client.submit(_tally, families, near, *tables)
    paragraph_ends = np.cumsum(corpus.gather([client.submit(_paragraph_count, t) for t in tables])).tolist()
    paragraph_starts = [0, *paragraph_ends[:-1]]
    ids = corpus.ids_at(client.submit(_containers, counts))
    slices = [
        (client.submit(_slice, counts, (p0, p1), (a0, a0 + size)),)
        for p0, p1, a0, size in zip(paragraph_starts, paragraph_ends, corpus.starts, corpus.sizes, strict=True)
    ]
    corpus.update(_strip, ids, config, per_part=slices)
    totals: Counter[int] = sum(corpus.gather(corpus.each(junk_totals)), Counter())
    corpus.update(_finish, totals)
