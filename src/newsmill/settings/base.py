"""What every settings section shares: the metadata of its fields and the type checks.

A setting is a field of a frozen section dataclass declared with
:func:`setting`: its default, its help text and how it reads on the command
line live in the field's metadata (an :class:`Option`), so that the typer
options (:mod:`newsmill.cli.options`) and the README's options table
(:mod:`newsmill.cli.docs`) are generated from the one declaration. A field's
name is its name everywhere: ``[tool.newsmill]`` key, ``newsmill.Config``
keyword, ``report.json`` key, and (dashed) its long option.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import Field, dataclass, field, fields
from typing import Any, ClassVar

from ..errors import UsageError

OPTION = "newsmill.option"  # the field metadata key holding a setting's Option


class SettingError(UsageError):
    """A setting's value is of the wrong type or out of range: ``"<setting> <problem>"``.

    The library names settings as ``newsmill.Config`` keywords; the CLI
    re-words the message with the options' flags (:meth:`worded`). ``problem``
    may mention other settings: ``{}`` placeholders filled with ``mentions``.
    """

    def __init__(self, setting: str, problem: str, mentions: tuple[str, ...] = ()) -> None:
        self.setting = setting
        self.problem = problem
        self.mentions = mentions
        super().__init__(self.worded(str))

    def worded(self, name: Callable[[str], str]) -> str:
        """The message with each setting called ``name(setting)``."""
        problem = self.problem.format(*map(name, self.mentions)) if self.mentions else self.problem
        return f"{name(self.setting)} {problem}"


@dataclass(frozen=True)
class Option:
    """How a setting reads on the command line and in the README's options table.

    help
        One sentence: what the setting does (the README's "meaning" column too).
    flags
        The option's names (default: ``--`` and the field name with dashes).
    off
        For a boolean that defaults on or needs a name for "off": the flag that
        turns it off (``--no-translate``); other booleans get ``--no-NAME``.
    metavar
        What the value is, in the usage line (``FLOAT``, ``GLOB``, ``PATH``).
    default_text
        The default in words where the value alone says little (``every core``).
    file_only
        Only in ``[tool.newsmill]`` (a table does not fit on a command line).
    """

    help: str
    flags: tuple[str, ...] = ()
    off: str | None = None
    metavar: str | None = None
    default_text: str | None = None
    file_only: bool = False


def setting(default: Any, help: str, **option: Any) -> Any:
    """A section field: ``default`` and the :class:`Option` built from ``help`` and ``option``."""
    metadata = {OPTION: Option(help, **option)}
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def option_of(setting_field: Field[Any]) -> Option:
    option: Option = setting_field.metadata[OPTION]
    return option


@dataclass(frozen=True)
class _Type:
    """What a value must be for a field of one annotation, in words a ``[tool.newsmill]`` table understands."""

    name: str
    scalar: type | tuple[type, ...]
    list_of: bool = False
    #: What a command-line option of this type parses (``None``: a setting of the file only).
    parsed: Any = None

    def accepts(self, value: Any) -> bool:
        if self.list_of:
            return isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)
        # Booleans are Python ints too; a number field takes no true/false.
        if isinstance(value, bool) and self.scalar is not bool:
            return False
        return isinstance(value, self.scalar)


# Annotations (strings, under postponed evaluation) → what a value must be.
TYPES = {
    "float": _Type("a number", (int, float), parsed=float),
    "int": _Type("an integer", int, parsed=int),
    "bool": _Type("true or false", bool, parsed=bool),
    "str": _Type("a string", str, parsed=str),
    "str | None": _Type("a string", str, parsed=str),
    "tuple[str, ...]": _Type("a list of strings", str, list_of=True, parsed=list[str]),
    "dict[str, dict[str, str]]": _Type("a table of path globs", dict),
}


@dataclass(frozen=True)
class Section:
    """Base of the settings sections: checks each field's type, then the section's own rules (:meth:`check`).

    ``title`` names the section in ``--help`` (a panel of options) and in the README.
    """

    title: ClassVar[str]

    def __post_init__(self) -> None:
        for setting_field in fields(self):
            value = getattr(self, setting_field.name)
            expected = TYPES[str(setting_field.type)]
            if not expected.accepts(value) and not (value is None and setting_field.default is None):
                raise SettingError(setting_field.name, f"must be {expected.name}, got {value!r}")
            if expected.list_of:  # lists in TOML, tuples here
                object.__setattr__(self, setting_field.name, tuple(value))
        self.check()

    def check(self) -> None:
        """Raise :class:`SettingError` when a value is out of its range (each section says its rules)."""


def in_unit_interval(name: str, value: float) -> None:
    """``value`` must be in (0, 1] (a Jaccard threshold)."""
    if not 0.0 < value <= 1.0:
        raise SettingError(name, f"must be in (0, 1], got {value}")


def at_least(name: str, value: int, least: int) -> None:
    if value < least:
        raise SettingError(name, f"must be at least {least}, got {value}")


def one_of(name: str, value: str, choices: Iterable[str], also: str = "") -> None:
    """``value`` must be one of ``choices`` (``also``: words for further values the caller accepts)."""
    choices = tuple(choices)
    if value not in choices:
        listed = ", ".join(choices) + (f" or {also}" if also else "")
        raise SettingError(name, f"must be one of {listed}, got {value!r}")


def regexes(name: str, patterns: Iterable[str]) -> None:
    """Each of ``patterns`` must compile as a Python regex."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise SettingError(name, f"is not a valid regex: {pattern!r}: {error}") from None
