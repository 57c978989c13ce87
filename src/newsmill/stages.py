"""The stages after ingest, as functions over a list of articles.

``newsmill run`` (:func:`newsmill.pipeline.clean`) calls them in order and
each stage command (``newsmill langid``, ``newsmill boilerplate``,
``newsmill dedupe``, see :func:`newsmill.pipeline.run_stage`) calls one, so
a pipe of stage commands computes exactly what ``run`` does. The story pass
(:func:`label_stories`) closes both ``dedupe`` and ``translate``, so the
labels always reflect the text as it is at the end of the pipe. Ingest itself
(splitting dumps, with the signature lines it removes) is
:func:`newsmill.pipeline.load`, the ``newsmill split`` stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import langid
from .boilerplate.stage import BoilerplateSummary, strip_boilerplate
from .config import Config
from .dedupe import DedupeSummary, Pair, dedupe
from .progress import SILENT, Progress
from .record import Article
from .story import StoryPair, StorySummary, assign_stories
from .translate import DecodingOptions, TranslationCache, TranslationSummary, translate_articles

STAGES = ("split", "langid", "boilerplate", "dedupe", "translate")


def identify_languages(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> None:
    """Detect the language of every paragraph and article (langdetect's model, on ``config.jobs`` processes)."""
    langid.identify_all(articles, config.jobs, progress)


def strip(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> BoilerplateSummary:
    """Strip boilerplate (and junk, when asked), then recompute each article's language."""
    summary = strip_boilerplate(articles, config, progress)
    for article in articles:
        langid.summarise(article)
    return summary


def find_duplicates(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> tuple[list[Pair], DedupeSummary]:
    """Mark exact and near duplicates; the checked pairs and counts (progress: texts
    sketched, then candidate pairs verified)."""
    return dedupe(articles, config, progress)


def translate(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> TranslationSummary | None:
    """Translate the kept articles in ``translate_from`` (``None`` when ``translate`` is off)."""
    if not config.translate:
        return None
    options = DecodingOptions(
        batch_size=config.batch_size,
        beam_size=config.beam_size,
        threads=config.threads,
        device=config.device,
        max_decoding_length=config.max_decoding_length,
    )
    kept = [a for a in articles if not a.is_duplicate]
    cache_dir = Path(config.cache_dir) if config.cache_dir else None
    with TranslationCache(cache_dir) as cache:
        return translate_articles(
            kept,
            source=config.translate_from,
            target=config.translate_to,
            options=options,
            cache=cache,
            progress=progress,
        )


def label_stories(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> tuple[list[StoryPair], StorySummary | None]:
    """Give every article its ``story`` (``None`` summary when ``stories`` is off).

    Two bars with totals: "story names" counts the chunks of 1,000
    copy-cluster survivors whose word case is counted, "stories" the
    survivors as their anchors are read, the bulk of the pass; pairing them
    afterwards takes a fraction of it.
    """
    if not config.stories:
        return [], None
    return assign_stories(articles, config, progress=progress)
