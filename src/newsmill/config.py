"""The settings every stage reads, under the names the CLI and ``[tool.newsmill]`` use.

A field ``boilerplate_min_count`` is ``--boilerplate-min-count`` on the command
line and ``boilerplate_min_count`` in a configuration file. Settings come from,
in increasing priority: the defaults below, the ``[tool.newsmill]`` table of
the nearest ``pyproject.toml`` (or ``--config FILE``), and command-line flags.
"""

from __future__ import annotations

import re
import sys
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_args

from .errors import InputError, UsageError
from .ingest.split import SplitRule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

KEEP_POLICIES = ("longest", "first", "source-order")
INPUT_FORMATS = ("text", "jsonl")
OUTPUT_FORMATS = ("jsonl", "text")
DEFAULT_INCLUDE = ("*.txt", "*.jsonl", "*.txt.gz", "*.jsonl.gz")
ENGINES = ("local", "dask")
#: Where translation runs: ``auto`` is CUDA when a GPU is visible, else the CPU.
Device = Literal["auto", "cpu", "cuda"]
DEVICES: tuple[Device, ...] = get_args(Device)


@dataclass(frozen=True)
class _Type:
    """What a value must be for a :class:`Config` field of one annotation, in words
    a ``[tool.newsmill]`` table understands."""

    name: str
    scalar: type | tuple[type, ...]
    list_of: bool = False

    def accepts(self, value: Any) -> bool:
        if self.list_of:
            return isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)
        # Booleans are Python ints too; a number field takes no true/false.
        if isinstance(value, bool) and self.scalar is not bool:
            return False
        return isinstance(value, self.scalar)


# Config's annotations (strings, under postponed evaluation) → what a value must be.
_TYPES = {
    "float": _Type("a number", (int, float)),
    "int": _Type("an integer", int),
    "bool": _Type("true or false", bool),
    "str": _Type("a string", str),
    "Device": _Type("a string", str),
    "str | None": _Type("a string", str),
    "tuple[str, ...]": _Type("a list of strings", str, list_of=True),
    "dict[str, dict[str, str]]": _Type("a table of path globs", dict),
}


