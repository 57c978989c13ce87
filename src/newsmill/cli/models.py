"""``newsmill models …`` (offline translation models) and ``newsmill cache …`` (the translation cache)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import UsageError
from .app import app, command, resolve, typer_app

models_app = typer_app(
    "Manage offline translation models (argos packages).\n\n"
    "Example: newsmill models install translate-nl_en-1_9.argosmodel"
)
app.add_typer(models_app, name="models")
cache_app = typer_app("Inspect or empty the translation cache.\n\nExample: newsmill cache stats")
app.add_typer(cache_app, name="cache")


@command(models_app, "list")
def models_list() -> None:
    """List installed translation models: pair, name, version, path.

    Example: newsmill models list
    """
    from ..translate import installed_models, packages_dir

    models = installed_models()
    for model in models:
        typer.echo(f"{model.source}→{model.target}\t{model.name}\t{model.version}\t{model.path}")
    if not models:
        typer.echo(f"no translation models installed in {packages_dir()}", err=True)


@command(models_app, "install")
def models_install(
    what: Annotated[
        list[str],
        typer.Argument(metavar="FILE | SOURCE TARGET", help="An .argosmodel file, or SOURCE TARGET language codes.",
                       show_default=False),
    ],
) -> None:
    """Install a model from an .argosmodel file, or a pair from argos's index.

    Example: newsmill models install nl en
    """
    from ..translate import install_model_file, install_model_for_pair

    if len(what) == 1:
        model = install_model_file(Path(what[0]))
    elif len(what) == 2:
        model = install_model_for_pair(what[0], what[1])
    else:
        raise UsageError("give one .argosmodel file, or SOURCE and TARGET codes")
    typer.echo(f"installed {model.name} {model.version} ({model.source}→{model.target}) in {model.path}", err=True)


@command(models_app, "remove")
def models_remove(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Source language code.")],
    target: Annotated[str, typer.Argument(metavar="TARGET", help="Target language code.")],
) -> None:
    """Uninstall the model for a language pair.

    Example: newsmill models remove nl en
    """
    from ..translate import remove_model

    model = remove_model(source, target)
    typer.echo(f"removed {model.name} {model.version}", err=True)


@command(cache_app, "stats", settings=("cache_dir",), common=("config_file",))
def cache_stats(*, settings: dict[str, Any], config_file: Path | None) -> None:
    """Show the cache file, its entries per model and its size.

    Example: newsmill cache stats
    """
    from ..translate import TranslationCache

    with TranslationCache(resolve(settings, config_file).translation.cache_dir) as cache:
        stats = cache.stats()
    typer.echo(f"cache: {stats.path}")
    typer.echo(f"entries: {stats.entries} ({stats.size_bytes} bytes)")
    for model, entries in sorted(stats.entries_per_model.items()):
        typer.echo(f"  {model}: {entries}")


@command(cache_app, "clear", settings=("cache_dir",), common=("config_file",))
def cache_clear(
    model: Annotated[Optional[str], typer.Option(  # noqa: UP045 - typer reads the annotation at runtime
        "--model", metavar="MODEL", help='Only this model, e.g. "translate-nl_en 1.9".')] = None,
    *,
    settings: dict[str, Any],
    config_file: Path | None,
) -> None:
    """Delete cached translations (all, or one model's).

    Example: newsmill cache clear --model "translate-nl_en 1.9"
    """
    from ..translate import TranslationCache

    with TranslationCache(resolve(settings, config_file).translation.cache_dir) as cache:
        typer.echo(f"removed {cache.clear(model)} cached translations", err=True)
