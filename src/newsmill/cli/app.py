"""The ``newsmill`` app, and how every command is declared, run and turns errors into exit codes.

:func:`command` registers a function as a command with its own parameters,
the options of the settings it names (:mod:`.options`) and the shared
options it names (``--config``, ``--json``, ``--quiet``, ``--debug``), and
runs it inside :func:`reporting_errors`: the exit-code contract of
:mod:`newsmill.errors` in one place.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from .. import config as settings_files
from ..config import Config
from ..errors import EXIT_INPUT, EXIT_INTERNAL, ISSUE_TRACKER, NewsmillError, stdout_closed
from ..settings import SettingError
from .options import COMMON, as_option_error, given_settings, settings_parameters


class OneLineErrors(TyperGroup):
    """Usage errors as one line on stderr (exit 2), like every other newsmill error;
    a group called without a command prints its help on stderr (exit 2)."""

    def get_params(self, ctx: typer.Context) -> list[Any]:  # type: ignore[override]
        return _without_python_types(super().get_params(ctx))

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help(), err=True)
            raise typer.Exit(EXIT_INPUT)
        return super().parse_args(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(
                args, prog_name, complete_var, standalone_mode=False, windows_expand_args=windows_expand_args, **extra
            )
        except typer.TyperException as error:  # click's usage errors ("No such option: …")
            if not standalone_mode:
                raise
            typer.echo(f"newsmill: error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo("newsmill: interrupted; nothing was written", err=True)
            sys.exit(130)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


class ReadableUsage(TyperCommand):
    """A command whose usage line and help name its arguments by their metavar (``INPUT...``,
    ``[FILE...]``) and print no Python type beside them (typer's ``<list[Path]>``, ``<bool>``)."""

    def get_params(self, ctx: typer.Context) -> list[Any]:  # type: ignore[override]
        return _without_python_types(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        pieces = [self.options_metavar or "[OPTIONS]"]
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required else f"[{name}]")
        return pieces


def _without_python_types(params: list[Any]) -> list[Any]:
    """Help shows an argument by its metavar alone and a flag without a value type."""
    for param in params:
        if param.param_type_name == "argument" and param.metavar:
            setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010 - replaces typer's method
        elif param.param_type_name == "option" and getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


def typer_app(help: str) -> typer.Typer:
    """A (sub-)app: one-line errors, ``-h``/``--help``, help grouped in panels (markdown)."""
    return typer.Typer(
        cls=OneLineErrors,
        help=help,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode="markdown",
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = typer_app(
    "Clean multilingual news corpora: split dumps, identify languages, strip boilerplate, drop duplicates.\n\n"
    "Example: newsmill run dumps/ -o out/"
)


def _print_version(given: bool) -> None:
    if given:
        from .. import __version__

        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _top(
    version: Optional[bool] = typer.Option(  # noqa: UP045 - typer reads the annotation at runtime
        None, "--version", metavar="", is_eager=True, callback=_print_version, help="Print newsmill's version and exit."
    ),
) -> None:
    pass  # the app's help is its own; this callback only adds --version


@contextlib.contextmanager
def reporting_errors(debug: bool) -> Iterator[None]:
    """Turn exceptions into the exit-code contract: one line on stderr, no traceback."""
    try:
        yield
    except typer.Exit:
        raise
    except BrokenPipeError:  # the reader of stdout closed it (``| head``): stop quietly
        raise typer.Exit(stdout_closed()) from None
    except NewsmillError as error:
        typer.echo(f"newsmill: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("newsmill: interrupted; nothing was written", err=True)
        raise typer.Exit(130) from None
    except Exception as error:  # every other failure is a bug in newsmill
        if debug:
            traceback.print_exc()
        typer.echo(
            f"newsmill: internal error: {type(error).__name__}: {error} "
            f"(please report it at {ISSUE_TRACKER}; rerun with --debug for the traceback)",
            err=True,
        )
        raise typer.Exit(EXIT_INTERNAL) from None


def resolve(settings: dict[str, Any], config_file: Path | None, start: Path | None = None) -> Config:
    """:func:`newsmill.config.resolve`, its errors about flags worded with the flag."""
    try:
        return settings_files.resolve(settings, config_file, start)
    except SettingError as error:
        raise as_option_error(error) from None


def command(
    on: typer.Typer, name: str | None = None, *, settings: Sequence[str] = (), common: Sequence[str] = ()
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as command ``name`` of ``on``.

    Its parameters are the function's own, then one option per setting of
    ``settings`` (section or setting names) and the ``common`` options, then
    ``--debug``. The function gets the settings given as ``settings`` (a
    dict) when it has that parameter, and each common option it names.
    """

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        own = inspect.signature(function, eval_str=True).parameters
        parameters = [p for n, p in own.items() if n != "settings" and n not in COMMON]
        shared = [n for n in own if n in COMMON and n not in common]
        if shared:
            raise TypeError(f"{function.__name__}: parameters {shared} name shared options not in common={common}")
        parameters += settings_parameters(settings)
        parameters += [COMMON[n] for n in (*common, "debug")]

        def run(**values: Any) -> Any:
            arguments = {n: v for n, v in values.items() if n in own}
            if "settings" in own:
                arguments["settings"] = given_settings(values)
            with reporting_errors(values["debug"]):
                return function(**arguments)

        run.__name__, run.__doc__ = function.__name__, function.__doc__
        run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        on.command(name, cls=ReadableUsage)(run)
        return function

    return register
