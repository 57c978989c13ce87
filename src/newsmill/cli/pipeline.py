"""``newsmill run``, the stage commands (one per stage of :data:`newsmill.stages.COMMANDS`),
``report``, ``explain`` and ``version``.

Data goes to files (``-o DIR``) or stdout; summaries and errors go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import stages
from ..config import Config
from ..errors import EXIT_FINDINGS
from ..explain import explain as explain_article
from ..explain import explanation_lines
from ..paths import check_run_paths, refuse_overlaps
from ..pipeline import clean, iter_summary_lines, run_stage, stream_articles
from ..progress import Progress, progress_bars
from ..report import check_report_path, write_report
from ..results.read import ResultsDir
from ..results.write import json_line, write_chunks
from .app import app, command, resolve
from .options import expand

Inputs = Annotated[
    list[Path], typer.Argument(metavar="INPUT...", help="Text dumps, JSONL files or directories.", show_default=False)
]
StageInputs = Annotated[
    list[Path],
    typer.Argument(metavar="INPUT...", help="Text dumps, JSONL files, directories, or - for stdin.",
                   show_default=False),
]
StageOutput = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime
    typer.Option("--output", "-o", metavar="DIR",
                 help="Results directory. [default: article records on stdout]"),
]


@command(app, settings=stages.settings_of(stages.STAGES), common=("config_file", "json_summary", "quiet"))
def run(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR",
                                         help="Results directory (replaced as a whole).")],
    report: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--report", metavar="PATH", help="Also write the HTML report of the results to this file.")] = None,
    *,
    settings: dict[str, Any],
    config_file: Path | None,
    json_summary: bool,
    quiet: bool,
) -> None:
    """Run the whole pipeline: split, langid, boilerplate, dedupe, translate, stories.

    Example: newsmill run dumps/ -o out/ --threshold 0.8
    """
    if report:
        check_report_path(report)
    config = resolve(settings, config_file)
    check_run_paths(inputs, config, output, report)
    with progress_bars(quiet) as progress:
        if config.engine == "dask":  # the whole pipeline on the cluster; the workers write the results
            from ..cluster import run_on_cluster

            run_report = run_on_cluster(inputs, config, output, progress)
        else:
            results = clean(inputs, config, progress)
            results.write(output)
            run_report = results.report
    if report:
        write_report(output, report)
    if json_summary:
        typer.echo(json.dumps(run_report, indent=2, ensure_ascii=False))
    if not quiet:
        for line in iter_summary_lines(run_report):
            typer.echo(line, err=True)
        typer.echo(f"results: {output}", err=True)
        if report:
            typer.echo(f"report: {report}", err=True)
    _finish_translation(run_report, config, quiet)


#: What each stage command says about itself (its stage's table entry says what it runs).
STAGE_HELP = {
    "split": """Split text dumps into articles; signature lines are removed and reported.

    Example: newsmill split dumps/ | newsmill langid - | newsmill boilerplate - | newsmill dedupe - -o out/
    """,
    "langid": """Identify the language of every paragraph and article.

    Example: newsmill split dumps/ | newsmill langid - > articles.jsonl
    """,
    "boilerplate": """Strip paragraphs that recur exactly or nearly across the corpus (and junk, on request).

    --threshold, --ngram and --num-perm find the duplicate articles, which count once.
    Example: newsmill langid dumps/ | newsmill boilerplate - --strip-junk --dry-run -o preview/
    """,
    "dedupe": """Drop exact and near-duplicate articles, keeping one per cluster, and label stories.

    Example: newsmill boilerplate cleaned.jsonl | newsmill dedupe - -o out/ --keep first
    """,
    "translate": """Translate --from articles offline (argos), keeping the originals, then label stories.

    Example: newsmill dedupe cleaned.jsonl | newsmill translate - -o out/ --from nl --to en
    """,
}
#: Settings a stage command fixes: ``translate`` translates (it has no --no-translate).
FIXED = {"translate": {"translate": True}}
#: What every stage command offers besides its stages' settings: where it runs (``--jobs``,
#: ``--engine``, ``--scheduler``), as ``run`` does; with ``--engine dask`` every stage runs on the cluster.
WHERE_IT_RUNS = ("workers",)


def _stage_command(name: str) -> None:
    """Declare ``newsmill NAME``: ingest, then :func:`newsmill.stages.slice_for` NAME."""
    fixed = FIXED.get(name, {})
    read = (*stages.settings_of(stages.slice_for(name)), *WHERE_IT_RUNS)
    options = [setting for setting in expand(read) if setting not in fixed]

    def stage_command(
        inputs: StageInputs,
        output: StageOutput = None,
        *,
        settings: dict[str, Any],
        config_file: Path | None,
        json_summary: bool,
        quiet: bool,
    ) -> None:
        _run_stage(name, inputs, output, {**settings, **fixed}, config_file, json_summary, quiet)

    stage_command.__doc__ = STAGE_HELP[name]
    stage_command.__name__ = name
    command(app, name, settings=options, common=("config_file", "json_summary", "quiet"))(stage_command)


def _run_stage(
    stage: str,
    inputs: list[Path],
    output: Path | None,
    settings: dict[str, Any],
    config_file: Path | None,
    json_summary: bool,
    quiet: bool,
) -> None:
    """One stage command: read articles, run ``stage``, write records to stdout or ``output``."""
    config = resolve(settings, config_file)
    check_run_paths(inputs, config, output)
    streaming = output is None and config.output.format == "jsonl" and not config.output.dry_run and not json_summary
    if stage == "split" and streaming and config.engine != "dask":
        _stream_split(inputs, config, quiet)
        return
    with progress_bars(quiet) as progress:
        if config.engine == "dask":
            report = _stage_on_cluster(stage, inputs, output, config, progress)
        else:
            results = run_stage(stage, inputs, config, progress)
            if output is None:
                write_chunks(sys.stdout.buffer, results.stream(), compress=config.output.gzip)
                sys.stdout.buffer.flush()
            else:
                results.write(output)
            report = results.report
    if json_summary:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False), err=output is None)
    if not quiet:
        counted = "ingest" if stage == "split" else stage
        for line in iter_summary_lines(report):
            if line.startswith(f"{counted}:") or (stage == "dedupe" and line.startswith("output:")):
                typer.echo(line, err=True)
        if output is not None:
            typer.echo(f"results: {output}", err=True)
    _finish_translation(report, config, quiet)


def _stage_on_cluster(
    stage: str, inputs: list[Path], output: Path | None, config: Config, progress: Progress
) -> dict[str, Any]:
    """A stage command with ``--engine dask``: every stage on the cluster; the workers write
    ``output``'s parts, or the records are printed as the workers make them. Its report."""
    from ..cluster import run_on_cluster, stream_from_cluster

    chosen = stages.slice_for(stage)
    if output is not None:
        return run_on_cluster(inputs, config, output, progress, chosen=chosen)
    stdout = sys.stdout.buffer
    report = stream_from_cluster(inputs, config, stdout, progress, chosen=chosen)
    stdout.flush()
    return report


