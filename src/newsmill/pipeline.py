"""The pipeline: ingest → langid → boilerplate → dedupe → translate → stories, and its results.

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from . import stages
from .boilerplate.stage import SIGNATURE, summarise_removals
from .config import Config
from .dedupe import DedupeSummary, Pair, engine_session
from .errors import InputError, NewsmillError
from .heap import settle
from .ingest.read import article_from_record, open_inputs, read_articles, unique_ids
from .progress import SILENT, Progress
from .record import Article, Removal
from .results.write import (
    ARTICLES,
    DUPLICATES,
    PAIRS,
    REMOVED,
    REPORT,
    STORIES,
    Layout,
    json_line,
    select_files,
    text_dump,
    text_dumps,
    text_line,
    text_lines,
    utf8_lines,
    write_directory,
)
from .story import StoryPair, StorySummary, story_pair_json
from .timing import LONG_RUN_SECONDS, StageClock, return_freed_memory, timing_line
from .translate import TranslationSummary
from .workers import Pool, text_ranges

RECORDS_NAME = "<records>"
VERSIONED_PACKAGES = (
    "newsmill", "datasketch", "langdetect", "numpy", "xxhash", "typer", "argos-translate-lt", "ctranslate2",
)


@dataclass
class Results:
    """Every article (input order) with what each stage decided, the checked pairs and the report."""

    articles: list[Article]
    pairs: list[Pair]
    config: Config
    report: dict[str, Any] = field(default_factory=dict)
    story_pairs: list[StoryPair] = field(default_factory=list)

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
        """Write the results directory (see :mod:`newsmill.results.write`) atomically.

        The article files are made a chunk of articles at a time
        (:func:`article_file_lines`), in this process: made on the workers, the
        lines cost twice the CPU (their pickling, the pages of the articles the
        workers copy on write, 4 kB an article) for no time saved on two cores.
        Before the new results replace the old, the articles written are
        checked against the articles read (see :class:`Ledger`).
        """
        ledger = Ledger(len(self.articles), self.config.keep_duplicates)
        files = self._files(ledger)
        if self.config.format == "text":
            files.update(text_dumps(self.shown))
        selected = select_files(files, Layout.of(self.config.to_json()))
        write_directory(Path(out_dir), selected, None if self.config.dry_run else ledger.check)

    def stream(self) -> Iterator[str]:
        """What a stage command prints without ``-o``: stage records of every article,
        duplicates marked, so that the next stage can still report them (a text dump
        of :attr:`shown` with ``format = "text"``), or the removals on a dry run."""
        if self.config.dry_run:
            return removal_lines(self.articles)
        if self.config.format == "text":
            return text_dump(self.shown)
        return (json_line(a.to_stage_json()) for a in self.articles)

    def _files(self, ledger: Ledger) -> dict[str, Iterable[str | bytes]]:
        ids = [a.id for a in self.articles]
        return {
            **{name: article_file(self.articles, name, self.config.keep_duplicates, ledger) for name in ARTICLE_FILES},
            PAIRS: (json_line(pair_json(p, ids)) for p in self.pairs),
            STORIES: (json_line(story_pair_json(p, ids)) for p in self.story_pairs),
            REPORT: [json.dumps(self.report, indent=2, ensure_ascii=False) + "\n"],
        }


#: The files written from each article in turn (:func:`article_file_lines`).
ARTICLE_FILES = (ARTICLES, DUPLICATES, REMOVED)


def article_file(articles: Sequence[Article], name: str, keep_duplicates: bool, ledger: Ledger) -> Iterator[bytes]:
    """File ``name`` of :data:`ARTICLE_FILES` made from ``articles``, chunk by chunk (``CHUNK_TEXTS``
    articles, :func:`article_file_lines`), its articles counted by ``ledger``: what a run writes,
    and each partition's part with ``--engine dask``."""
    for span in text_ranges(len(articles)):
        chunk, written = article_file_lines(articles, span, name, keep_duplicates)
        ledger.count(name, written)
        yield chunk


