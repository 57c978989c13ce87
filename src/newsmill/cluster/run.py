"""``newsmill run --engine dask``: the whole pipeline on a Dask cluster, results written by the workers.

Stage by stage (the driver holds futures, integers and decisions; see the
package docstring for what each stage holds where):

========== ===================================================================
ingest     partitions listed on the driver, read on the workers (:mod:`.inputs`)
langid     per partition (:func:`newsmill.langid.identify_all`)
boilerplate map, reductions and apply (:mod:`.boilerplate`)
dedupe     shuffles, clusters from integer pairs, per-partition marking (:mod:`.dedupe`)
translate  per partition (:func:`newsmill.stages.translate`, with each worker's models)
stories    anchors per partition, one task pairs them without texts (:mod:`.stories`)
output     parts written by the workers, the rest by the driver (:mod:`.write`)
========== ===================================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from .. import langid, stages
from ..config import Config
from ..dedupe.dask_engine import connect, partition_of
from ..errors import InputError, UsageError
from ..pipeline import build_report
from ..progress import SILENT, Progress
from ..record import Article
from ..timing import StageClock
from ..translate import TranslationSummary
from .boilerplate import strip_on_cluster
from .corpus import Corpus, Part, spread
from .dedupe import checked_pairs, dedupe_on_cluster
from .inputs import PARTITION_BYTES, Partition, count_lines, place, plan, read_partition, signature_scan
from .stories import stories_on_cluster
from .write import write_results


def run_on_cluster(
    inputs: Sequence[str | Path],
    config: Config,
    out_dir: Path,
    progress: Progress = SILENT,
    block_bytes: int = PARTITION_BYTES,
) -> dict[str, Any]:
    """Run the pipeline on ``config``'s cluster and write the results directory ``out_dir``
    (its parts written by the workers, so it must be on a filesystem they share with this
    process); returns the report. ``block_bytes``: byte range per partition of a large JSONL file."""
    if config.format == "text":
        raise UsageError("--format text is not written by --engine dask yet; use --format jsonl")
    clock = StageClock()
    with connect(config) as client:
        with clock.stage("ingest"), progress.busy("read", 0):
            partitions = plan(inputs, config, block_bytes)
            corpus = _read(client, partitions, config)
        with clock.stage("langid"), progress.busy("langid", corpus.total):
            corpus.update(_identify)
            corpus.wait()
        with clock.stage("boilerplate"), progress.busy("boilerplate", corpus.total):
            strip_on_cluster(corpus, config)
            corpus.wait()
        with clock.stage("dedupe"), progress.busy("dedupe", corpus.total):
            checked, pairs = checked_pairs(corpus, config)
            duplicates = dedupe_on_cluster(corpus, pairs, config)
            corpus.wait()
        with clock.stage("translate"), progress.busy("translate", corpus.total):
            translation = _translate(corpus, config)
        with clock.stage("stories"), progress.busy("stories", corpus.total):
            story_lines, stories = stories_on_cluster(corpus, config)
        return write_results(
            corpus,
            out_dir,
            config,
            checked,
            pairs,
            story_lines,
            lambda counts, boilerplate: build_report(
                counts, config, boilerplate, asdict(duplicates), translation, stories, clock
            ),
        )


def _read(client: Any, partitions: list[Partition], config: Config) -> Corpus:
    ranges = [client.submit(count_lines, p) if not p.whole else None for p in partitions]
    placed = place(partitions, client.gather(ranges))
    needs_scan = not config.separator and any(p.format == "text" for p in partitions)
    stats = client.submit(signature_scan, partitions) if needs_scan else None
    readers = spread(client, len(placed))  # daskmem: each worker reads as many partitions
    parts = [
        client.submit(read_partition, p, stats, config, pure=False, workers=[w], allow_other_workers=True)
        for p, w in zip(placed, readers, strict=True)
    ]
    corpus = Corpus(client, parts, client.gather([client.submit(len, part) for part in parts]))
    if not corpus.total:
        raise InputError(", ".join(p.url for p in partitions), "input holds no articles")
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
