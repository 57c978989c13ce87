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

from . import langid
from .boilerplate import strip_boilerplate
from .config import Config
from .dedupe import Pair, dedupe
from .errors import InputError
from .ingest import article_from_record, discover, read_articles, unique_ids
from .output import ARTICLES, DUPLICATES, PAIRS, REMOVED, REPORT, json_line, write_directory
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

    def write(self, out_dir: str | Path) -> None:
        """Write the results directory (see :mod:`newsmill.output`) atomically."""
        write_directory(Path(out_dir), self._files())

    def _files(self) -> dict[str, Iterable[str]]:
        shown = self.articles if self.config.keep_duplicates else self.kept
        paths = {a.id: a.source.path for a in self.articles}
        ids = [a.id for a in self.articles]
        return {
            ARTICLES: (json_line(a.to_json()) for a in shown),
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


def load(inputs: Iterable[str | Path | Mapping[str, Any]], config: Config) -> list[Article]:
    """Read articles from paths (files, directories) or from article dicts."""
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
    articles = list(read_articles(discover(items), config))  # type: ignore[arg-type]
    if not articles:
        raise InputError(", ".join(map(str, items)), "input holds no articles")
    return articles


def clean(
    inputs: Iterable[str | Path | Mapping[str, Any]], config: Config | None = None
) -> Results:
    """Run ingest → langid → boilerplate → dedupe and return the results.

    ``inputs`` are paths (text dumps, JSONL files, directories) or article
    dicts (``text`` required). Raises :class:`~newsmill.errors.InputError` on
    bad input; nothing is written until :meth:`Results.write`.
    """
    config = config or Config()
    articles = load(inputs, config)
    for article in articles:
        langid.identify(article)
    signature_lines = sum(len(a.removals) for a in articles)
    boilerplate = strip_boilerplate(articles, config)
    for article in articles:
        langid.summarise(article)
    pairs, duplicates = dedupe(articles, config)
    results = Results(articles, pairs, config)
    results.report = _report(results, signature_lines, asdict(boilerplate), asdict(duplicates))
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