def article_file_lines(
    articles: Sequence[Article], span: range, name: str, keep_duplicates: bool
) -> tuple[bytes, list[str]]:
    """The lines of file ``name`` (one of :data:`ARTICLE_FILES`) that ``articles[span]`` give, in
    UTF-8, and the ids of the articles written whole (none for :data:`REMOVED`).

    ``articles.jsonl`` holds the kept articles (all of them with ``keep_duplicates``),
    ``duplicates.jsonl`` the duplicates, ``removed.jsonl`` every article's removals.
    """
    chunk = list(articles[span.start : span.stop])
    if name == REMOVED:
        return text_lines(list(removal_texts(chunk))).encode("utf-8"), []
    if name == DUPLICATES:
        written = [a for a in chunk if a.is_duplicate]
    else:
        written = chunk if keep_duplicates else [a for a in chunk if not a.is_duplicate]
    return utf8_lines([a.json_utf8() for a in written]), [a.id for a in written]


def removal_lines(articles: Iterable[Article]) -> Iterator[str]:
    """The ``removed.jsonl`` lines of ``articles``: each removal, in order."""
    return map(text_line, removal_texts(articles))


def removal_texts(articles: Iterable[Article]) -> Iterator[str]:
    """The JSON text of each removal of ``articles``, in order (:meth:`~newsmill.record.Removal.json_text`)."""
    return (r.json_text(a.source.path) for a in articles for r in a.removals)


class Ledger:
    """Counts the articles as they are written, to check that none was lost or doubled.

    Conservation: every article read is in ``articles.jsonl`` or in
    ``duplicates.jsonl``, exactly once (with ``keep_duplicates``, every article
    is in ``articles.jsonl`` and the duplicates are in both). newsmill skips no
    article: input it cannot read is an error, not a silent skip.
    """

    def __init__(self, articles_in: int, keep_duplicates: bool) -> None:
        self.articles_in = articles_in
        self.keep_duplicates = keep_duplicates
        self.in_articles: Counter[str] = Counter()
        self.in_duplicates: Counter[str] = Counter()

    def count(self, name: str, ids: Iterable[str]) -> None:
        """Count the articles ``ids`` as written to file ``name`` (of the files, only
        :data:`ARTICLES` and :data:`DUPLICATES` hold articles)."""
        counted = {ARTICLES: self.in_articles, DUPLICATES: self.in_duplicates}.get(name)
        if counted is not None:
            counted.update(ids)

    def check(self) -> None:
        """Raise :class:`ConservationError` unless every article read was written as the contract says."""
        # Counted from the ids repeated (in C), not with ``+`` (a Python loop): 0.35 s instead of 0.73 s at 1,000,000.
        written = Counter(chain(self.in_articles.elements(), self.in_duplicates.elements()))
        most = 2 if self.keep_duplicates else 1
        if len(written) != self.articles_in or max(written.values(), default=0) > most:
            raise ConservationError(
                f"conservation check failed: {self.articles_in} articles read but "
                f"{sum(self.in_articles.values())} written to {ARTICLES} and "
                f"{sum(self.in_duplicates.values())} to {DUPLICATES}; the previous results were kept"
            )


class ConservationError(NewsmillError):
    """The articles written do not add up to the articles read: a bug in newsmill."""


def pair_json(pair: Pair, ids: Sequence[str] | Mapping[int, str]) -> dict[str, Any]:
    """A ``pairs.jsonl`` record; ``ids``: the id of each article index (at least those of the pair)."""
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
    records = [item for item in items if isinstance(item, Mapping)]
    paths = [item for item in items if not isinstance(item, Mapping)]
    if records and paths:
        raise InputError(RECORDS_NAME, "give either paths or article records, not both")
    if records:
        return list(
            unique_ids(
                (article_from_record(record, RECORDS_NAME, n, n), f"{RECORDS_NAME}:{n}", "id" not in record)
                for n, record in enumerate(records, start=1)
            )
        )
    return list(stream_articles(paths, config, progress))


