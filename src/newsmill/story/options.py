"""The settings of the story pass, named as the :class:`newsmill.Config` fields that carry them.

stories
    Run the story pass (every record gets ``story``).
story_threshold
    Signal A: ordered IDF-weighted Jaccard of anchor sets at or above which
    two articles in different languages are one story. Measured on NTREX
    (``benchmarks/story_quality.py``, one-to-one on): story pair F1 >= 0.98
    on the full set and on three variants with half the stories in one
    language only, for every threshold from 0.10 to 0.16; 0.12 is the one
    value where all four reach 1.0. The margin is narrow: the hardest true
    pair scores 0.127, the highest false pair 0.112.
story_min_shared
    Signal A: rare anchors two articles must share to be compared at all.
story_one_to_one
    Pair each article with at most one article per other language, greedily
    by score (both signals; see :mod:`newsmill.story.pairs`).
story_translated_threshold, story_translated_ngram
    Signal B: Jaccard of word ``ngram``-shingle sets of translated text at or
    above which a pair is one story; not yet measured.
drop_story_duplicates
    Keep one article per story (the ``--keep`` choice) and mark the others
    as duplicates of it; by default every article stays, labelled only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..config import Config
from .anchor_signal import AnchorOptions
from .translated import TranslatedOptions


@dataclass(frozen=True)
class StoryOptions:
    """Story pass settings (see the module docstring); :class:`newsmill.Config` validates them."""

    stories: bool = Config.stories
    story_threshold: float = Config.story_threshold
    story_min_shared: int = Config.story_min_shared
    story_one_to_one: bool = Config.story_one_to_one
    story_translated_threshold: float = Config.story_translated_threshold
    story_translated_ngram: int = Config.story_translated_ngram
    drop_story_duplicates: bool = Config.drop_story_duplicates

    @classmethod
    def from_config(cls, config: Any) -> StoryOptions:
        """The options that ``config`` carries under the same names (the others keep their defaults)."""
        return cls(**{f.name: getattr(config, f.name) for f in fields(cls) if hasattr(config, f.name)})

    @property
    def anchors(self) -> AnchorOptions:
        return AnchorOptions(
            threshold=self.story_threshold, min_shared=self.story_min_shared, one_to_one=self.story_one_to_one
        )

    @property
    def translated(self) -> TranslatedOptions:
        return TranslatedOptions(
            threshold=self.story_translated_threshold,
            ngram=self.story_translated_ngram,
            one_to_one=self.story_one_to_one,
        )
