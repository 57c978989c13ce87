"""The ``newsmill`` command: a thin layer over the library API.

Data goes to files (``-o DIR``) or stdout; summaries and errors go to
stderr. Exit codes follow :mod:`newsmill.errors` in every subcommand.
"""

from __future__ import annotations

import contextlib
from dataclasses import fields
import json
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

try:  # typer 0.2x ships its own copy of click, and raises that copy's exceptions
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # older typer uses click itself
    from click.exceptions import ClickException, NoArgsIsHelpError

from .config import Config, resolve
from .hook import check as hook_check
from .hook import fix as hook_fix
from .index import Index, check_format, open_index
from .index import update as update_index
from .index import verify as verify_index
from .index.git import toplevel
from .errors import EXIT_FINDINGS, EXIT_INTERNAL, ISSUE_TRACKER, NewsmillError, UsageError, stdout_closed
from .explain import explain as explain_article
from .explain import explanation_lines
from .output import json_line, write_chunks
from .pipeline import clean, iter_summary_lines, run_stage, stream_articles
from .paths import check_run_paths, refuse_overlaps
from .progress import Progress, progress_bars
from .report import check_report_path, write_report
from .report.resultsdir import ResultsDir



class _OneLineErrors(TyperGroup):
    """Usage errors as one line on stderr (exit 2), like every other newsmill error."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except NoArgsIsHelpError as error:
            typer.echo(error.format_message(), err=True)
            sys.exit(error.exit_code)
        except ClickException as error:
            typer.echo(f"newsmill: error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("newsmill: interrupted; nothing was written", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    name="newsmill",
    cls=_OneLineErrors,
    help="Clean multilingual news corpora: split dumps, identify languages, "
    "strip boilerplate, drop duplicates.\n\nExample: newsmill run dumps/ -o out/",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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
JobsOpt = Annotated[
    Optional[int],
    typer.Option("--jobs", help="Langid and dedupe processes (Dask: LocalCluster workers); 0 = every core. [default: 0]"),
]
EngineOpt = Annotated[
    Optional[str],
    typer.Option("--engine", help="Where dedupe runs: local or dask (needs the dask extra). [default: local]"),
]
SchedulerOpt = Annotated[
    Optional[str],
    typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT. [default: a LocalCluster]"),
]
ConfigOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--config",
        help="TOML file with a [tool.newsmill] table. [default: the nearest pyproject.toml]",
    ),
]
CacheDirOpt = Annotated[
    Optional[Path],
    typer.Option("--cache-dir", help="Translation cache directory. [default: platform cache dir]"),
]
TranslateOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--translate/--no-translate",
        help="Translate --from articles when a model is installed. [default: translate]",
        show_default=False,
    ),
]
FromOpt = Annotated[
    Optional[str], typer.Option("--from", "--translate-from", help="Language to translate. [default: nl]")
]
ToOpt = Annotated[
    Optional[str], typer.Option("--to", "--translate-to", help="Language to translate into. [default: en]")
]
BatchSizeOpt = Annotated[
    Optional[int], typer.Option("--batch-size", help="Tokens per translation batch. [default: 2048]")
]
BeamSizeOpt = Annotated[Optional[int], typer.Option("--beam-size", help="Beam width. [default: 4]")]
ThreadsOpt = Annotated[
    Optional[int], typer.Option("--threads", help="Translation CPU threads; 0 = CTranslate2's default.")
]
DeviceOpt = Annotated[
    Optional[str], typer.Option("--device", help="Translation device: cpu, cuda or auto. [default: auto]")
]
MaxDecodingLengthOpt = Annotated[
    Optional[int],
    typer.Option("--max-decoding-length", help="Most tokens generated per sentence. [default: 256]"),
]
RequireTranslationOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--require-translation",
        help="Exit 1 when an article that needed translating stayed untranslated.",
        show_default=False,
    ),
]
StoriesOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--stories/--no-stories",
        help="Label articles telling one story in different languages. [default: stories]",
        show_default=False,
    ),
]
StoryThresholdOpt = Annotated[
    Optional[float],
    typer.Option("--story-threshold", help="Anchor score for one story across languages. [default: 0.12]"),
]
StoryMinSharedOpt = Annotated[
    Optional[int],
    typer.Option("--story-min-shared", help="Rare names/numbers/URLs a story pair must share. [default: 2]"),
]
StoryOneToOneOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--story-one-to-one/--story-many-to-many",
        help="At most one story partner per other language. [default: one-to-one]",
        show_default=False,
    ),
]
StoryTranslatedThresholdOpt = Annotated[
    Optional[float],
    typer.Option(
        "--story-translated-threshold", help="Jaccard on translated text for a story pair. [default: 0.3]"
    ),
]
StoryTranslatedNgramOpt = Annotated[
    Optional[int],
    typer.Option("--story-translated-ngram", help="Words per shingle on translated text. [default: 2]"),
]
DropStoryDuplicatesOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--drop-story-duplicates",
        help="Keep one article per story; the others go to duplicates.jsonl.",
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool,
    typer.Option(
        "--json", help="Print the run's report as JSON: on stdout with -o DIR, else on stderr after the data."
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
ReportOpt = Annotated[
    Optional[Path],
    typer.Option("--report", help="Also write the HTML report of the results to this file."),
]
ResultsArg = Annotated[
    Path, typer.Argument(help="Results directory written by newsmill run.", show_default=False)
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
StripJunkOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--strip-junk/--keep-junk",
        help="Also remove one-off page junk: placeholders, glued icon text, bare photo credits, "
        "promo lines. [default: keep]",
        show_default=False,
    ),
]
AlwaysKeepOpt = Annotated[
    Optional[list[str]],
    typer.Option("--always-keep", help="Regex: a paragraph it matches is never removed (repeatable)."),
]
AlwaysRemoveOpt = Annotated[
    Optional[list[str]],
    typer.Option("--always-remove", help="Regex: a paragraph it matches is always removed (repeatable)."),
]
DryRunOpt = Annotated[
    Optional[bool],
    typer.Option("--dry-run", help="Write only removed.jsonl and report.json: preview what would go."),
]
IncludeOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--include",
        help="Glob of files to read from directories (repeatable). [default: *.txt, *.jsonl, and .gz]",
    ),
]
ExcludeOpt = Annotated[
    Optional[list[str]],
    typer.Option("--exclude", help="Glob of files to skip in directories (repeatable)."),
]
InputFormatOpt = Annotated[
    Optional[str],
    typer.Option(
        "--input-format", help="text or jsonl, for every input. [default: by file name; stdin sniffed]"
    ),
]
FormatOpt = Annotated[
    Optional[str],
    typer.Option(
        "--format", help="Cleaned articles as jsonl, or text (one dump per input file). [default: jsonl]"
    ),
]
GzipOpt = Annotated[
    Optional[bool], typer.Option("--gzip", help="Gzip what is written (.gz added to file names).")
]
StageOutputOpt = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="Results directory. [default: article records on stdout]"),
]
StageInputsArg = Annotated[
    list[Path],
    typer.Argument(help="Text dumps, JSONL files, directories, or - for stdin.", show_default=False),
]


def _run_stage(
    stage: str,
    inputs: list[Path],
    output: Path | None,
    settings: dict[str, object],
    config_file: Path | None,
    json_summary: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """One stage command: read articles, run ``stage``, write records to stdout or ``output``."""
    with reporting_errors(debug):
        config = resolve(settings, config_file)
        check_run_paths(inputs, config, output)
        streaming = output is None and config.format == "jsonl" and not config.dry_run and not json_summary
        if stage == "split" and streaming:
            _stream_split(inputs, config, quiet)
            return
        with progress_bars(quiet) as progress:
            results = run_stage(stage, inputs, config, progress)
        if output is None:
            stdout = sys.stdout.buffer
            write_chunks(stdout, results.stream(), compress=config.gzip)
            stdout.flush()
        else:
            results.write(output)
        if json_summary:
            typer.echo(json.dumps(results.report, indent=2, ensure_ascii=False), err=output is None)
        if not quiet:
            counted = "ingest" if stage == "split" else stage
            for line in iter_summary_lines(results.report):
                if line.startswith(f"{counted}:") or (stage == "dedupe" and line.startswith("output:")):
                    typer.echo(line, err=True)
            if output is not None:
                typer.echo(f"results: {output}", err=True)
        _finish_translation(results.report, config, quiet)


def _stream_split(inputs: list[Path], config: Config, quiet: bool) -> None:
    """``newsmill split`` to stdout, one article at a time: memory stays flat on any input size."""
    stdout = sys.stdout.buffer
    count = 0
    files: set[str] = set()

    def records(progress: Progress) -> Iterator[str]:
        nonlocal count
        for count, article in enumerate(stream_articles(inputs, config, progress), start=1):
            files.add(article.source.path)
            yield json_line(article.to_stage_json())

    with progress_bars(quiet) as progress:
        write_chunks(stdout, records(progress), compress=config.gzip)
    stdout.flush()
    if not quiet:
        typer.echo(f"ingest: {count} articles from {len(files)} files", err=True)


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


_CONFIG_FIELDS = {f.name for f in fields(Config)}


def config_settings(parameters: dict[str, Any]) -> dict[str, object]:
    """The settings a command's parameters give (pass ``locals()``): those named like a
    :class:`Config` field (``output_format`` is ``format``), ``None`` where not given."""
    renamed = {("format" if name == "output_format" else name): value for name, value in parameters.items()}
    return {
        name: str(value) if isinstance(value, Path) else value
        for name, value in renamed.items()
        if name in _CONFIG_FIELDS
    }


def _finish_translation(report: dict[str, Any], config: Config, quiet: bool) -> None:
    """Say once how to install a missing model; exit 1 under ``--require-translation``."""
    translation = report["counts"].get("translate")
    if translation is None:
        return
    if translation["install_hint"] and not quiet:
        typer.echo(f"newsmill: {translation['install_hint']}", err=True)
    if config.require_translation and translation["articles_untranslated"]:
        typer.echo(
            f"newsmill: {translation['articles_untranslated']} articles stayed untranslated "
            "(--require-translation)",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


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
    jobs: JobsOpt = None,
    engine: EngineOpt = None,
    scheduler: SchedulerOpt = None,
    strip_junk: StripJunkOpt = None,
    always_keep: AlwaysKeepOpt = None,
    always_remove: AlwaysRemoveOpt = None,
    dry_run: DryRunOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    input_format: InputFormatOpt = None,
    output_format: FormatOpt = None,
    gzip: GzipOpt = None,
    translate: TranslateOpt = None,
    translate_from: FromOpt = None,
    translate_to: ToOpt = None,
    batch_size: BatchSizeOpt = None,
    beam_size: BeamSizeOpt = None,
    threads: ThreadsOpt = None,
    device: DeviceOpt = None,
    max_decoding_length: MaxDecodingLengthOpt = None,
    cache_dir: CacheDirOpt = None,
    require_translation: RequireTranslationOpt = None,
    stories: StoriesOpt = None,
    story_threshold: StoryThresholdOpt = None,
    story_min_shared: StoryMinSharedOpt = None,
    story_one_to_one: StoryOneToOneOpt = None,
    story_translated_threshold: StoryTranslatedThresholdOpt = None,
    story_translated_ngram: StoryTranslatedNgramOpt = None,
    drop_story_duplicates: DropStoryDuplicatesOpt = None,
    config_file: ConfigOpt = None,
    json_summary: JsonOpt = False,
    report: ReportOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Run the whole pipeline: split, langid, boilerplate, dedupe, translate, stories.

    Example: newsmill run dumps/ -o out/ --threshold 0.8
    """
    with reporting_errors(debug):
        if report:
            check_report_path(report)
        config = resolve(config_settings(locals()), config_file)
        check_run_paths(inputs, config, output, report)
        with progress_bars(quiet) as progress:
            if config.engine == "dask":  # the whole pipeline on the cluster; the workers write the results
                run_report = _cluster_runner()(inputs, config, output, progress)
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


