"""The stages after ingest, as functions over a list of articles.

``newsmill run`` (:func:`newsmill.pipeline.clean`) calls them in order and
each stage command (``newsmill langid``, ``newsmill boilerplate``,
``newsmill dedupe``, see :func:`newsmill.pipeline.run_stage`) calls one, so
a pipe of stage commands computes exactly what ``run`` does. Ingest itself
(splitting dumps, with the signature lines it removes) is
:func:`newsmill.pipeline.load`, the ``newsmill split`` stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import langid
from .boilerplate import BoilerplateSummary, strip_boilerplate
from .config import Config
from .dedupe import DedupeSummary, Pair, dedupe
from .progress import SILENT, Progress
from .record import Article

STAGES = ("split", "langid", "boilerplate", "dedupe")


def identify_languages(articles: Sequence[Article], progress: Progress = SILENT) -> None:
    """Detect the language of every paragraph and article (langdetect, fixed seed)."""
    for article in progress.track(articles, "langid", total=len(articles)):
        langid.identify(article)


def strip(articles: Sequence[Article], config: Config, progress: Progress = SILENT) -> BoilerplateSummary:
    """Strip boilerplate (and junk, when asked), then recompute each article's language."""
    summary = strip_boilerplate(articles, config, progress)
    for article in articles:
        langid.summarise(article)
    return summary


def find_duplicates(
    articles: Sequence[Article], config: Config, progress: Progress = SILENT
) -> tuple[list[Pair], DedupeSummary]:
    """Mark exact and near duplicates; the checked pairs and counts.

    dedupe reports no progress from inside, so its bar pulses until it
    returns and then shows the articles it handled.
    """
    with progress.busy("dedupe", len(articles)):
        return dedupe(articles, config)