def _stream_split(inputs: list[Path], config: Config, quiet: bool) -> None:
    """``newsmill split`` to stdout, one article at a time: memory stays flat on any input size."""
    stdout = sys.stdout.buffer
    count = 0
    files: set[str] = set()

    def records(progress: Progress) -> Iterator[str]:
        nonlocal count
        for article in stream_articles(inputs, config, progress):
            count += 1
            files.add(article.source.path)
            yield json_line(article.to_stage_json())

    with progress_bars(quiet) as progress:
        write_chunks(stdout, records(progress), compress=config.output.gzip)
    stdout.flush()
    if not quiet:
        typer.echo(f"ingest: {count} articles from {len(files)} files", err=True)


def _finish_translation(report: dict[str, Any], config: Config, quiet: bool) -> None:
    """Say once how to install a missing model; exit 1 under ``--require-translation``."""
    translation = report["counts"].get("translate")
    if translation is None:
        return
    if translation["install_hint"] and not quiet:
        typer.echo(f"newsmill: {translation['install_hint']}", err=True)
    if config.translation.require_translation and translation["articles_untranslated"]:
        typer.echo(
            f"newsmill: {translation['articles_untranslated']} articles stayed untranslated "
            "(--require-translation)",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


@command(app, "report", common=("quiet",))
def report_command(
    results: Annotated[Path, typer.Argument(metavar="RESULTS", help="Results directory written by newsmill run.",
                                            show_default=False)],
    output: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--output", "-o", metavar="PATH", help="HTML file to write. [default: report.html inside RESULTS]")
    ] = None,
    *,
    quiet: bool,
) -> None:
    """Write the HTML report of a results directory: one file that opens offline.

    Example: newsmill report out/ -o report.html
    """
    target = output or results / "report.html"
    refuse_overlaps(ResultsDir.open(results).files(), {"-o": target}, role="results file")
    write_report(results, target)
    if not quiet:
        typer.echo(f"report: {target}", err=True)


@command(app)
def explain(
    article_id: Annotated[str, typer.Argument(metavar="ID",
                                              help="Id of the article, as in articles.jsonl or duplicates.jsonl.")],
    results: Annotated[Path, typer.Option("--results", "-r", metavar="DIR",
                                          help="Results directory of the run to ask.")],
    json_output: Annotated[
        bool, typer.Option("--json", metavar="", help="Print the explanation as JSON on stdout.")
    ] = False,
) -> None:
    """Say why an article was kept, dropped or changed: cluster, similarity, boilerplate.

    Example: newsmill explain 'dumps/site.txt#3' --results out/
    """
    explanation = explain_article(article_id, results)
    if json_output:
        typer.echo(json.dumps(explanation.to_json(), indent=2, ensure_ascii=False))
    else:
        for line in explanation_lines(explanation):
            typer.echo(line)


for _name in ("split", *(stage.name for stage in stages.COMMANDS)):
    _stage_command(_name)


@command(app)
def version() -> None:
    """Print newsmill's version.

    Example: newsmill version
    """
    from .. import __version__

    typer.echo(__version__)