def _cluster_runner() -> Callable[..., dict[str, Any]]:
    """:func:`newsmill.cluster.run_on_cluster`, imported only for ``--engine dask`` (it needs the dask extra)."""
    try:
        from .cluster import run_on_cluster
    except ImportError:
        raise UsageError("--engine dask needs Dask: pip install 'newsmill[dask]'") from None
    return run_on_cluster


@app.command("report")
def report_command(
    results: ResultsArg,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output", "-o", help="HTML file to write. Default: report.html inside RESULTS.", show_default=False
        ),
    ] = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Write the HTML report of a results directory: one file that opens offline.

    Example: newsmill report out/ -o report.html
    """
    with reporting_errors(debug):
        target = output or results / "report.html"
        refuse_overlaps(ResultsDir.open(results).files(), {"-o": target}, role="results file")
        write_report(results, target)
        if not quiet:
            typer.echo(f"report: {target}", err=True)


@app.command()
def explain(
    article_id: Annotated[str, typer.Argument(help="Id of the article, as in articles.jsonl or duplicates.jsonl.")],
    results: Annotated[
        Path, typer.Option("--results", "-r", help="Results directory of the run to ask.")
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the explanation as JSON on stdout.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Say why an article was kept, dropped or changed: cluster, similarity, boilerplate.

    Example: newsmill explain 'dumps/site.txt#3' --results out/
    """
    with reporting_errors(debug):
        explanation = explain_article(article_id, results)
        if json_output:
            typer.echo(json.dumps(explanation.to_json(), indent=2, ensure_ascii=False))
        else:
            for line in explanation_lines(explanation):
                typer.echo(line)