def stream_articles(
    inputs: Iterable[str | Path], config: Config, progress: Progress = SILENT
) -> Iterator[Article]:
    """The articles of ``inputs`` one at a time, as ``newsmill split`` prints them.

    Nothing but the splitter's corpus-wide counts and the current article is
    held in memory, however large the input (:func:`load` collects them).
    """
    items = list(inputs)
    with open_inputs(items, config) as files:
        count = 0
        for article in read_articles(files, config, progress):
            count += 1
            yield article
        if not count:
            raise InputError(", ".join(map(str, items)), "input holds no articles")


def clean(
    inputs: Iterable[str | Path | Mapping[str, Any]],
    config: Config | None = None,
    progress: Progress = SILENT,
) -> Results:
    """Run ingest → langid → boilerplate → dedupe → translate → stories and return the results.

    ``inputs`` are paths (text dumps, JSONL files, directories) or article
    dicts (``text`` required). Raises :class:`~newsmill.errors.InputError` on
    bad input; nothing is written until :meth:`Results.write`. ``progress``
    (see :mod:`newsmill.progress`) shows how far each stage is.
    """
    return _run(stages.STAGES, inputs, config or Config(), progress)


def run_stage(
    stage: str, inputs: Iterable[str | Path], config: Config, progress: Progress = SILENT
) -> Results:
    """What ``newsmill STAGE`` does: read articles (splitting dumps, restoring
    newsmill records) and run :func:`newsmill.stages.slice_for` that stage."""
    return _run(stages.slice_for(stage), inputs, config, progress)


@dataclass
class Outcome:
    """What the stages return for the report, by the names a :class:`~newsmill.stages.Stage` ``reports``."""

    pairs: list[Pair] = field(default_factory=list)
    duplicates: DedupeSummary = field(default_factory=DedupeSummary)
    translation: TranslationSummary | None = None
    story_pairs: list[StoryPair] = field(default_factory=list)
    stories: StorySummary | None = None

    def record(self, stage: stages.Stage, returned: Any) -> None:
        if not stage.reports:  # a stage whose counts the report takes from the articles
            return
        values = returned if len(stage.reports) > 1 else (returned,)
        for name, value in zip(stage.reports, values, strict=True):
            setattr(self, name, value)


def _run(
    chosen: Sequence[stages.Stage],
    inputs: Iterable[str | Path | Mapping[str, Any]],
    config: Config,
    progress: Progress,
) -> Results:
    """Ingest ``inputs``, then run the ``chosen`` stages in order, each timed under its name.

    The dedupe engine's session (one Dask cluster) opens before the first
    stage that :attr:`~newsmill.stages.Stage.dedupes` and lasts to the end.
    With ``engine = "dask"`` every stage runs on the cluster instead, and the
    articles are gathered here (:func:`newsmill.cluster.run.clean_on_cluster`).
    """
    if config.engine == "dask":
        from .cluster.run import clean_on_cluster  # the dask extra, needed by this engine only

        return clean_on_cluster(list(inputs), config, chosen, progress)
    clock = StageClock()
    with Pool(config.workers.jobs) as pool:  # every stage's work runs on these ``jobs`` processes
        with clock.stage("ingest"):
            articles = load(inputs, config, progress)
        _stage_ended(pool)
        outcome = Outcome()
        engine_started = False
        with ExitStack() as engine:
            for stage in chosen:
                if stage.dedupes and not engine_started:
                    engine.enter_context(engine_session(config))
                    engine_started = True
                with clock.stage(stage.name):
                    outcome.record(stage, stage.run(articles, config.only(stage.settings), progress))
                _stage_ended(pool)
    return _results(articles, config, outcome, clock)


def _stage_ended(pool: Pool) -> None:
    """Free what the stage that ended still holds before the next one allocates: the pool's
    processes and the value they were forked with (the next stage shares another value, so
    forks anew anyway; kept, the boilerplate stage's shingle sets, 0.4 GB at 100,000
    articles, stayed resident into dedupe), the heap pages freed (:func:`return_freed_memory`), and what
    is left alive moved out of later garbage collections (:func:`~newsmill.heap.settle`)."""
    pool.close()
    return_freed_memory()
    settle()


