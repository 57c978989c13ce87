"""The ``newsmill`` command: a thin layer over the library API.

Data goes to files (``-o DIR``) or stdout; summaries and errors go to
stderr. Exit codes follow :mod:`newsmill.errors` in every subcommand.
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer

from .config import resolve
from .errors import EXIT_INTERNAL, ISSUE_TRACKER, NewsmillError
from .pipeline import clean, iter_summary_lines

app = typer.Typer(
    name="newsmill",
    help="Clean multilingual news corpora: split dumps, identify languages, "
    "strip boilerplate, drop duplicates.\n\nExample: newsmill run dumps/ -o out/",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

InputsArg = Annotated[
    list[Path], typer.Argument(help="Text dumps, JSONL files or directories.", show_default=False)
]
# Pipeline options default to None ("not given") so that [tool.newsmill] can
# fill them; newsmill.config.Config holds the real defaults.
ThresholdOpt = Annotated[
    Optional[float],
    typer.Option("--threshold", help="Near-duplicate Jaccard threshold (copy level). [default: 0.7]"),
]
NgramOpt = Annotated[Optional[int], typer.Option("--ngram", help="Words per shingle. [default: 3]")]
NumPermOpt = Annotated[
    Optional[int], typer.Option("--num-perm", help="MinHash permutations. [default: 128]")
]
MinCountOpt = Annotated[
    Optional[int],
    typer.Option(
        "--boilerplate-min-count",
        help="A paragraph in at least this many distinct articles is boilerplate. [default: 2]",
    ),
]
KeepOpt = Annotated[
    Optional[str],
    typer.Option(
        "--keep",
        help="Survivor of a cluster: longest, first, source-order, lang:CODE. [default: longest]",
    ),
]
KeepDuplicatesOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--keep-duplicates/--drop-duplicates",
        help="Also write duplicates to articles.jsonl, marked. [default: drop]",
        show_default=False,
    ),
]
SeparatorOpt = Annotated[
    Optional[str],
    typer.Option("--separator", help="Regex: a matching line separates articles in text dumps."),
]
ConfigOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--config",
        help="TOML file with a [tool.newsmill] table. [default: the nearest pyproject.toml]",
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]


@contextlib.contextmanager
def reporting_errors(debug: bool) -> Iterator[None]:
    """Turn exceptions into the exit-code contract: one line on stderr, no traceback."""
    try:
        yield
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


@app.command()
def run(
    inputs: InputsArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Results directory (replaced as a whole).")
    ],
    threshold: ThresholdOpt = None,
    ngram: NgramOpt = None,
    num_perm: NumPermOpt = None,
    boilerplate_min_count: MinCountOpt = None,
    keep: KeepOpt = None,
    keep_duplicates: KeepDuplicatesOpt = None,
    separator: SeparatorOpt = None,
    config_file: ConfigOpt = None,
    json_summary: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON on stdout.")
    ] = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Run the whole pipeline: split, langid, boilerplate, dedupe.

    Example: newsmill run dumps/ -o out/ --threshold 0.8
    """
    with reporting_errors(debug):
        config = resolve(
            {
                "threshold": threshold,
                "ngram": ngram,
                "num_perm": num_perm,
                "boilerplate_min_count": boilerplate_min_count,
                "keep": keep,
                "keep_duplicates": keep_duplicates,
                "separator": separator,
            },
            config_file,
        )
        results = clean(inputs, config)
        results.write(output)
        if json_summary:
            typer.echo(json.dumps(results.report, indent=2, ensure_ascii=False))
        if not quiet:
            for line in iter_summary_lines(results.report):
                typer.echo(line, err=True)
            typer.echo(f"results: {output}", err=True)


@app.command()
def version() -> None:
    """Print newsmill's version.

    Example: newsmill version
    """
    from . import __version__

    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