@dataclass(frozen=True)
class Config:
    """Pipeline settings.

    threshold
        Jaccard similarity of word n-gram shingle sets at or above which two
        articles are near duplicates (copy level).
    ngram
        Words per shingle.
    num_perm
        MinHash permutations; more give a closer Jaccard estimate and cost
        proportionally more time.
    boilerplate_min_count
        A paragraph recurring in at least this many distinct articles (after
        collapsing duplicate articles) is boilerplate.
    keep
        Which article of a duplicate cluster survives: ``longest`` (ties by
        first seen), ``first``, ``source-order`` (earliest input path, then
        line) or ``lang:CODE`` (prefer a language, then longest).
    keep_duplicates
        Write dropped duplicates into ``articles.jsonl`` too, marked.
    separator
        Regex; when given, a line it matches separates articles in text dumps
        (and is dropped) instead of the built-in splitter.
    split
        Per-path splitting rules (configuration file only): a table
        ``[tool.newsmill.split."GLOB"]`` with ``headline`` and/or ``closer``
        regexes for the text dumps GLOB matches (as ``include`` matches);
        see :class:`newsmill.ingest.split.SplitRule`.
    jobs
        Worker processes for langid and dedupe (local engine) or workers of
        the Dask ``LocalCluster`` (dedupe); 0 means every core. Results do not
        depend on it.
    engine
        Where dedupe runs: ``local`` (processes on this machine) or ``dask``
        (Dask distributed; needs the ``dask`` extra). Results are the same.
    scheduler
        Address of an existing Dask scheduler (``tcp://HOST:PORT``) for
        ``engine = "dask"``; without it a ``LocalCluster`` of ``jobs`` workers
        is started for the run.
    index
        Where the pre-commit hooks keep their persistent index: a SQLite file
        path (relative to the corpus root) or ``redis://host:port/db``;
        ``None`` is ``.newsmill/index.sqlite`` at the corpus root.
    ignore
        Glob patterns (``fnmatch`` syntax, relative to the corpus root) of
        ``.txt``/``.jsonl`` files that the hooks and the index leave alone.
    languages
        Language codes the corpus may hold; when given, the hooks report an
        article in any other language. Empty: every language is fine.
    strip_junk
        Also remove one-off page junk (:mod:`newsmill.boilerplate.junk`): placeholders,
        glued icon text, bare photo credits, promo lines.
    always_keep, always_remove
        Regexes (``re.search`` on a paragraph's text): a paragraph matching
        ``always_keep`` is never removed; one matching ``always_remove`` always
        is (reason ``always-remove``). ``always_keep`` wins.
    dry_run
        Write only ``removed.jsonl`` and ``report.json`` (a preview of what
        would go).
    include, exclude
        Globs choosing the files read from directories: a glob with a ``/``
        matches the path relative to the directory, one without matches the
        file name. ``include`` replaces the default (``*.txt``, ``*.jsonl``
        and their ``.gz``).
    input_format
        ``text`` or ``jsonl`` for every input, instead of guessing from the
        file name (stdin is sniffed).
    format
        Output of the cleaned articles: ``jsonl`` (default), or ``text``: one
        cleaned dump per input file, which newsmill splits back into the same
        articles.
    gzip
        Compress what is written (JSONL files and text dumps, ``.gz`` added).
    translate
        Translate articles in ``translate_from`` to ``translate_to`` when an
        argos model for the pair is installed (``--from``/``--to`` on the
        command line). Without a model the text stays, marked untranslated.
    batch_size, beam_size, threads, device, max_decoding_length
        CTranslate2 decoding: tokens per batch, beam width, CPU threads (0:
        CTranslate2's default), ``cpu``/``cuda``/``auto``, and the most
        tokens generated per sentence.
    cache_dir
        Directory of the translation cache (default: the platform cache
        directory, or ``$NEWSMILL_CACHE_DIR``).
    require_translation
        Exit 1 when an article that needed translating stayed untranslated.
    stories
        Label the articles that tell one story in different languages with a
        shared ``story`` id (:mod:`newsmill.story`).
    story_threshold, story_min_shared, story_one_to_one
        Anchor signal (names, numbers, URLs kept by translation): the ordered
        IDF-weighted Jaccard at or above which two articles are one story,
        the rare anchors they must share to be compared, and whether an
        article pairs with at most one article per other language.
    story_translated_threshold, story_translated_ngram
        Translated-text signal: Jaccard of word n-gram sets (not yet measured).
    drop_story_duplicates
        Keep one article per story (by ``keep``); the others go to
        ``duplicates.jsonl``.
    """

    threshold: float = 0.7
    ngram: int = 3
    num_perm: int = 128
    boilerplate_min_count: int = 2
    keep: str = "longest"
    keep_duplicates: bool = False
    separator: str | None = None
    split: dict[str, dict[str, str]] = field(default_factory=dict)
    jobs: int = 0
    engine: str = "local"
    scheduler: str | None = None
    index: str | None = None
    ignore: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    strip_junk: bool = False
    always_keep: tuple[str, ...] = ()
    always_remove: tuple[str, ...] = ()
    dry_run: bool = False
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    input_format: str | None = None
    format: str = "jsonl"
    gzip: bool = False
    translate: bool = True
    translate_from: str = "nl"
    translate_to: str = "en"
    batch_size: int = 2048
    beam_size: int = 4
    threads: int = 0
    device: Device = "auto"
    max_decoding_length: int = 256
    cache_dir: str | None = None
    require_translation: bool = False
    stories: bool = True
    story_threshold: float = 0.12
    story_min_shared: int = 2
    story_one_to_one: bool = True
    story_translated_threshold: float = 0.3
    story_translated_ngram: int = 2
    drop_story_duplicates: bool = False

    def __post_init__(self) -> None:
        for setting in fields(self):
            value = getattr(self, setting.name)
            expected = _TYPES[str(setting.type)]
            if not expected.accepts(value) and not (value is None and setting.default is None):
                raise UsageError(f"{setting.name} must be {expected.name}, got {value!r}")
            if expected.list_of:  # lists in TOML, tuples here
                object.__setattr__(self, setting.name, tuple(value))
        if not 0.0 < self.threshold <= 1.0:
            raise UsageError(f"--threshold must be in (0, 1], got {self.threshold}")
        if self.ngram < 1:
            raise UsageError(f"--ngram must be at least 1, got {self.ngram}")
        if self.num_perm < 2:
            raise UsageError(f"--num-perm must be at least 2, got {self.num_perm}")
        if self.boilerplate_min_count < 2:
            raise UsageError(
                f"--boilerplate-min-count must be at least 2, got {self.boilerplate_min_count}"
            )
        if self.keep not in KEEP_POLICIES and not (
            self.keep.startswith("lang:") and len(self.keep) > 5
        ):
            raise UsageError(
                f"--keep must be one of {', '.join(KEEP_POLICIES)} or lang:CODE, got {self.keep!r}"
            )
        if self.jobs < 0:
            raise UsageError(f"--jobs must be 0 (every core) or more, got {self.jobs}")
        if self.engine not in ENGINES:
            raise UsageError(f"--engine must be one of {', '.join(ENGINES)}, got {self.engine!r}")
        if self.scheduler is not None and self.engine != "dask":
            raise UsageError("--scheduler needs --engine dask")
        for option, patterns in (
            ("--separator", () if self.separator is None else (self.separator,)),
            ("--always-keep", self.always_keep),
            ("--always-remove", self.always_remove),
        ):
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as error:
                    raise UsageError(f"{option} is not a valid regex: {pattern!r}: {error}") from None
        for glob, table in self.split.items():
            try:
                SplitRule.from_table(glob, table)
            except ValueError as error:
                raise UsageError(str(error)) from None
        if self.input_format is not None and self.input_format not in INPUT_FORMATS:
            raise UsageError(
                f"--input-format must be one of {', '.join(INPUT_FORMATS)}, got {self.input_format!r}"
            )
        if self.device not in DEVICES:
            raise UsageError(f"--device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        for option, value in (("--batch-size", self.batch_size), ("--beam-size", self.beam_size),
                              ("--max-decoding-length", self.max_decoding_length)):
            if value < 1:
                raise UsageError(f"{option} must be at least 1, got {value}")
        if self.format not in OUTPUT_FORMATS:
            raise UsageError(f"--format must be one of {', '.join(OUTPUT_FORMATS)}, got {self.format!r}")

        for option, value in (
            ("--story-threshold", self.story_threshold),
            ("--story-translated-threshold", self.story_translated_threshold),
        ):
            if not 0.0 < value <= 1.0:
                raise UsageError(f"{option} must be in (0, 1], got {value}")
        for option, value in (
            ("--story-min-shared", self.story_min_shared),
            ("--story-translated-ngram", self.story_translated_ngram),
        ):
            if value < 1:
                raise UsageError(f"{option} must be at least 1, got {value}")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a ``[tool.newsmill]`` table."""
    for directory in [start, *start.parents]:
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and b"[tool.newsmill" in candidate.read_bytes():
            return candidate
    return None


def read_table(path: Path) -> dict[str, Any]:
    """The ``[tool.newsmill]`` table of ``path``, checked against :class:`Config`'s fields."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(str(path), f"cannot read configuration: {error}") from None
    table = document.get("tool", {}).get("newsmill", {})
    known = {f.name for f in fields(Config)}
    for key in table:
        if key not in known:
            hint = " (use underscores in the file)" if key.replace("-", "_") in known else ""
            raise InputError(str(path), f"unknown [tool.newsmill] key {key!r}{hint}")
    return table


def resolve(cli: dict[str, Any], config_file: Path | None = None, start: Path | None = None) -> Config:
    """Merge defaults, the configuration file and the flags given (``None`` = not given)."""
    path = config_file or find_pyproject(start or Path.cwd())
    from_file = read_table(path) if path else {}
    if from_file:
        try:
            Config(**from_file)
        except UsageError as error:  # a value of the wrong type, or out of its range
            raise InputError(str(path), f"[tool.newsmill] {error}") from None
    flags = {key: value for key, value in cli.items() if value is not None}
    return Config(**{**from_file, **flags})