def _results(articles: list[Article], config: Config, outcome: Outcome, clock: StageClock) -> Results:
    results = Results(articles, outcome.pairs, config, story_pairs=outcome.story_pairs)
    boilerplate = asdict(summarise_removals(articles))
    results.report = build_report(
        ArticleCounts.of(articles), config, boilerplate, asdict(outcome.duplicates), outcome.translation,
        outcome.stories, clock,
    )
    return results


@dataclass
class ArticleCounts:
    """The report's counts of articles, over a corpus or a part of one (parts add up with ``+``)."""

    files: set[str] = field(default_factory=set)
    articles: int = 0
    signature_lines: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    kept: int = 0
    kept_languages: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, articles: Sequence[Article]) -> ArticleCounts:
        kept = [a for a in articles if not a.is_duplicate]
        return cls(
            {a.source.path for a in articles},
            len(articles),
            sum(r.reason == SIGNATURE for a in articles for r in a.removals),
            Counter(a.lang for a in articles),
            len(kept),
            Counter(a.lang for a in kept),
        )

    def __add__(self, other: ArticleCounts) -> ArticleCounts:
        return ArticleCounts(
            self.files | other.files,
            self.articles + other.articles,
            self.signature_lines + other.signature_lines,
            self.languages + other.languages,
            self.kept + other.kept,
            self.kept_languages + other.kept_languages,
        )


def build_report(
    counts: ArticleCounts,
    config: Config,
    boilerplate: dict[str, Any],
    dedupe_counts: dict[str, int],
    translation: TranslationSummary | None,
    stories: StorySummary | None,
    clock: StageClock,
) -> dict[str, Any]:
    """``report.json``: counts per stage, the configuration, versions and timing."""
    report: dict[str, Any] = {
        "counts": {
            "ingest": {
                "files": len(counts.files),
                "articles": counts.articles,
                "signature_lines": counts.signature_lines,
            },
            "langid": {"languages": dict(sorted(counts.languages.items()))},
            "boilerplate": boilerplate,
            "dedupe": dedupe_counts,
            "output": {
                "articles": counts.kept,
                "duplicates": counts.articles - counts.kept,
                "languages": dict(sorted(counts.kept_languages.items())),
            },
        },
        "config": config.to_json(),
        "versions": {name: _version(name) for name in VERSIONED_PACKAGES},
    }
    if translation is not None:
        # seconds would make report.json differ between identical runs
        report["counts"]["translate"] = {k: v for k, v in translation.to_json().items() if k != "seconds"}
    if stories is not None:
        report["counts"]["stories"] = stories.to_json()
    report["timing"] = clock.to_json()
    return report


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
    warned = [w["article"] for w in boiler.get("warnings", [])]
    total = boiler.get("warned_articles", len(warned))  # a report from before the count lists them all
    if total:
        listed = ", ".join(warned[:5]) + (", …" if total > len(warned[:5]) else "")
        yield f"boilerplate: warning: {total} kept articles lost all or more than half of their text ({listed})"
    yield (
        f"dedupe: {dup['clusters']} clusters, {dup['exact_duplicates']} exact and "
        f"{dup['near_duplicates']} near duplicates dropped "
        f"({dup['verified_pairs']} of {dup['candidate_pairs']} candidate pairs verified)"
    )
    translation = counts.get("translate")
    if translation is not None:
        yield (
            f"translate: {translation['articles_translated']} articles translated "
            f"{translation['source']}→{translation['target']}, "
            f"{translation['articles_untranslated']} left untranslated "
            f"({translation['sentences_translated']} sentences sent to the model, "
            f"{translation['cache_hits']} from the cache)"
        )
    stories = counts.get("stories")
    if stories is not None:
        yield (
            f"stories: {stories['stories']} stories told in more than one article "
            f"({stories['anchor_pairs']} anchor and {stories['translated_pairs']} translated-text pairs)"
        )
    yield f"output: {out['articles']} articles kept, {out['duplicates']} duplicates set aside"
    timing = report.get("timing")
    if timing is not None and timing["total_seconds"] >= LONG_RUN_SECONDS:
        yield timing_line(timing)
