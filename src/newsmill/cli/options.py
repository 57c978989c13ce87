"""Typer options built from the settings' field metadata, and the options every command shares.

A command names the settings it takes (section names or single settings);
:func:`settings_parameters` makes one keyword parameter per setting, with
the flags, help, metavar, default text and help panel its
:class:`~newsmill.settings.Option` declares. Every such parameter defaults
to ``None`` ("not given"), so that ``[tool.newsmill]`` can fill it: the real
defaults are the settings' own.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import Field, fields
from pathlib import Path
from typing import Any, Optional

import typer

from ..config import FLAT_NAMES, SECTIONS
from ..errors import UsageError
from ..settings import Option, SettingError, option_of
from ..settings.base import TYPES


def setting_field(name: str) -> Field[Any]:
    """The section field that declares setting ``name``."""
    return next(f for f in fields(SECTIONS[FLAT_NAMES[name]]) if f.name == name)


def flags_of(name: str) -> tuple[str, ...]:
    """The option names of setting ``name`` (``--`` and the name with dashes unless declared)."""
    return option_of(setting_field(name)).flags or ("--" + name.replace("_", "-"),)


def default_text(name: str) -> str:
    """Setting ``name``'s default, as help and the README show it."""
    declared = setting_field(name)
    option = option_of(declared)
    if option.default_text is not None:
        return option.default_text
    value = declared.default  # a table (``split``) has a factory, and no option
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return ", ".join(f"`{item}`" for item in value) or "none"
    return f"`{value}`" if isinstance(value, str) else str(value)


def pipeline_order() -> list[str]:
    """Every setting on the command line, section by section in the pipeline's order (as help shows them)."""
    return [f.name for section in SECTIONS.values() for f in fields(section) if not option_of(f).file_only]


def expand(selection: Iterable[str]) -> list[str]:
    """Setting names of ``selection`` (section names or setting names), each once, in :func:`pipeline_order`."""
    chosen = set()
    for item in selection:
        chosen |= {f.name for f in fields(SECTIONS[item])} if item in SECTIONS else {item}
    return [name for name in pipeline_order() if name in chosen]


def help_text(name: str) -> str:
    """Setting ``name``'s help, as a sentence with its default."""
    help = option_of(setting_field(name)).help
    return f"{help[0].upper()}{help[1:]}. [default: {default_text(name)}]"


def _parameter(name: str) -> inspect.Parameter:
    declared = setting_field(name)
    option: Option = option_of(declared)
    flags = flags_of(name)
    if option.off:
        flags = (f"{flags[0]}/{option.off}", *flags[1:])
    info = typer.Option(
        None,
        *flags,
        help=help_text(name),
        metavar="" if option.metavar is None else option.metavar,  # a flag takes no value to name
        show_default=False,
        rich_help_panel=SECTIONS[FLAT_NAMES[name]].title,
    )
    annotation: Any = Optional[TYPES[str(declared.type)].parsed]  # noqa: UP045 - typer reads the annotation at runtime
    return parameter(name, annotation, info)


def settings_parameters(selection: Iterable[str]) -> list[inspect.Parameter]:
    """One typer option per setting of ``selection``."""
    return [_parameter(name) for name in expand(selection)]


def given_settings(values: dict[str, Any]) -> dict[str, Any]:
    """The settings among a command's parameter ``values`` that were given (lists as tuples)."""
    return {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in values.items()
        if name in FLAT_NAMES and value is not None
    }


def as_option_error(error: SettingError) -> UsageError:
    """``error`` worded with the options' flags (``--threshold must be in (0, 1], got 2``)."""
    return UsageError(error.worded(lambda name: flags_of(name)[0]))


def parameter(name: str, annotation: Any, info: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=info, annotation=annotation)


#: The options that are no setting of a stage, each declared once; commands pick theirs by name.
COMMON: dict[str, inspect.Parameter] = {
    "config_file": parameter(
        "config_file", Optional[Path],  # noqa: UP045
        typer.Option(None, "--config", metavar="PATH",
                     help="TOML file with a [tool.newsmill] table. [default: the nearest pyproject.toml]")),
    "json_summary": parameter(
        "json_summary", bool,
        typer.Option(False, "--json", metavar="", help="Print the run's report as JSON: on stdout with -o DIR, "
                     "else on stderr after the data.")),
    "quiet": parameter("quiet", bool, typer.Option(False, "--quiet", "-q", metavar="",
                                                   help="Print nothing but errors.")),
    "debug": parameter("debug", bool, typer.Option(False, "--debug", metavar="",
                                                   help="Show tracebacks of internal errors.")),
}
