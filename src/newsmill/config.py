"""The settings of a run: the stages' sections gathered in :class:`Config`, and where they come from.

A setting ``boilerplate_min_count`` is ``--boilerplate-min-count`` on the
command line, ``boilerplate_min_count`` in a configuration file and a keyword
of ``Config``; it is declared once, in its section
(:mod:`newsmill.settings.sections`). Settings come from, in increasing
priority: the defaults, the ``[tool.newsmill]`` table of the nearest
``pyproject.toml`` (or ``--config FILE``), and command-line flags.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .settings import (
    BoilerplateSettings,
    DedupeSettings,
    HookSettings,
    IngestSettings,
    OutputSettings,
    Section,
    StorySettings,
    TranslateSettings,
    WorkerSettings,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# The sections, in the pipeline's order, by the attribute of Config that holds each
# ("translation" and "story": "translate" and "stories" are the flat names of their switches).
SECTIONS: dict[str, type[Section]] = {
    "ingest": IngestSettings,
    "workers": WorkerSettings,
    "boilerplate": BoilerplateSettings,
    "dedupe": DedupeSettings,
    "translation": TranslateSettings,
    "story": StorySettings,
    "hooks": HookSettings,
    "output": OutputSettings,
}

# Every flat name in the order of the contract (report.json's config block), with
# the section that holds it: the one place that maps the flat names onto the
# sections (tests/test_settings.py checks it against the sections' fields).
FLAT_NAMES: dict[str, str] = {
    "threshold": "dedupe",
    "ngram": "dedupe",
    "num_perm": "dedupe",
    "boilerplate_min_count": "boilerplate",
    "keep": "dedupe",
    "keep_duplicates": "output",
    "separator": "ingest",
    "split": "ingest",
    "jobs": "workers",
    "engine": "workers",
    "scheduler": "workers",
    "index": "hooks",
    "ignore": "hooks",
    "languages": "hooks",
    "strip_junk": "boilerplate",
    "always_keep": "boilerplate",
    "always_remove": "boilerplate",
    "dry_run": "output",
    "include": "ingest",
    "exclude": "ingest",
    "input_format": "ingest",
    "format": "output",
    "gzip": "output",
    "translate": "translation",
    "translate_from": "translation",
    "translate_to": "translation",
    "batch_size": "translation",
    "beam_size": "translation",
    "threads": "translation",
    "device": "translation",
    "max_decoding_length": "translation",
    "cache_dir": "translation",
    "require_translation": "translation",
    "stories": "story",
    "story_threshold": "story",
    "story_min_shared": "story",
    "story_one_to_one": "story",
    "story_translated_threshold": "story",
    "story_translated_ngram": "story",
    "drop_story_duplicates": "story",
}

@dataclass(frozen=True, init=False)
class Config:
    """Pipeline settings: one section per stage (see :mod:`newsmill.settings.sections` for each setting).

    Built from the flat names of the contract, ``Config(threshold=0.8,
    translate=False)``; each stage reads its own section
    (``config.dedupe.threshold``). ``config.threshold`` reads the same value
    through the flat name. Each section checks its values on construction and
    raises :class:`~newsmill.settings.SettingError` (a
    :class:`~newsmill.errors.UsageError`) naming the setting.
    """

    ingest: IngestSettings
    workers: WorkerSettings
    boilerplate: BoilerplateSettings
    dedupe: DedupeSettings
    translation: TranslateSettings
    story: StorySettings
    hooks: HookSettings
    output: OutputSettings

    def __init__(self, **settings: Any) -> None:
        unknown = sorted(settings.keys() - FLAT_NAMES.keys())
        if unknown:
            raise TypeError(f"Config() got unexpected keyword arguments: {', '.join(unknown)}")
        for name, section in SECTIONS.items():
            given = {f.name: settings[f.name] for f in fields(section) if f.name in settings}
            object.__setattr__(self, name, section(**given))

    def __getattr__(self, name: str) -> Any:
        """A setting by its flat name (``config.threshold`` is ``config.dedupe.threshold``)."""
        section = FLAT_NAMES.get(name)
        if section is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return getattr(getattr(self, section), name)

    def with_changes(self, section: str, **changes: Any) -> Config:
        """A copy whose ``section`` has ``changes`` (the story pass's signal B dedupes with its own
        threshold and n-gram size; a Dask worker runs a pass without a process pool of its own)."""
        current = getattr(self, section)
        copied = copy.copy(self)
        changed = current.replaced(**changes) if isinstance(current, _PartOf) else replace(current, **changes)
        object.__setattr__(copied, section, changed)
        return copied

    def only(self, names: Iterable[str]) -> Config:
        """A copy from which only ``names`` can be read: sections, or single settings of a section
        read in part, as a :class:`~newsmill.stages.Stage` declares what it reads. Reading anything
        else raises :class:`UndeclaredSetting`, so every run checks the stage table (from which the
        stage commands take their options) against what the stages really read."""
        allowed = set(names)
        copied = copy.copy(self)
        for name in SECTIONS:
            if name not in allowed:
                section = getattr(self, name)
                readable = frozenset(f.name for f in fields(section) if f.name in allowed)
                object.__setattr__(copied, name, _PartOf(name, section, readable))
        return copied

    def to_json(self) -> dict[str, Any]:
        """Every setting by its flat name, in the contract's order (``report.json``'s ``config``)."""
        return {name: copy.deepcopy(getattr(getattr(self, section), name)) for name, section in FLAT_NAMES.items()}


class UndeclaredSetting(AttributeError):
    """A stage read a setting its entry in :data:`newsmill.stages.STAGES` does not declare: a bug in newsmill."""


class _PartOf:
    """The settings of one section that a stage may read (see :meth:`Config.only`)."""

    __slots__ = ("_name", "_section", "_readable")

    def __init__(self, name: str, section: Section, readable: frozenset[str]) -> None:
        self._name, self._section, self._readable = name, section, readable

    def __getattr__(self, setting: str) -> Any:
        if setting in self._readable:
            return getattr(self._section, setting)
        raise UndeclaredSetting(f"{self._name}.{setting} is read by a stage that does not declare it")

    def replaced(self, **changes: Any) -> _PartOf:
        """The section with ``changes``, which the stage may then read too."""
        return _PartOf(self._name, replace(self._section, **changes), self._readable | changes.keys())

    def __reduce__(self) -> tuple[Any, ...]:  # to Dask workers as it is
        return (_PartOf, (self._name, self._section, self._readable))


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
    for key in table:
        if key not in FLAT_NAMES:
            hint = " (use underscores in the file)" if key.replace("-", "_") in FLAT_NAMES else ""
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
