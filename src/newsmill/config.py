"""The settings every stage reads, under the names the CLI and ``[tool.newsmill]`` use.

A field ``boilerplate_min_count`` is ``--boilerplate-min-count`` on the command
line and ``boilerplate_min_count`` in a configuration file. Settings come from,
in increasing priority: the defaults below, the ``[tool.newsmill]`` table of
the nearest ``pyproject.toml`` (or ``--config FILE``), and command-line flags.
"""

from __future__ import annotations

import re
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

KEEP_POLICIES = ("longest", "first", "source-order")


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
    """

    threshold: float = 0.7
    ngram: int = 3
    num_perm: int = 128
    boilerplate_min_count: int = 2
    keep: str = "longest"
    keep_duplicates: bool = False
    separator: str | None = None

    def __post_init__(self) -> None:
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
        if self.separator is not None:
            try:
                re.compile(self.separator)
            except re.error as error:
                raise UsageError(f"--separator is not a valid regex: {error}") from None

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
    settings = read_table(path) if path else {}
    settings.update({key: value for key, value in cli.items() if value is not None})
    try:
        return Config(**settings)
    except TypeError as error:
        raise UsageError(f"bad configuration value: {error}") from None
