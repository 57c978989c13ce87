"""The pipeline on a Dask cluster: ``newsmill run``, the stage commands and ``newsmill.clean``
with ``engine = "dask"``.

Each stage of :data:`newsmill.stages.STAGES` has its cluster form in :data:`ON_CLUSTER`
(the driver holds futures, integers and decisions; see the package docstring for
what each stage holds where):

========== ===================================================================
ingest     partitions listed on the driver, read on the workers (:mod:`.inputs`)
langid     per partition (:func:`newsmill.langid.identify_all`)
boilerplate map, reductions and apply (:mod:`.boilerplate`)
dedupe     shuffles, clusters from integer pairs, per-partition marking (:mod:`.dedupe`)
translate  per partition (:func:`newsmill.stages.translate`, with each worker's models)
stories    anchors per partition, one task pairs them without texts (:mod:`.stories`)
========== ===================================================================

:func:`cleaned` reads the inputs and runs the chosen stages; what becomes of
the cleaned partitions is one of three outputs:

- :func:`run_on_cluster` (``newsmill run``, a stage command with ``-o DIR``):
  the workers write the results directory's parts (:mod:`.write`);
- :func:`stream_from_cluster` (a stage command without ``-o``): the stage
  records go to a stream one piece of 1,000 articles at a time, so the
  driver holds one piece's records, never the corpus;
- :func:`clean_on_cluster` (:func:`newsmill.clean`): the articles are gathered
  into the :class:`~newsmill.pipeline.Results` the caller asked for in memory.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import IO, Any

import numpy as np
import xxhash

from .. import langid, stages
from ..config import Config
from ..dedupe import DedupeSummary, Pair
from ..dedupe.dask_engine import connect, partition_of, spread
from ..errors import InputError
from ..pipeline import Results, build_report, load
from ..progress import SILENT, Progress
from ..record import Article
from ..results.write import write_chunks
from ..story import StoryPair, StorySummary
from ..timing import StageClock, own_peak_mb
from ..translate import TranslationSummary
from .boilerplate import strip_on_cluster
from .corpus import Corpus, Part
from .dedupe import checked_pairs, dedupe_on_cluster
from .inputs import PARTITION_BYTES, Partition, count_lines, place, plan, read_partition, read_stdin, signature_scan
from .stories import stories_on_cluster
from .write import STREAMED_ARTICLES, Written, stage_records, summarise, summarised, write_results

#: Article records given to :func:`clean_on_cluster` in memory are scattered in partitions of this many.
RECORDS_PER_PARTITION = 10_000


@dataclass
class ClusterOutcome:
    """What the stages leave for the output, as :class:`newsmill.pipeline.Outcome` locally.

    checked, pairs: futures of dedupe's :class:`~newsmill.dedupe.local.Checked` pairs and of
    their :class:`~newsmill.dedupe.Pair` records (``None`` when dedupe did not run); they stay
    on the workers. story_lines: the future of the ``stories.jsonl`` lines, on the workers
    too (``None`` when the story pass did not run).
    """

    checked: Any = None
    pairs: Any = None
    duplicates: DedupeSummary = field(default_factory=DedupeSummary)
    translation: TranslationSummary | None = None
    story_lines: Any = None
    stories: StorySummary | None = None


def _identify_on_cluster(corpus: Corpus, config: Config, outcome: ClusterOutcome) -> None:
    corpus.update(_identify)


def _strip_on_cluster(corpus: Corpus, config: Config, outcome: ClusterOutcome) -> None:
    strip_on_cluster(corpus, config)


def _dedupe_on_cluster(corpus: Corpus, config: Config, outcome: ClusterOutcome) -> None:
    outcome.checked, outcome.pairs = checked_pairs(corpus, config)
    outcome.duplicates = dedupe_on_cluster(corpus, outcome.pairs, config)


def _translate_on_cluster(corpus: Corpus, config: Config, outcome: ClusterOutcome) -> None:
    outcome.translation = _translate(corpus, config)


def _stories_on_cluster(corpus: Corpus, config: Config, outcome: ClusterOutcome) -> None:
    outcome.story_lines, outcome.stories = stories_on_cluster(corpus, config)


#: The cluster form of each stage of :data:`newsmill.stages.STAGES`, by its name.
ON_CLUSTER: dict[str, Callable[[Corpus, Config, ClusterOutcome], None]] = {
    stages.LANGID.name: _identify_on_cluster,
    stages.BOILERPLATE.name: _strip_on_cluster,
    stages.DEDUPE.name: _dedupe_on_cluster,
    stages.TRANSLATE.name: _translate_on_cluster,
    stages.STORIES.name: _stories_on_cluster,
}


@dataclass
class Cleaned:
    """The partitions after the chosen stages, what they left for the output, and their times."""

    corpus: Corpus
    outcome: ClusterOutcome
    clock: StageClock

    def report(self, config: Config, written: Sequence[Written] | None = None) -> dict[str, Any]:
        """``report.json`` from the partitions' counts (``written``, checked against the articles read;
        summarised from the partitions here when nothing was written)."""
        if written is None:
            written = self.corpus.gather(self.corpus.each(summarise))
        self.clock.outside_workers_mb = max(self.corpus.client.run(own_peak_mb).values(), default=0.0)
        outcome = self.outcome
        return summarised(
            self.corpus,
            written,
            lambda counts, boilerplate: build_report(
                counts, config, boilerplate, asdict(outcome.duplicates), outcome.translation, outcome.stories,
                self.clock,
            ),
        )


@contextmanager
def cleaned(
    inputs: Sequence[str | Path | Mapping[str, Any]],
    config: Config,
    chosen: Sequence[stages.Stage] = stages.STAGES,
    progress: Progress = SILENT,
    block_bytes: int = PARTITION_BYTES,
) -> Iterator[Cleaned]:
    """Read ``inputs`` on ``config``'s cluster and run the ``chosen`` stages there (each timed
    under its name); the block uses the result while the cluster is up."""
    clock = StageClock()
    with connect(config) as client:
        with clock.stage("ingest"), progress.busy("read", 0):
            corpus = _ingest(client, inputs, config, block_bytes)
        outcome = ClusterOutcome()
        for stage in chosen:
            with clock.stage(stage.name), progress.busy(stage.name, corpus.total):
                ON_CLUSTER[stage.name](corpus, config, outcome)
                corpus.wait()  # so that a stage's time is its own
        yield Cleaned(corpus, outcome, clock)


def run_on_cluster(
    inputs: Sequence[str | Path],
    config: Config,
    out_dir: Path,
    progress: Progress = SILENT,
    block_bytes: int = PARTITION_BYTES,
    chosen: Sequence[stages.Stage] = stages.STAGES,
) -> dict[str, Any]:
    """Run the ``chosen`` stages on ``config``'s cluster and write the results directory
    ``out_dir`` (its parts written by the workers, so it must be on a filesystem they share
    with this process); returns the report. ``block_bytes``: byte range per partition of a
    large JSONL file, or of JSONL on stdin (:mod:`.inputs`)."""
    with cleaned(inputs, config, chosen, progress, block_bytes) as done:
        outcome = done.outcome
        return write_results(
            done.corpus, out_dir, config, outcome.checked, outcome.pairs, outcome.story_lines,
            lambda written: done.report(config, written),
        )


def stream_from_cluster(
    inputs: Sequence[str | Path],
    config: Config,
    sink: IO[bytes],
    progress: Progress = SILENT,
    block_bytes: int = PARTITION_BYTES,
    chosen: Sequence[stages.Stage] = stages.STAGES,
) -> dict[str, Any]:
    """Run the ``chosen`` stages on the cluster and write what a stage command prints without
    ``-o`` (:meth:`newsmill.pipeline.Results.stream`) to ``sink`` in reading order, made on the
    workers in pieces of ``STREAMED_ARTICLES`` articles and gathered one piece at a time
    (gzip-compressed with ``config.gzip``); returns the report."""
    with cleaned(inputs, config, chosen, progress, block_bytes) as done:
        corpus = done.corpus
        pieces = [
            (part, start)
            for part, size in zip(corpus.parts, corpus.sizes, strict=True)
            for start in range(0, size, STREAMED_ARTICLES)
        ]
        # Made where their partitions are, in reading order where a worker has a choice.
        records = [
            corpus.client.submit(stage_records, part, start, config, priority=-n)
            for n, (part, start) in enumerate(pieces)
        ]
        write_chunks(sink, _in_order(corpus, records), compress=config.output.gzip)
        return done.report(config)


def _in_order(corpus: Corpus, futures: list[Any]) -> Iterator[str]:
    """Each future's result in turn, released once gathered: the driver holds one piece at a time."""
    for n in range(len(futures)):
        piece = corpus.client.gather(futures[n])
        futures[n] = None
        yield piece