@app.command()
def split(
    inputs: StageInputsArg,
    output: StageOutputOpt = None,
    separator: SeparatorOpt = None,
    always_keep: AlwaysKeepOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    input_format: InputFormatOpt = None,
    output_format: FormatOpt = None,
    gzip: GzipOpt = None,
    config_file: ConfigOpt = None,
    json_summary: JsonOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Split text dumps into articles; signature lines are removed and reported.

    Example: newsmill split dumps/ | newsmill langid - | newsmill boilerplate - | newsmill dedupe - -o out/
    """
    settings = config_settings(locals())
    _run_stage("split", inputs, output, settings, config_file, json_summary, quiet, debug)


@app.command()
def langid(
    inputs: StageInputsArg,
    output: StageOutputOpt = None,
    separator: SeparatorOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    input_format: InputFormatOpt = None,
    output_format: FormatOpt = None,
    gzip: GzipOpt = None,
    config_file: ConfigOpt = None,
    json_summary: JsonOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Identify the language of every paragraph and article.

    Example: newsmill split dumps/ | newsmill langid - > articles.jsonl
    """
    settings = config_settings(locals())
    _run_stage("langid", inputs, output, settings, config_file, json_summary, quiet, debug)


@app.command()
def boilerplate(
    inputs: StageInputsArg,
    output: StageOutputOpt = None,
    boilerplate_min_count: MinCountOpt = None,
    threshold: ThresholdOpt = None,
    ngram: NgramOpt = None,
    num_perm: NumPermOpt = None,
    strip_junk: StripJunkOpt = None,
    always_keep: AlwaysKeepOpt = None,
    always_remove: AlwaysRemoveOpt = None,
    dry_run: DryRunOpt = None,
    separator: SeparatorOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    input_format: InputFormatOpt = None,
    output_format: FormatOpt = None,
    gzip: GzipOpt = None,
    config_file: ConfigOpt = None,
    json_summary: JsonOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Strip paragraphs that recur exactly or nearly across the corpus (and junk, on request).

    --threshold, --ngram and --num-perm find the duplicate articles, which count once.
    Example: newsmill langid dumps/ | newsmill boilerplate - --strip-junk --dry-run -o preview/
    """
    settings = config_settings(locals())
    _run_stage("boilerplate", inputs, output, settings, config_file, json_summary, quiet, debug)


@app.command()
def dedupe(
    inputs: StageInputsArg,
    output: StageOutputOpt = None,
    threshold: ThresholdOpt = None,
    ngram: NgramOpt = None,
    num_perm: NumPermOpt = None,
    keep: KeepOpt = None,
    keep_duplicates: KeepDuplicatesOpt = None,
    dry_run: DryRunOpt = None,
    separator: SeparatorOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    input_format: InputFormatOpt = None,
    output_format: FormatOpt = None,
    gzip: GzipOpt = None,
    stories: StoriesOpt = None,
    story_threshold: StoryThresholdOpt = None,
    story_min_shared: StoryMinSharedOpt = None,
    story_one_to_one: StoryOneToOneOpt = None,
    story_translated_threshold: StoryTranslatedThresholdOpt = None,
    story_translated_ngram: StoryTranslatedNgramOpt = None,
    drop_story_duplicates: DropStoryDuplicatesOpt = None,
    config_file: ConfigOpt = None,
    json_summary: JsonOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Drop exact and near-duplicate articles, keeping one per cluster, and label stories.

    Example: newsmill boilerplate cleaned.jsonl | newsmill dedupe - -o out/ --keep first
    """
    settings = config_settings(locals())
    _run_stage("dedupe", inputs, output, settings, config_file, json_summary, quiet, debug)


@app.command("translate")
def translate_command(
    inputs: StageInputsArg,
    output: StageOutputOpt = None,
    translate_from: FromOpt = None,
    translate_to: ToOpt = None,
    batch_size: BatchSizeOpt = None,
    beam_size: BeamSizeOpt = None,
    threads: ThreadsOpt = None,
    device: DeviceOpt = None,
    max_decoding_length: MaxDecodingLengthOpt = None,
    cache_dir: CacheDirOpt = None,
    require_translation: RequireTranslationOpt = None,
    stories: StoriesOpt = None,
    story_threshold: StoryThresholdOpt = None,
    story_min_shared: StoryMinSharedOpt = None,
    story_one_to_one: StoryOneToOneOpt = None,
    story_translated_threshold: StoryTranslatedThresholdOpt = None,
    story_translated_ngram: StoryTranslatedNgramOpt = None,
    drop_story_duplicates: DropStoryDuplicatesOpt = None,
    dry_run: DryRunOpt = None,
    input_format: InputFormatOpt = None,
    output_format: FormatOpt = None,
    gzip: GzipOpt = None,
    config_file: ConfigOpt = None,
    json_summary: JsonOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Translate --from articles offline (argos), keeping the originals, then label stories.

    Example: newsmill dedupe cleaned.jsonl | newsmill translate - -o out/ --from nl --to en
    """
    settings = {**config_settings(locals()), "translate": True}
    _run_stage("translate", inputs, output, settings, config_file, json_summary, quiet, debug)


@app.command()
def version() -> None:
    """Print newsmill's version.

    Example: newsmill version
    """
    from . import __version__

    typer.echo(__version__)


models_app = typer.Typer(
    help="Manage offline translation models (argos packages).\n\n"
    "Example: newsmill models install translate-nl_en-1_9.argosmodel",
    no_args_is_help=True,
)
app.add_typer(models_app, name="models")
cache_app = typer.Typer(
    help="Inspect or empty the translation cache.\n\nExample: newsmill cache stats",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@models_app.command("list")
def models_list(debug: DebugOpt = False) -> None:
    """List installed translation models: pair, name, version, path.

    Example: newsmill models list
    """
    from .translate import installed_models, packages_dir

    with reporting_errors(debug):
        models = installed_models()
        for model in models:
            typer.echo(f"{model.source}→{model.target}\t{model.name}\t{model.version}\t{model.path}")
        if not models:
            typer.echo(f"no translation models installed in {packages_dir()}", err=True)


@models_app.command("install")
def models_install(
    what: Annotated[
        list[str],
        typer.Argument(help="An .argosmodel file, or SOURCE TARGET language codes.", show_default=False),
    ],
    debug: DebugOpt = False,
) -> None:
    """Install a model from an .argosmodel file, or a pair from argos's index.

    Example: newsmill models install nl en
    """
    from .translate import install_model_file, install_model_for_pair

    with reporting_errors(debug):
        if len(what) == 1:
            model = install_model_file(Path(what[0]))
        elif len(what) == 2:
            model = install_model_for_pair(what[0], what[1])
        else:
            raise UsageError("give one .argosmodel file, or SOURCE and TARGET codes")
        typer.echo(f"installed {model.name} {model.version} ({model.source}→{model.target}) in {model.path}", err=True)


@models_app.command("remove")
def models_remove(
    source: Annotated[str, typer.Argument(help="Source language code.")],
    target: Annotated[str, typer.Argument(help="Target language code.")],
    debug: DebugOpt = False,
) -> None:
    """Uninstall the model for a language pair.

    Example: newsmill models remove nl en
    """
    from .translate import remove_model

    with reporting_errors(debug):
        model = remove_model(source, target)
        typer.echo(f"removed {model.name} {model.version}", err=True)


@cache_app.command("stats")
def cache_stats(cache_dir: CacheDirOpt = None, debug: DebugOpt = False) -> None:
    """Show the cache file, its entries per model and its size.

    Example: newsmill cache stats
    """
    from .translate import TranslationCache

    with reporting_errors(debug), TranslationCache(cache_dir) as cache:
        stats = cache.stats()
        typer.echo(f"cache: {stats.path}")
        typer.echo(f"entries: {stats.entries} ({stats.size_bytes} bytes)")
        for model, entries in sorted(stats.entries_per_model.items()):
            typer.echo(f"  {model}: {entries}")


@cache_app.command("clear")
def cache_clear(
    cache_dir: CacheDirOpt = None,
    model: Annotated[
        Optional[str], typer.Option("--model", help='Only this model, e.g. "translate-nl_en 1.9".')
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Delete cached translations (all, or one model's).

    Example: newsmill cache clear --model "translate-nl_en 1.9"
    """
    from .translate import TranslationCache

    with reporting_errors(debug), TranslationCache(cache_dir) as cache:
        typer.echo(f"removed {cache.clear(model)} cached translations", err=True)


IndexOpt = Annotated[
    Optional[str],
    typer.Option(
        "--index",
        help="Index location: a SQLite file (relative to the corpus root) or redis://HOST:PORT/DB. "
        "[default: .newsmill/index.sqlite]",
    ),
]
IgnoreOpt = Annotated[
    Optional[list[str]],
    typer.Option("--ignore", help="Glob of corpus files (relative to the root) to leave alone (repeatable)."),
]
LanguagesOpt = Annotated[
    Optional[list[str]],
    typer.Option("--languages", help="A language the corpus may hold; others are reported (repeatable)."),
]
HookFilesArg = Annotated[
    Optional[list[Path]],
    typer.Argument(help="Files to check (pre-commit passes the staged ones). [default: every staged file]",
                   show_default=False),
]


def _corpus(settings: dict[str, object], config_file: Path | None) -> tuple[Path, Config, Index]:
    """The corpus root (the git work tree around the current directory), its configuration
    (``[tool.newsmill]`` of its ``pyproject.toml``, then the flags) and its index."""
    root = toplevel(Path.cwd())
    config = resolve(settings, config_file, start=root)
    return root, config, open_index(config.index, root, config)


def _hook(fix_mode: bool, files: list[Path] | None, settings: dict[str, object],
          config_file: Path | None, quiet: bool, debug: bool) -> None:
    with reporting_errors(debug):
        config = resolve(settings, config_file, start=toplevel(Path.cwd()))
        if fix_mode:
            fixed = hook_fix(files or [], Path.cwd(), config)
            code, lines, paths = fixed.exit_code, fixed.lines(), fixed.paths
        else:
            checked = hook_check(files or [], Path.cwd(), config)
            code, lines, paths = checked.exit_code, [f.line() for f in checked.findings], checked.paths
        for line in lines:
            typer.echo(line)
        if not quiet and code == 0:
            typer.echo(f"newsmill: {len(paths)} files clean", err=True)
    raise typer.Exit(code)


@app.command()
def check(
    files: HookFilesArg = None,
    index: IndexOpt = None,
    threshold: ThresholdOpt = None,
    ngram: NgramOpt = None,
    num_perm: NumPermOpt = None,
    boilerplate_min_count: MinCountOpt = None,
    keep: KeepOpt = None,
    separator: SeparatorOpt = None,
    strip_junk: StripJunkOpt = None,
    always_keep: AlwaysKeepOpt = None,
    always_remove: AlwaysRemoveOpt = None,
    ignore: IgnoreOpt = None,
    languages: LanguagesOpt = None,
    config_file: ConfigOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Pre-commit check: report what newsmill run would remove from the files (duplicates of
    committed articles or of each other, signature lines, boilerplate, junk with --strip-junk);
    exit 1 with one line per finding.

    Example: newsmill check dumps/new.txt
    """
    settings = config_settings(locals())
    _hook(False, files, settings, config_file, quiet, debug)


@app.command()
def fix(
    files: HookFilesArg = None,
    index: IndexOpt = None,
    threshold: ThresholdOpt = None,
    ngram: NgramOpt = None,
    num_perm: NumPermOpt = None,
    boilerplate_min_count: MinCountOpt = None,
    keep: KeepOpt = None,
    separator: SeparatorOpt = None,
    strip_junk: StripJunkOpt = None,
    always_keep: AlwaysKeepOpt = None,
    always_remove: AlwaysRemoveOpt = None,
    ignore: IgnoreOpt = None,
    languages: LanguagesOpt = None,
    config_file: ConfigOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Pre-commit fix: remove from the files what check reports, as newsmill run would (logged
    in .newsmill/); exit 1 when a file changed.

    Example: newsmill fix dumps/new.txt
    """
    settings = config_settings(locals())
    _hook(True, files, settings, config_file, quiet, debug)


index_app = typer.Typer(
    help="The persistent index of the committed corpus that check and fix use.\n\n"
    "Example: newsmill index update",
    no_args_is_help=True,
)
app.add_typer(index_app, name="index")


def _sync(rebuild: bool, settings: dict[str, object], config_file: Path | None, quiet: bool, debug: bool) -> None:
    with reporting_errors(debug):
        root, config, index = _corpus(settings, config_file)
        with index, progress_bars(quiet) as progress:
            summary = update_index(index, root, config, rebuild=rebuild, progress=progress)
        if not quiet:
            typer.echo(f"{summary.line()} ({index.location})", err=True)


@index_app.command("build")
def index_build(
    index: IndexOpt = None,
    threshold: ThresholdOpt = None,
    ngram: NgramOpt = None,
    num_perm: NumPermOpt = None,
    separator: SeparatorOpt = None,
    ignore: IgnoreOpt = None,
    config_file: ConfigOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Build the index from scratch from the committed tree (replaces any index there).

    Example: newsmill index build --index redis://localhost:6379/0
    """
    _sync(True, config_settings(locals()), config_file, quiet, debug)


@index_app.command("update")
def index_update(
    index: IndexOpt = None,
    threshold: ThresholdOpt = None,
    ngram: NgramOpt = None,
    num_perm: NumPermOpt = None,
    separator: SeparatorOpt = None,
    ignore: IgnoreOpt = None,
    config_file: ConfigOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Index the files committed since the last update (builds a missing index).

    Example: newsmill index update
    """
    _sync(False, config_settings(locals()), config_file, quiet, debug)


@index_app.command("stats")
def index_stats(
    index: IndexOpt = None,
    config_file: ConfigOpt = None,
    json_summary: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Print what the index holds: files, articles, paragraphs, format and parameters.

    Example: newsmill index stats
    """
    with reporting_errors(debug):
        root, config, opened = _corpus({"index": index}, config_file)
        with opened:
            check_format(opened)
            stats = {"location": opened.location, **opened.counts(), "meta": opened.meta()}
        if json_summary:
            typer.echo(json.dumps(stats, indent=2))
        else:
            for name, value in stats.items():
                typer.echo(f"{name}: {value}")


@index_app.command("verify")
def index_verify(
    index: IndexOpt = None,
    threshold: ThresholdOpt = None,
    ngram: NgramOpt = None,
    num_perm: NumPermOpt = None,
    separator: SeparatorOpt = None,
    ignore: IgnoreOpt = None,
    config_file: ConfigOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check that the index is whole and describes HEAD; exit 1 with one line per problem.

    Example: newsmill index verify
    """
    with reporting_errors(debug):
        root, config, opened = _corpus(config_settings(locals()), config_file)
        with opened:
            problems = verify_index(opened, root, config)
        for line in problems:
            typer.echo(line)
        if not quiet and not problems:
            typer.echo(f"index: sound and current ({opened.location})", err=True)
    raise typer.Exit(EXIT_FINDINGS if problems else 0)


@index_app.command("clear")
def index_clear(index: IndexOpt = None, config_file: ConfigOpt = None, quiet: QuietOpt = False,
                debug: DebugOpt = False) -> None:
    """Remove every entry of the index (the next check rebuilds it).

    Example: newsmill index clear
    """
    with reporting_errors(debug):
        root, config, opened = _corpus({"index": index}, config_file)
        with opened, opened.writing() as writer:
            writer.clear()
        if not quiet:
            typer.echo(f"index: cleared ({opened.location})", err=True)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except SystemExit as done:
        code = done.code
    try:
        sys.stdout.flush()  # the last buffered output may meet a closed pipe too
    except BrokenPipeError:
        code = stdout_closed()
    sys.exit(code)
