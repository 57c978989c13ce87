"""The story pass's settings (:class:`newsmill.settings.StorySettings`) as each signal's parameters."""

from __future__ import annotations

from ..settings import StorySettings
from .anchor_signal import AnchorOptions
from .translated import TranslatedOptions


def anchor_options(settings: StorySettings) -> AnchorOptions:
    """Signal A's parameters: ``story_threshold``, ``story_min_shared``, ``story_one_to_one``."""
    return AnchorOptions(
        threshold=settings.story_threshold, min_shared=settings.story_min_shared, one_to_one=settings.story_one_to_one
    )


def translated_options(settings: StorySettings) -> TranslatedOptions:
    """Signal B's parameters: ``story_translated_threshold``, ``story_translated_ngram``, ``story_one_to_one``."""
    return TranslatedOptions(
        threshold=settings.story_translated_threshold,
        ngram=settings.story_translated_ngram,
        one_to_one=settings.story_one_to_one,
    )