def clean_on_cluster(
    inputs: Sequence[str | Path | Mapping[str, Any]],
    config: Config,
    chosen: Sequence[stages.Stage] = stages.STAGES,
    progress: Progress = SILENT,
    block_bytes: int = PARTITION_BYTES,
) -> Results:
    """:func:`newsmill.clean` on the cluster: the ``chosen`` stages run there, then every
    article, the checked pairs and the story pairs are gathered into the returned
    :class:`~newsmill.pipeline.Results` (the driver then holds the corpus, as the caller asked)."""
    with cleaned(inputs, config, chosen, progress, block_bytes) as done:
        corpus, outcome = done.corpus, done.outcome
        articles = [article for part in corpus.gather(corpus.parts) for article in part]
        pairs: list[Pair] = corpus.client.gather(outcome.pairs) if outcome.pairs is not None else []
        lines: list[str] = corpus.client.gather(outcome.story_lines) if outcome.story_lines is not None else []
        report = done.report(config)
    index = {article.id: i for i, article in enumerate(articles)}
    story_pairs = [_story_pair(json.loads(line), index) for line in lines]
    return Results(articles, pairs, config, report, story_pairs)


def _story_pair(record: dict[str, Any], index: Mapping[str, int]) -> StoryPair:
    """A ``stories.jsonl`` record back as the :class:`~newsmill.story.StoryPair` of article indices."""
    return StoryPair(index[record["a"]], index[record["b"]], record["signal"], record["score"])


