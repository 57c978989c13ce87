"""One frozen settings section per stage; each field is a setting (see :mod:`.base`).

A field's name is the flat name of the contract (``newsmill.Config(threshold=0.8)``,
``threshold = 0.8`` in ``[tool.newsmill]``, ``--threshold 0.8``); the section
says which stage reads it. Sections check their own values and raise
:class:`~newsmill.settings.base.SettingError` worded with the field's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..errors import UsageError
from ..ingest.split import SplitRule
from .base import Section, SettingError, at_least, in_unit_interval, one_of, regexes, setting

KEEP_POLICIES = ("longest", "first", "source-order")
INPUT_FORMATS = ("text", "jsonl")
OUTPUT_FORMATS = ("jsonl", "text")
DEFAULT_INCLUDE = ("*.txt", "*.jsonl", "*.txt.gz", "*.jsonl.gz")
ENGINES = ("local", "dask")
DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class IngestSettings(Section):
    """Which files are read and how text dumps are split into articles."""

    title: ClassVar[str] = "Ingest"

    separator: str | None = setting(
        None, "regex; a line it matches separates articles in text dumps and is dropped",
        metavar="REGEX", default_text="built-in splitter")
    split: dict[str, dict[str, str]] = setting(
        {}, 'per-path splitting rules: a table `[tool.newsmill.split."GLOB"]` with `headline` and/or `closer` '
        "regexes for the text dumps GLOB matches (as `include` matches)", file_only=True)
    include: tuple[str, ...] = setting(
        DEFAULT_INCLUDE,
        "repeatable; files read from directories. A glob with a `/` matches the path inside the directory, "
        "one without matches the file name", metavar="GLOB")
    exclude: tuple[str, ...] = setting(
        (), "repeatable; files of directories skipped, same matching", metavar="GLOB", default_text="none")
    input_format: str | None = setting(
        None, "`text` or `jsonl` for every input", metavar="FORMAT", default_text="by name; stdin sniffed")

    def check(self) -> None:
        regexes("separator", () if self.separator is None else (self.separator,))
        for glob, table in self.split.items():
            try:
                SplitRule.from_table(glob, table)
            except ValueError as error:  # its message names the table and the key
                raise UsageError(str(error)) from None
        if self.input_format is not None:
            one_of("input_format", self.input_format, INPUT_FORMATS)


@dataclass(frozen=True)
class WorkerSettings(Section):
    """Where the work runs: processes on this machine, or a Dask cluster."""

    title: ClassVar[str] = "Workers"

    jobs: int = setting(
        0, "worker processes of the run, one pool for every stage (splitting dumps, langid, boilerplate, "
        "dedupe, stories; Dask: `LocalCluster` workers); results do not depend on it", metavar="N",
        default_text="0 (every core)")
    engine: str = setting(
        "local", "where `newsmill run`, the stage commands and `newsmill.clean` run: `local` (processes "
        "on this machine) or `dask` (every stage on a Dask cluster, results written as numbered parts; "
        "see [On a Dask cluster](#on-a-dask-cluster))", metavar="ENGINE")
    scheduler: str | None = setting(
        None, "address of an existing Dask scheduler, `tcp://HOST:PORT` (with `--engine dask`)",
        metavar="ADDRESS", default_text="a `LocalCluster`")

    def check(self) -> None:
        if self.jobs < 0:
            raise SettingError("jobs", f"must be 0 (every core) or more, got {self.jobs}")
        one_of("engine", self.engine, ENGINES)
        if self.scheduler is not None and self.engine != "dask":
            raise SettingError("scheduler", "needs {} dask", mentions=("engine",))


@dataclass(frozen=True)
class BoilerplateSettings(Section):
    """Which recurring paragraphs (and, on request, junk lines) are stripped."""

    title: ClassVar[str] = "Boilerplate"

    boilerplate_min_count: int = setting(
        2, "a paragraph found in this many distinct articles (duplicates and contained copies counted once) "
        "is boilerplate", metavar="N")
    strip_junk: bool = setting(
        False, "also remove one-off page junk line by line: placeholders, glued icon text, bare photo credits, "
        "promo lines (see [Junk](#junk))", off="--keep-junk")
    always_keep: tuple[str, ...] = setting(
        (), "repeatable (a list in the file); a paragraph it matches (`re.search`) is never removed, "
        "signature lines included", metavar="REGEX", default_text="none")
    always_remove: tuple[str, ...] = setting(
        (), "repeatable; a paragraph it matches is removed, reason `always-remove` (`--always-keep` wins)",
        metavar="REGEX", default_text="none")

    def check(self) -> None:
        at_least("boilerplate_min_count", self.boilerplate_min_count, 2)
        regexes("always_keep", self.always_keep)
        regexes("always_remove", self.always_remove)


@dataclass(frozen=True)
class DedupeSettings(Section):
    """Near duplicates: word n-gram shingles, MinHash LSH, exact Jaccard ``>= threshold``; who survives."""

    title: ClassVar[str] = "Dedupe"

    threshold: float = setting(
        0.7, "Jaccard similarity of word-shingle sets at or above which two articles are near duplicates",
        metavar="FLOAT")
    ngram: int = setting(3, "words per shingle", metavar="N")
    num_perm: int = setting(128, "MinHash permutations", metavar="N")
    keep: str = setting(
        "longest", "survivor of a cluster: `longest` (ties by first seen), `first`, `source-order` "
        "(earliest path, then line), `lang:CODE` (prefer a language, then longest)", metavar="POLICY")

    def check(self) -> None:
        in_unit_interval("threshold", self.threshold)
        at_least("ngram", self.ngram, 1)
        at_least("num_perm", self.num_perm, 2)
        if not (self.keep.startswith("lang:") and len(self.keep) > 5):
            one_of("keep", self.keep, KEEP_POLICIES, also="lang:CODE")


@dataclass(frozen=True)
class TranslateSettings(Section):
    """Offline translation (argos models run by CTranslate2)."""

    title: ClassVar[str] = "Translate"

    translate: bool = setting(
        True, "translate `--from` articles when an argos model for the pair is installed", off="--no-translate")
    translate_from: str = setting(
        "nl", "language to translate (`translate_from` in the file)", flags=("--from", "--translate-from"),
        metavar="CODE")
    translate_to: str = setting(
        "en", "language to translate into (`translate_to` in the file)", flags=("--to", "--translate-to"),
        metavar="CODE")
    batch_size: int = setting(2048, "CTranslate2 tokens per batch", metavar="N")
    beam_size: int = setting(4, "beam width", metavar="N")
    threads: int = setting(0, "CPU threads", metavar="N", default_text="0 (CTranslate2's default)")
    device: str = setting("auto", "`cpu`, `cuda` or `auto`", metavar="DEVICE")
    max_decoding_length: int = setting(256, "most tokens generated per sentence", metavar="N")
    cache_dir: str | None = setting(
        None, "where translated sentences are cached", metavar="PATH",
        default_text="`$NEWSMILL_CACHE_DIR`, else the platform cache dir")
    require_translation: bool = setting(
        False, "exit 1 when an article that needed translating stayed untranslated")

    def check(self) -> None:
        one_of("device", self.device, DEVICES)
        at_least("batch_size", self.batch_size, 1)
        at_least("beam_size", self.beam_size, 1)
        at_least("max_decoding_length", self.max_decoding_length, 1)


@dataclass(frozen=True)
class StorySettings(Section):
    """The story pass: which articles tell one story in different languages (see :mod:`newsmill.story`).

    ``story_threshold`` was measured on NTREX (``benchmarks/story_quality.py``,
    one-to-one on): story pair F1 >= 0.98 on the full set and on three
    variants with half the stories in one language only, for every threshold
    from 0.10 to 0.16; 0.12 is the one value where all four reach 1.0. The
    margin is narrow: the hardest true pair scores 0.127, the highest false
    pair 0.112. The translated-text signal's defaults are not yet measured.
    """

    title: ClassVar[str] = "Stories"

    stories: bool = setting(
        True, "label every article with the story it tells across languages (`story`)", off="--no-stories")
    story_threshold: float = setting(
        0.12, "ordered IDF-weighted Jaccard of shared names, numbers and URLs at or above which two articles "
        "in different languages are one story", metavar="FLOAT")
    story_min_shared: int = setting(
        2, "rare names/numbers/URLs two articles must share to be compared", metavar="N")
    story_one_to_one: bool = setting(
        True, "an article pairs with at most one article per other language (greedy by score)",
        off="--story-many-to-many")
    story_translated_threshold: float = setting(
        0.3, "Jaccard of word n-gram sets of translated text for a story pair (not yet measured)",
        metavar="FLOAT")
    story_translated_ngram: int = setting(
        2, "words per shingle of translated text for a story pair (not yet measured)", metavar="N")
    drop_story_duplicates: bool = setting(
        False, "keep one article per story (by `--keep`); the others go to `duplicates.jsonl`")

    def check(self) -> None:
        in_unit_interval("story_threshold", self.story_threshold)
        in_unit_interval("story_translated_threshold", self.story_translated_threshold)
        at_least("story_min_shared", self.story_min_shared, 1)
        at_least("story_translated_ngram", self.story_translated_ngram, 1)


@dataclass(frozen=True)
class HookSettings(Section):
    """The pre-commit hooks and their persistent index of the committed corpus."""

    title: ClassVar[str] = "Hooks"

    index: str | None = setting(
        None, "where the pre-commit hooks keep their index: a SQLite file (relative to the corpus root) or "
        "`redis://HOST:PORT/DB` (see [Pre-commit](#pre-commit-keep-a-corpus-in-git-clean))",
        metavar="LOCATION", default_text="`.newsmill/index.sqlite`")
    ignore: tuple[str, ...] = setting(
        (), "repeatable; corpus files (relative to the repository root) the hooks and the index leave alone",
        metavar="GLOB", default_text="none")
    languages: tuple[str, ...] = setting(
        (), "repeatable; the hooks report an article in any other language", metavar="CODE", default_text="any")


@dataclass(frozen=True)
class OutputSettings(Section):
    """What is written, and how."""

    title: ClassVar[str] = "Output"

    keep_duplicates: bool = setting(
        False, "write every article to `articles.jsonl`, duplicates marked", off="--drop-duplicates")
    dry_run: bool = setting(
        False, "write only `removed.jsonl` and `report.json` (stage commands without `-o`: the removals on stdout)")
    format: str = setting(
        "jsonl", "`text` also writes `text/PATH`, one cleaned dump per input file (stage commands: a dump on "
        "stdout)", metavar="FORMAT")
    gzip: bool = setting(
        False, "gzip what is written: `.gz` is added to every file but `report.json`; stdout is compressed too")

    def check(self) -> None:
        one_of("format", self.format, OUTPUT_FORMATS)
