"""``newsmill check``/``fix`` (the pre-commit hooks) and ``newsmill index …`` (their index)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import stages
from ..config import Config
from ..errors import EXIT_FINDINGS
from ..hook import check as hook_check
from ..hook import fix as hook_fix
from ..index import Index, check_format, open_index
from ..index import update as update_index
from ..index import verify as verify_index
from ..index.git import toplevel
from ..progress import progress_bars
from .app import app, command, resolve, typer_app

HookFiles = Annotated[
    Optional[list[Path]],  # noqa: UP045 - typer reads the annotation at runtime
    typer.Argument(metavar="FILE...", help="Files to check (pre-commit passes the staged ones). "
                   "[default: every staged file]", show_default=False),
]


def _corpus(settings: dict[str, Any], config_file: Path | None) -> tuple[Path, Config, Index]:
    """The corpus root (the git work tree around the current directory), its configuration
    (``[tool.newsmill]`` of its ``pyproject.toml``, then the flags; only what indexing reads) and its index."""
    root = toplevel(Path.cwd())
    config = resolve(settings, config_file, start=root).only(stages.INDEX_SETTINGS)
    return root, config, open_index(config.hooks.index, root, config)


@command(app, settings=stages.HOOK_SETTINGS, common=("config_file", "quiet"))
def check(files: HookFiles = None, *, settings: dict[str, Any], config_file: Path | None, quiet: bool) -> None:
    """Pre-commit check: report what newsmill run would remove from the files (duplicates of
    committed articles or of each other, signature lines, boilerplate, junk with --strip-junk);
    exit 1 with one line per finding.

    Example: newsmill check dumps/new.txt
    """
    config = resolve(settings, config_file, start=toplevel(Path.cwd()))
    checked = hook_check(files or [], Path.cwd(), config)
    _report(checked.exit_code, [f.line() for f in checked.findings], len(checked.paths), quiet)


@command(app, settings=stages.HOOK_SETTINGS, common=("config_file", "quiet"))
def fix(files: HookFiles = None, *, settings: dict[str, Any], config_file: Path | None, quiet: bool) -> None:
    """Pre-commit fix: remove from the files what check reports, as newsmill run would (logged
    in .newsmill/); exit 1 when a file changed.

    Example: newsmill fix dumps/new.txt
    """
    config = resolve(settings, config_file, start=toplevel(Path.cwd()))
    fixed = hook_fix(files or [], Path.cwd(), config)
    _report(fixed.exit_code, fixed.lines(), len(fixed.paths), quiet)


def _report(code: int, lines: list[str], files: int, quiet: bool) -> None:
    """A hook's lines on stdout, then its exit code."""
    for line in lines:
        typer.echo(line)
    if not quiet and code == 0:
        typer.echo(f"newsmill: {files} files clean", err=True)
    raise typer.Exit(code)


index_app = typer_app(
    "The persistent index of the committed corpus that check and fix use.\n\nExample: newsmill index update"
)
app.add_typer(index_app, name="index")


@command(index_app, "build", settings=stages.INDEX_SETTINGS, common=("config_file", "quiet"))
def index_build(*, settings: dict[str, Any], config_file: Path | None, quiet: bool) -> None:
    """Build the index from scratch from the committed tree (replaces any index there).

    Example: newsmill index build --index redis://localhost:6379/0
    """
    _sync(True, settings, config_file, quiet)


@command(index_app, "update", settings=stages.INDEX_SETTINGS, common=("config_file", "quiet"))
def index_update(*, settings: dict[str, Any], config_file: Path | None, quiet: bool) -> None:
    """Index the files committed since the last update (builds a missing index).

    Example: newsmill index update
    """
    _sync(False, settings, config_file, quiet)


def _sync(rebuild: bool, settings: dict[str, Any], config_file: Path | None, quiet: bool) -> None:
    root, config, index = _corpus(settings, config_file)
    with index, progress_bars(quiet) as progress:
        summary = update_index(index, root, config, rebuild=rebuild, progress=progress)
    if not quiet:
        typer.echo(f"{summary.line()} ({index.location})", err=True)


@command(index_app, "stats", settings=("index",), common=("config_file",))
def index_stats(
    json_output: Annotated[bool, typer.Option("--json", metavar="", help="Print the numbers as JSON.")] = False,
    *,
    settings: dict[str, Any],
    config_file: Path | None,
) -> None:
    """Print what the index holds: files, articles, paragraphs, format and parameters.

    Example: newsmill index stats
    """
    _, _, opened = _corpus(settings, config_file)
    with opened:
        check_format(opened)
        stats = {"location": opened.location, **opened.counts(), "meta": opened.meta()}
    if json_output:
        typer.echo(json.dumps(stats, indent=2))
    else:
        for name, value in stats.items():
            typer.echo(f"{name}: {value}")


@command(index_app, "verify", settings=stages.INDEX_SETTINGS, common=("config_file", "quiet"))
def index_verify(*, settings: dict[str, Any], config_file: Path | None, quiet: bool) -> None:
    """Check that the index is whole and describes HEAD; exit 1 with one line per problem.

    Example: newsmill index verify
    """
    root, config, opened = _corpus(settings, config_file)
    with opened:
        problems = verify_index(opened, root, config)
    for line in problems:
        typer.echo(line)
    if not quiet and not problems:
        typer.echo(f"index: sound and current ({opened.location})", err=True)
    raise typer.Exit(EXIT_FINDINGS if problems else 0)


@command(index_app, "clear", settings=("index",), common=("config_file", "quiet"))
def index_clear(*, settings: dict[str, Any], config_file: Path | None, quiet: bool) -> None:
    """Remove every entry of the index (the next check rebuilds it).

    Example: newsmill index clear
    """
    _, _, opened = _corpus(settings, config_file)
    with opened, opened.writing() as writer:
        writer.clear()
    if not quiet:
        typer.echo(f"index: cleared ({opened.location})", err=True)
