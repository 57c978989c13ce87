"""Signal B: story pairs from translated text (needs the translation stage to have run).

Once a Dutch article has been translated into English, it and the English
original of the same story share many words but few long word runs: a
machine translation never matches the original word for word. So the pairs
come from the copy-level machinery (:func:`newsmill.dedupe.find_pairs`:
MinHash LSH tuned ``CANDIDATE_MARGIN`` below the threshold, then the exact
Jaccard similarity of the shingle sets) with *shorter* shingles
(``ngram`` words, 2 by default) and a *lower* threshold:

    J(x, y) = |S_n(x) ∩ S_n(y)| / |S_n(x) ∪ S_n(y)| >= threshold,

where S_n is the set of word n-grams. Only articles now in a language that
some translated article was translated into take part, and a pair counts
only when the two articles' original languages differ (``lang_original``,
else ``lang``) and both are now in the same language: the same story within
one language is the copy-level dedupe's business. With ``one_to_one``
an article keeps at most one partner per other original language
(:func:`newsmill.story.pairs.one_to_one`).

The defaults (``ngram`` 2, ``threshold`` 0.3) are *not yet measured*: no
translation model can be downloaded where newsmill was tuned.
``benchmarks/story_quality.py --model FILE.argosmodel`` measures them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass

from ..config import Config
from ..dedupe import find_pairs
from ..settings import StorySettings
from .pairs import StoryPair, one_to_one

SIGNAL = "translated"


@dataclass(frozen=True)
class TranslatedOptions:
    """Parameters of signal B: ``threshold`` (Jaccard of ``ngram``-word shingle sets) and ``one_to_one``."""

    threshold: float = StorySettings.story_translated_threshold
    ngram: int = StorySettings.story_translated_ngram
    one_to_one: bool = StorySettings.story_one_to_one


def target_langs(langs: Iterable[str], origins: Iterable[str]) -> set[str]:
    """The languages some article was translated into (``lang`` differs from its origin)."""
    return {lang for lang, origin in zip(langs, origins, strict=False) if lang != origin}


def compared(langs: Sequence[str], targets: Set[str]) -> list[int]:
    """The articles signal B compares: those now in one of the ``targets`` languages."""
    return [i for i, lang in enumerate(langs) if lang in targets]


def translated_pairs(
    texts: Sequence[str] | Mapping[int, str],
    langs: Sequence[str],
    origins: Sequence[str],
    options: TranslatedOptions = TranslatedOptions(),
    config: Config = Config(),
) -> list[StoryPair]:
    """Verified story pairs among ``texts``, sorted by ``(a, b)``.

    texts: every article's text, or only those of the articles :func:`compared` names (by index);
    langs: each text's language now; origins: its language before
    translation (equal to ``langs`` for untranslated texts). ``config`` gives
    the dedupe engine, jobs and MinHash permutations; its threshold and
    n-gram size are replaced by ``options``'.
    """
    chosen = compared(langs, target_langs(langs, origins))
    if not chosen:
        return []
    settings = config.with_changes("dedupe", threshold=options.threshold, ngram=options.ngram)
    pairs = []
    for pair in find_pairs([texts[i] for i in chosen], settings):
        a, b = chosen[pair.a], chosen[pair.b]
        if pair.duplicate and langs[a] == langs[b] and origins[a] != origins[b]:
            pairs.append(StoryPair(min(a, b), max(a, b), SIGNAL, pair.similarity))
    pairs.sort(key=lambda p: (p.a, p.b))
    return one_to_one(pairs, origins) if options.one_to_one else pairs
