"""The pipeline's stages, in order: one table that ``run``, the stage commands and their help read.

:data:`STAGES` declares each stage after ingest: its name (the stage
command's), the function over a list of articles and the settings it
reads (the options its command offers). :func:`newsmill.pipeline.clean` runs every stage;
:func:`newsmill.pipeline.run_stage` (``newsmill langid``, ``boilerplate``,
``dedupe``, ``translate``) runs :func:`slice_for` one name, so a pipe of
stage commands computes what ``run`` does by construction. The story pass
closes every stage that changes what it reads (``relabels``: clusters or
text), so the labels always reflect the text at the end of the pipe. Ingest
(splitting dumps, with the signature lines it removes) is
:func:`newsmill.pipeline.load`, the ``newsmill split`` command; it reads
:data:`INGEST_SETTINGS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from . import langid
from .boilerplate.stage import strip_boilerplate
from .config import Config
from .dedupe import dedupe
from .progress import SILENT, Progress
from .record import Article
from .story import StoryPair, StorySummary, assign_stories
from .translate import TranslationCache, TranslationSummary, translate_articles

# What ingest reads (sections, or single settings of a section that is not its own):
# the input files, the splitter and the paragraphs never removed (``always_keep``).
INGEST_SETTINGS = ("ingest", "always_keep")
# How every stage command writes.
OUTPUT_SETTINGS = ("output",)


def identify_languages(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> None:
    """Detect the language of every paragraph and article (langdetect's model, on ``config.workers.jobs`` processes)."""
    langid.identify_all(articles, config.workers.jobs, progress)


def strip(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> None:
    """Strip boilerplate (and junk, when asked), then recompute each article's language (the
    report counts the removals from the articles at the end)."""
    strip_boilerplate(articles, config, progress)
    for article in articles:
        langid.summarise(article)


def translate(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> TranslationSummary | None:
    """Translate the kept articles in ``translate_from`` (``None`` when ``translate`` is off)."""
    settings = config.translation
    if not settings.translate:
        return None
    kept = [a for a in articles if not a.is_duplicate]
    with TranslationCache(settings.cache_dir) as cache:
        return translate_articles(
            kept,
            source=settings.translate_from,
            target=settings.translate_to,
            options=settings,
            cache=cache,
            progress=progress,
        )


def label_stories(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> tuple[list[StoryPair], StorySummary | None]:
    """Give every article its ``story``: the story pairs and counts (``[], None`` when ``stories`` is off).

    Two bars with totals: "story names" counts the chunks of 1,000
    copy-cluster survivors whose word case is counted, "stories" the
    survivors as their anchors are read, the bulk of the pass; pairing them
    afterwards takes a fraction of it.
    """
    if not config.story.stories:
        return [], None
    return assign_stories(articles, config, progress=progress)


@dataclass(frozen=True)
class Stage:
    """One stage of the pipeline.

    name
        The stage command and the report's ``timing`` key.
    run
        ``run(articles, config, progress)``: changes the articles in place and
        returns what the report counts (see :class:`newsmill.pipeline.Outcome`).
        It is given ``config.only(settings)``, so it can read nothing else.
    settings
        What it reads: :class:`~newsmill.config.Config` section names, or single
        settings of a section it reads in part. Its command offers these options.
    relabels
        Whether it changes what the story pass reads, so that its command labels stories again.
    reports
        The names of the report values ``run`` returns (one, or a tuple of several).
    dedupes
        Whether it finds duplicate pairs on the dedupe engine, whose session (one Dask
        cluster per run) then spans it.
    """

    name: str
    run: Callable[[Sequence[Article], Config, Progress], Any]
    settings: tuple[str, ...]
    relabels: bool = False
    reports: tuple[str, ...] = ()
    dedupes: bool = False


# What finding duplicate pairs reads (boilerplate's article families, dedupe, the story pass's signal B).
PAIRS = ("threshold", "ngram", "num_perm", "workers")

LANGID = Stage("langid", identify_languages, ("jobs",))
BOILERPLATE = Stage("boilerplate", strip, ("boilerplate", *PAIRS), dedupes=True)
# Marks exact and near duplicates; the checked pairs and counts.
DEDUPE = Stage(
    "dedupe", dedupe, ("dedupe", "workers"), relabels=True,
    reports=("pairs", "duplicates"), dedupes=True,
)
TRANSLATE = Stage("translate", translate, ("translation",), relabels=True, reports=("translation",))
# Signal B dedupes with its own threshold and n-gram size; the story id follows ``keep``.
STORIES = Stage(
    "stories", label_stories, ("story", "keep", "num_perm", "workers"),
    reports=("story_pairs", "stories"), dedupes=True,
)

#: Every stage after ingest, in the order ``newsmill run`` runs them.
STAGES = (LANGID, BOILERPLATE, DEDUPE, TRANSLATE, STORIES)
#: What indexing the committed corpus reads (``newsmill index build/update/verify``, given only
#: these): where the index lives, which files count, how dumps are split (and which signature
#: lines ``always_keep`` keeps) and sketched, and the workers that do it.
INDEX_SETTINGS = ("index", "ignore", "separator", "split", "always_keep", *PAIRS)
#: What the pre-commit hooks read (their options, and all ``check``/``fix`` may read): their own
#: settings, the splitter, and the rules of the boilerplate and dedupe stages, which they apply
#: to the staged files against the index of the committed ones.
HOOK_SETTINGS = ("hooks", "separator", "split", *BOILERPLATE.settings, *DEDUPE.settings)
#: The stages with a command of their own (the story pass runs within others).
COMMANDS = tuple(stage for stage in STAGES if stage is not STORIES)


def slice_for(name: str) -> tuple[Stage, ...]:
    """What ``newsmill NAME`` runs after ingest: that stage, then the story pass when it relabels
    (nothing for ``split``, which is ingest alone)."""
    stage = next((s for s in COMMANDS if s.name == name), None)
    if stage is None:
        return ()
    return (stage, STORIES) if stage.relabels else (stage,)


def settings_of(stages: Sequence[Stage]) -> tuple[str, ...]:
    """What a command running ingest, then ``stages``, then writing its output reads: section
    (or setting) names, each once, in table order."""
    names = [*INGEST_SETTINGS, *(s for stage in stages for s in stage.settings), *OUTPUT_SETTINGS]
    return tuple(dict.fromkeys(names))
