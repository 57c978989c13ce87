"""The pipeline: ingest → langid → boilerplate → dedupe, and its results.

:func:`clean` is the library's entry point::

    import newsmill

    results = newsmill.clean(["dumps/"], newsmill.Config(threshold=0.8))
    for article in results.kept:
        print(article.id, article.lang, article.title)
    results.write("out/")
"""

from __future__ import annotations

import importlib.metadata
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import stages
from .boilerplate import SIGNATURE, summarise_removals
from .config import Config
from .dedupe import DedupeSummary, Pair
from .errors import InputError
from .ingest import article_from_record, open_inputs, read_articles, unique_ids
from .output import (
    ARTICLES,
    DUPLICATES,
    PAIRS,
    REMOVED,
    REPORT,
    json_line,
    select_files,
    text_dump,
    text_dumps,
    write_directory,
)
from .progress import SILENT, Progress
from .record import Article, Removal

RECORDS_NAME = "<records>"
VERSIONED_PACKAGES = ("newsmill", "datasketch", "langdetect", "numpy", "xxhash", "typer")


@dataclass
class Results:
    """Every article (input order) with what each stage decided, the checked pairs and the report."""

    articles: list[Article]
    pairs: list[Pair]
    config: Config
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def kept(self) -> list[Article]:
        return [a for a in self.articles if not a.is_duplicate]

    @property
    def duplicates(self) -> list[Article]:
        return [a for a in self.articles if a.is_duplicate]

    @property
    def removals(self) -> list[Removal]:
        return [r for a in self.articles for r in a.removals]

    @property
    def shown(self) -> list[Article]:
        """The articles written as output: the kept ones, or all with ``keep_duplicates``."""
        return self.articles if self.config.keep_duplicates else self.kept

    def write(self, out_dir: str | Path) -> None:
        """Write the results directory (see :mod:`newsmill.output`) atomically."""
        files = self._files()
        if self.config.format == "text":
            files.update(text_dumps(self.shown))
        write_directory(Path(out_dir), select_files(files, self.config.dry_run, self.config.gzip))

    def stream(self) -> Iterator[str]:
        """What a stage command prints without ``-o``: stage records of :attr:`shown`
        (a text dump with ``format = "text"``), or the removals on a dry run."""
        if self.config.dry_run:
            return iter(self._files()[REMOVED])
        if self.config.format == "text":
            return text_dump(self.shown)
        return (json_line(a.to_stage_json()) for a in self.shown)

    def _files(self) -> dict[str, Iterable[str]]:
        paths = {a.id: a.source.path for a in self.articles}
        ids = [a.id for a in self.articles]
        return {
            ARTICLES: (json_line(a.to_json()) for a in self.shown),
            DUPLICATES: (json_line(a.to_json()) for a in self.duplicates),
            REMOVED: (json_line(r.to_json(paths[r.article_id])) for r in self.removals),
            PAIRS: (json_line(_pair_json(p, ids)) for p in self.pairs),
            REPORT: [json.dumps(self.report, indent=2, ensure_ascii=False) + "\n"],
        }


def _pair_json(pair: Pair, ids: list[str]) -> dict[str, Any]:
    return {
        "a": ids[pair.a],
        "b": ids[pair.b],
        "similarity": pair.similarity,
        "exact": pair.exact,
        "duplicate": pair.duplicate,
    }


def load(
    inputs: Iterable[str | Path | Mapping[str, Any]], config: Config, progress: Progress = SILENT
) -> list[Article]:
    """Read articles from paths (files, directories, ``-`` for stdin) or from article dicts."""
    items = list(inputs)
    if not items:
        raise InputError(RECORDS_NAME, "no input given")
    if all(isinstance(item, Mapping) for item in items):
        return list(
            unique_ids(
                (article_from_record(record, RECORDS_NAME, n, n), f"{RECORDS_NAME}:{n}")
                for n, record in enumerate(items, start=1)
            )
        )
    if any(isinstance(item, Mapping) for item in items):
        raise InputError(RECORDS_NAME, "give either paths or article records, not both")
    with open_inputs(items, config) as files:  # type: ignore[arg-type]
        articles = list(read_articles(files, config, progress))
    if not articles:
        raise InputError(", ".join(map(str, items)), "input holds no articles")
    return articles


