"""The results directory of a cluster run: numbered parts written by the workers.

Each worker writes its partition's part of ``articles``, ``duplicates`` and
``removed`` (:data:`newsmill.results.write.PARTED_FILES`, named by
:meth:`newsmill.results.write.Layout.part`) into the staging directory of
:func:`newsmill.results.write.staged_directory`, checking with a
:class:`newsmill.pipeline.Ledger` that each of its articles is written as the
contract says, and returns its counts. ``pairs.jsonl`` is written by one
worker, from the checked pairs and the ids of the articles in them (each
partition sends those of its own), and ``stories.jsonl`` by one worker from the
story pass's lines. The driver adds the counts up, checks that the articles
written are the articles read, writes ``report.json`` and swaps the directory
into place, so an earlier result is replaced atomically or kept when anything fails.

With ``--format text``, each worker also writes its partition's share of
every ``text/PATH`` dump as a piece of its own (a partition may hold
articles of several dumps, and a dump may span partitions); then one task per
dump joins its pieces, in partition order, into ``text/PATH``, so the dumps
are the local engine's byte for byte and no text passes through the driver.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from itertools import chain, islice
from pathlib import Path
from typing import Any, NamedTuple

import distributed
import numpy as np

from ..boilerplate.stage import WARNINGS_LISTED, BoilerplateSummary, removal_hashes, summarise_removals
from ..config import Config
from ..dedupe import Pair
from ..dedupe.local import Checked
from ..hashing.distinct import distinct
from ..pipeline import ARTICLE_FILES, ArticleCounts, ConservationError, Ledger, Results, article_file, pair_json
from ..results.write import (
    PAIRS,
    REPORT,
    STORIES,
    Layout,
    json_line,
    staged_directory,
    text_dumps,
    write_file,
)
from .corpus import Corpus, Part

#: Where, in the staging directory, the workers put their pieces of the ``--format text`` dumps.
TEXT_PIECES = ".text-pieces"


def _piece(staging: Path, number: int, dump: str) -> Path:
    """Where partition ``number`` writes its piece of dump ``dump`` (``text/PATH``)."""
    return staging / TEXT_PIECES / f"{number:05d}" / dump


class Written(NamedTuple):
    """What a worker wrote of one partition, for the report and the conservation check:
    its counts, and the ``text/PATH`` dumps it wrote a piece of (``--format text``)."""

    counts: ArticleCounts
    boilerplate: BoilerplateSummary
    dumps: tuple[str, ...] = ()


def summarise(part: Part) -> Written:
    """One partition's counts, for the report of what it holds now."""
    return Written(ArticleCounts.of(part), summarise_removals(part))


#: Articles whose records a stage command without ``-o`` receives at once (a few MB of records).
STREAMED_ARTICLES = 1_000


def stage_records(part: Part, start: int, config: Config) -> str:
    """What a stage command prints, without ``-o``, of the ``STREAMED_ARTICLES`` articles of a
    partition from offset ``start`` (:meth:`newsmill.pipeline.Results.stream`, the local engine's own records)."""
    return "".join(Results(part[start : start + STREAMED_ARTICLES], [], config).stream())


def _write_part(part: Part, number: int, staging: Path, layout: Layout, text: bool) -> Written:
    ledger = Ledger(len(part), layout.keep_duplicates)
    for name in ARTICLE_FILES:
        if layout.holds(name):
            write_file(staging / layout.part(name, number), article_file(part, name, layout.keep_duplicates, ledger))
    if not layout.dry_run:
        ledger.check()
    shown = part if layout.keep_duplicates else [a for a in part if not a.is_duplicate]
    dumps = text_dumps(shown) if text and not layout.dry_run else {}
    for name, dump in dumps.items():
        write_file(_piece(staging, number, name), dump)
    return summarise(part)._replace(dumps=tuple(dumps))


def _joined_lines(pieces: Sequence[Path]) -> Iterator[str]:
    for piece in pieces:
        with piece.open(encoding="utf-8", newline="") as handle:
            yield from handle


def _join_dump(pieces: Sequence[Path], target: Path) -> None:
    """One ``text/PATH`` dump from its pieces, in partition order (on a worker)."""
    write_file(target, _joined_lines(pieces))