def _ingest(
    client: Any, inputs: Sequence[str | Path | Mapping[str, Any]], config: Config, block_bytes: int
) -> Corpus:
    """The corpus as partitions on the workers: files read there, article records given in memory scattered."""
    records = [item for item in inputs if isinstance(item, Mapping)]
    if not records:
        return _read(client, plan([str(i) for i in inputs], config, block_bytes), config, block_bytes)
    articles = load(inputs, config)  # records only (load refuses a mixture), checked as locally
    chunks = [articles[at : at + RECORDS_PER_PARTITION] for at in range(0, len(articles), RECORDS_PER_PARTITION)]
    return Corpus(client, client.scatter(chunks), [len(chunk) for chunk in chunks])


def _read(client: Any, partitions: list[Partition], config: Config, block_bytes: int) -> Corpus:
    sources = [
        pair
        for partition in partitions
        for pair in (
            read_stdin(partition, config, block_bytes, client.scatter, sys.stdin.buffer)
            if partition.from_stdin
            else [(partition, [])]
        )
    ]
    partitions = [partition for partition, _ in sources]
    chunks = [chunks for _, chunks in sources]
    ranges = [client.submit(count_lines, p, c) if not p.whole else None for p, c in sources]
    placed = place(partitions, client.gather(ranges))
    needs_scan = not config.separator and any(p.format == "text" for p in partitions)
    stats = client.submit(signature_scan, partitions, chunks) if needs_scan else None
    readers = spread(client, len(placed))  # each worker reads as many partitions
    parts = [
        client.submit(read_partition, p, stats, config, c, pure=False, workers=[w], allow_other_workers=True)
        for p, c, w in zip(placed, chunks, readers, strict=True)
    ]
    corpus = Corpus(client, parts, client.gather([client.submit(len, part) for part in parts]))
    if not corpus.total:
        raise InputError(", ".join(dict.fromkeys(p.url for p in partitions)), "input holds no articles")
    _check_unique_ids(corpus, partitions)
    return corpus