def clean(
    inputs: Iterable[str | Path | Mapping[str, Any]],
    config: Config | None = None,
    progress: Progress = SILENT,
) -> Results:
    """Run ingest → langid → boilerplate → dedupe and return the results.

    ``inputs`` are paths (text dumps, JSONL files, directories) or article
    dicts (``text`` required). Raises :class:`~newsmill.errors.InputError` on
    bad input; nothing is written until :meth:`Results.write`. ``progress``
    (see :mod:`newsmill.progress`) shows how far each stage is.
    """
    config = config or Config()
    articles = load(inputs, config, progress)
    stages.identify_languages(articles, progress)
    stages.strip(articles, config, progress)
    pairs, duplicates = stages.find_duplicates(articles, config, progress)
    return _results(articles, pairs, config, duplicates)


def run_stage(
    stage: str, inputs: Iterable[str | Path], config: Config, progress: Progress = SILENT
) -> Results:
    """What ``newsmill STAGE`` does: read articles (splitting dumps, restoring
    newsmill records) and run that one stage of :data:`newsmill.stages.STAGES`."""
    articles = load(inputs, config, progress)
    pairs: list[Pair] = []
    duplicates = DedupeSummary()
    if stage == "langid":
        stages.identify_languages(articles, progress)
    elif stage == "boilerplate":
        stages.strip(articles, config, progress)
    elif stage == "dedupe":
        pairs, duplicates = stages.find_duplicates(articles, config, progress)
    return _results(articles, pairs, config, duplicates)


def _results(articles: list[Article], pairs: list[Pair], config: Config, duplicates: DedupeSummary) -> Results:
    results = Results(articles, pairs, config)
    signature_lines = sum(r.reason == SIGNATURE for r in results.removals)
    boilerplate = asdict(summarise_removals(articles))
    results.report = _report(results, signature_lines, boilerplate, asdict(duplicates))
    return results


def _report(
    results: Results, signature_lines: int, boilerplate: dict[str, int], dedupe_counts: dict[str, int]
) -> dict[str, Any]:
    articles = results.articles
    kept = results.kept
    return {
        "counts": {
            "ingest": {
                "files": len({a.source.path for a in articles}),
                "articles": len(articles),
                "signature_lines": signature_lines,
            },
            "langid": {"languages": dict(sorted(Counter(a.lang for a in articles).items()))},
            "boilerplate": boilerplate,
            "dedupe": dedupe_counts,
            "output": {
                "articles": len(kept),
                "duplicates": len(articles) - len(kept),
                "languages": dict(sorted(Counter(a.lang for a in kept).items())),
            },
        },
        "config": results.config.to_json(),
        "versions": {name: _version(name) for name in VERSIONED_PACKAGES},
    }


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def iter_summary_lines(report: Mapping[str, Any]) -> Iterator[str]:
    """Human summary of a report, one line per stage."""
    counts = report["counts"]
    ingest, boiler, dup, out = counts["ingest"], counts["boilerplate"], counts["dedupe"], counts["output"]
    languages = ", ".join(f"{k} {v}" for k, v in counts["langid"]["languages"].items())
    yield f"ingest: {ingest['articles']} articles from {ingest['files']} files"
    yield f"langid: {languages}"
    yield (
        f"boilerplate: {boiler['paragraphs_removed']} paragraphs removed "
        f"({boiler['distinct_paragraphs']} distinct) from {boiler['articles_touched']} articles, "
        f"plus {ingest['signature_lines']} signature lines"
    )
    yield (
        f"dedupe: {dup['clusters']} clusters, {dup['exact_duplicates']} exact and "
        f"{dup['near_duplicates']} near duplicates dropped "
        f"({dup['verified_pairs']} of {dup['candidate_pairs']} candidate pairs verified)"
    )
    yield f"output: {out['articles']} articles kept, {out['duplicates']} duplicates set aside"