def _join_dumps(corpus: Corpus, written: Sequence[Written], staging: Path, layout: Layout) -> None:
    """Each ``text/PATH`` dump joined from the partitions' pieces by a task of its own."""
    pieces: dict[str, list[Path]] = {}
    for number, part in enumerate(written):
        for name in part.dumps:
            pieces.setdefault(name, []).append(_piece(staging, number, name))
    joins = [corpus.client.submit(_join_dump, paths, staging / layout.stored(name)) for name, paths in pieces.items()]
    corpus.gather(joins)
    shutil.rmtree(staging / TEXT_PIECES, ignore_errors=True)


def _removed_texts(part: Part) -> np.ndarray:
    return np.fromiter(removal_hashes(part), dtype=np.uint64)


def _distinct(*hashes: np.ndarray) -> int:
    return len(distinct(np.concatenate(hashes)))


def _paired(checked: Checked) -> np.ndarray:
    """The articles in a pair."""
    return distinct(np.concatenate((checked.exact.ravel(), checked.candidates.ravel())))


def _write_pairs(pairs: list[Pair], path: Path, ids: dict[int, str]) -> None:
    """``pairs.jsonl`` (on a worker): the pairs, as :class:`newsmill.pipeline.Results` writes them."""
    write_file(path, (json_line(pair_json(p, ids)) for p in pairs))


def merge_boilerplate(parts: Sequence[Written], distinct: int) -> BoilerplateSummary:
    """The partitions' :class:`~newsmill.boilerplate.stage.BoilerplateSummary` as one, with ``distinct``
    texts removed in the whole corpus (counted by one task over every partition's hashes)."""
    reasons: Counter[str] = sum((Counter(w.boilerplate.reasons) for w in parts), Counter())
    return BoilerplateSummary(
        paragraphs_removed=sum(w.boilerplate.paragraphs_removed for w in parts),
        distinct_paragraphs=distinct,
        articles_touched=sum(w.boilerplate.articles_touched for w in parts),
        reasons=dict(sorted(reasons.items())),
        warned_articles=sum(w.boilerplate.warned_articles for w in parts),
        warnings=list(islice(chain.from_iterable(w.boilerplate.warnings for w in parts), WARNINGS_LISTED)),
    )


def summarised(
    corpus: Corpus, written: Sequence[Written], report_of: Callable[[ArticleCounts, dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """The report, made by ``report_of(counts, boilerplate summary)`` from the partitions' counts
    (``written``), once they are checked to hold every article read exactly once."""
    counts = sum((w.counts for w in written), ArticleCounts())
    if counts.articles != corpus.total:
        raise ConservationError(
            f"conservation check failed: {corpus.total} articles read but {counts.articles} written; "
            "the previous results were kept"
        )
    distinct = corpus.gather([corpus.client.submit(_distinct, *corpus.each(_removed_texts))])[0]
    return report_of(counts, asdict(merge_boilerplate(written, distinct)))


def write_results(
    corpus: Corpus,
    out_dir: Path,
    config: Config,
    checked: Any,
    pairs: Any,
    story_lines: Any,
    report_of: Callable[[Sequence[Written]], dict[str, Any]],
) -> dict[str, Any]:
    """Write the results directory ``out_dir`` (see the module docstring); returns the report,
    made by ``report_of`` from what the workers wrote (:func:`summarised`). ``checked``,
    ``pairs``: futures of the dedupe stage's :class:`~newsmill.dedupe.local.Checked` pairs and of
    their :class:`~newsmill.dedupe.Pair` records, ``None`` when dedupe did not run (no pairs);
    ``story_lines``: the future of the ``stories.jsonl`` lines, ``None`` without the story pass."""
    layout = Layout.of(config.to_json())
    text = config.output.format == "text"
    with staged_directory(Path(out_dir)) as staging:
        numbers = [(p,) for p in range(len(corpus.parts))]
        writing = corpus.each(_write_part, staging, layout, text, per_part=numbers)
        distributed.wait(writing)  # every part finished, failed or not, before the staging directory may go
        written: list[Written] = corpus.gather(writing)
        report = report_of(written)
        if text:
            _join_dumps(corpus, written, staging, layout)
        if layout.holds(PAIRS):
            target = staging / layout.stored(PAIRS)
            if checked is None:
                write_file(target, [])
            else:
                ids = corpus.ids_at(corpus.client.submit(_paired, checked))
                corpus.gather([corpus.client.submit(_write_pairs, pairs, target, ids)])
        if layout.holds(STORIES):
            target = staging / layout.stored(STORIES)
            if story_lines is None:
                write_file(target, [])
            else:
                corpus.gather([corpus.client.submit(write_file, target, story_lines)])
        write_file(staging / REPORT, [json.dumps(report, indent=2, ensure_ascii=False) + "\n"])
    return report
