"""The results directory of a cluster run: numbered parts written by the workers.

Each worker writes its partition's part of ``articles``, ``duplicates`` and
``removed`` (:data:`newsmill.results.write.PARTED_FILES`, named by
:meth:`newsmill.results.write.Layout.part`) into the staging directory of
:func:`newsmill.results.write.staged_directory`, checking with a
:class:`newsmill.pipeline.Ledger` that each of its articles is written as the
contract says, and returns its counts. ``pairs.jsonl`` is written by one
worker, from the checked pairs and the ids of the articles in them (each
partition sends those of its own). The driver adds the counts up, checks
that the articles written are the articles read, writes ``stories.jsonl``
and ``report.json`` and swaps the directory into place, so an earlier
result is replaced atomically or kept when anything fails.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

import distributed
import numpy as np

from ..boilerplate.stage import BoilerplateSummary, removal_hashes, summarise_removals
from ..config import Config
from ..dedupe import Pair
from ..dedupe.local import Checked
from ..pipeline import ArticleCounts, ConservationError, Ledger, pair_json
from ..results.write import (
    ARTICLES,
    DUPLICATES,
    PAIRS,
    REMOVED,
    REPORT,
    STORIES,
    Layout,
    json_line,
    staged_directory,
    write_file,
)
from .corpus import Corpus, Part


class Written(NamedTuple):
    """What a worker wrote of one partition, for the report and the conservation check."""

    counts: ArticleCounts
    boilerplate: BoilerplateSummary


def _write_part(part: Part, number: int, staging: Path, layout: Layout) -> Written:
    ledger = Ledger(len(part), layout.keep_duplicates)
    shown = part if layout.keep_duplicates else [a for a in part if not a.is_duplicate]
    records = {
        ARTICLES: (json_line(ledger.kept(a).to_json()) for a in shown),
        DUPLICATES: (json_line(ledger.dropped(a).to_json()) for a in part if a.is_duplicate),
        REMOVED: (json_line(r.to_json(a.source.path)) for a in part for r in a.removals),
    }
    for name, lines in records.items():
        if layout.holds(name):
            write_file(staging / layout.part(name, number), lines)
    if not layout.dry_run:
        ledger.check()
    return Written(ArticleCounts.of(part), summarise_removals(part))


def _removed_texts(part: Part) -> np.ndarray:
    return np.fromiter(removal_hashes(part), dtype=np.uint64)


def _distinct(*hashes: np.ndarray) -> int:
    return len(np.unique(np.concatenate(hashes)))


def _ids_in_pairs(part: Part, start: int, checked: Checked) -> dict[int, str]:
    """The ids of the articles of this partition that are in a pair."""
    indices = np.unique(np.concatenate((checked.exact.ravel(), checked.candidates.ravel())))
    mine = indices[(indices >= start) & (indices < start + len(part))]
    return {i: part[i - start].id for i in mine.tolist()}


def _write_pairs(pairs: list[Pair], path: Path, *ids: dict[int, str]) -> None:
    """``pairs.jsonl`` (on a worker): the pairs, as :class:`newsmill.pipeline.Results` writes them."""
    merged: dict[int, str] = {}
    for part in ids:
        merged.update(part)
    write_file(path, (json_line(pair_json(p, merged)) for p in pairs))


def merge_boilerplate(parts: Sequence[Written], distinct: int) -> BoilerplateSummary:
    """The partitions' :class:`~newsmill.boilerplate.stage.BoilerplateSummary` as one, with ``distinct``
    texts removed in the whole corpus (counted by one task over every partition's hashes)."""
    reasons: Counter[str] = sum((Counter(w.boilerplate.reasons) for w in parts), Counter())
    return BoilerplateSummary(
        paragraphs_removed=sum(w.boilerplate.paragraphs_removed for w in parts),
        distinct_paragraphs=distinct,
        articles_touched=sum(w.boilerplate.articles_touched for w in parts),
        reasons=dict(sorted(reasons.items())),
        warnings=[warning for w in parts for warning in w.boilerplate.warnings],
    )


def write_results(
    corpus: Corpus,
    out_dir: Path,
    config: Config,
    checked: Any,
    pairs: Any,
    story_lines: Sequence[str],
    report_of: Callable[[ArticleCounts, dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    """Write the results directory ``out_dir`` (see the module docstring); returns the report,
    made by ``report_of(counts, boilerplate summary)`` from the counts the workers return.
    ``checked``, ``pairs``: futures of the dedupe stage's :class:`~newsmill.dedupe.local.Checked` pairs
    and of their :class:`~newsmill.dedupe.Pair` records."""
    layout = Layout.of(config.to_json())
    with staged_directory(Path(out_dir)) as staging:
        writing = corpus.each(_write_part, staging, layout, per_part=[(p,) for p in range(len(corpus.parts))])
        distributed.wait(writing)  # every part finished, failed or not, before the staging directory may go
        written: list[Written] = corpus.gather(writing)
        counts = sum((w.counts for w in written), ArticleCounts())
        if counts.articles != corpus.total:
            raise ConservationError(
                f"conservation check failed: {corpus.total} articles read but {counts.articles} written; "
                "the previous results were kept"
            )
        distinct = corpus.gather([corpus.client.submit(_distinct, *corpus.each(_removed_texts))])[0]
        report = report_of(counts, asdict(merge_boilerplate(written, distinct)))
        if layout.holds(PAIRS):
            ids = corpus.each(_ids_in_pairs, checked, per_part=[(start,) for start in corpus.starts])
            target = staging / layout.stored(PAIRS)
            corpus.gather([corpus.client.submit(_write_pairs, pairs, target, *ids)])
        if layout.holds(STORIES):
            write_file(staging / layout.stored(STORIES), story_lines)
        write_file(staging / REPORT, [json.dumps(report, indent=2, ensure_ascii=False) + "\n"])
    return report