def _id_hashes(part: Part) -> np.ndarray:
    return np.fromiter((xxhash.xxh3_64_intdigest(a.id.encode("utf-8")) for a in part), dtype=np.uint64, count=len(part))


def _where(article: Article) -> tuple[str, int]:
    return article.id, article.source.line_start


def _first_repeat(*hashes: np.ndarray) -> tuple[int, int] | None:
    """The corpus indices ``(first, second)`` of the earliest second occurrence of an id hash, if any."""
    joined = np.concatenate(hashes)
    order = np.argsort(joined, kind="stable")
    twice = np.flatnonzero(joined[order][1:] == joined[order][:-1])
    if not len(twice):
        return None
    at = twice[np.argmin(order[twice + 1])]
    return int(order[at]), int(order[at + 1])


def _check_unique_ids(corpus: Corpus, partitions: Sequence[Partition]) -> None:
    """Ids are unique within each partition (checked as it is read); across them, one task
    compares their 64-bit hashes, and an id found twice is an input error."""
    hashes = corpus.each(_id_hashes)  # held until gathered, so no dependency is released early
    repeat = corpus.client.gather(corpus.client.submit(_first_repeat, *hashes))
    if repeat is None:
        return
    found = corpus.at(repeat, _where)
    (first_id, first_line), (second_id, second_line) = found[repeat[0]], found[repeat[1]]
    if first_id != second_id:  # pragma: no cover - a 64-bit hash collision, not a repeated id
        return
    owner = partition_of(np.asarray(repeat), np.asarray(corpus.starts))
    first_file, second_file = (partitions[int(p)].url for p in owner)
    raise InputError(f"{second_file}:{second_line}", f"duplicate id {second_id!r} (first at {first_file}:{first_line})")


def _identify(part: Part) -> None:
    langid.identify_all(part)


def _translate_part(part: Part, config: Config) -> TranslationSummary | None:
    return stages.translate(part, config)


def _translate(corpus: Corpus, config: Config) -> TranslationSummary | None:
    if not config.translate:
        return None
    summaries = [s for s in corpus.gather(corpus.update(_translate_part, config)) if s is not None]
    return merge_translation(summaries) if summaries else None


def merge_translation(summaries: Sequence[TranslationSummary]) -> TranslationSummary:
    """The partitions' summaries as one: counts added (``sentences_unique`` is then the sum of
    each partition's distinct sentences), the rest as the first partition reports it."""
    merged = summaries[0]
    values: dict[str, Any] = {}
    for f in fields(TranslationSummary):
        first = getattr(merged, f.name)
        if isinstance(first, (int, float)) and not isinstance(first, bool):
            values[f.name] = sum(getattr(s, f.name) for s in summaries)
        elif isinstance(first, dict) and f.name != "model":
            total: dict[str, int] = {}
            for s in summaries:
                for key, count in getattr(s, f.name).items():
                    total[key] = total.get(key, 0) + count
            values[f.name] = dict(sorted(total.items()))
        else:
            values[f.name] = next((getattr(s, f.name) for s in summaries if getattr(s, f.name) is not None), None)
    return TranslationSummary(**values)
