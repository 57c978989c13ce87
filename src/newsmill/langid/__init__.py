"""Language identification on langdetect's model, per paragraph and per article.

newsmill scores a text with langdetect's language profiles and its text
normalisation (:mod:`.ngrams`, :mod:`.profiles`), but instead of
langdetect's random trials it sums the evidence of every n-gram of the text:
a naive-Bayes posterior over the 55 languages with a uniform prior, a softmax
of the summed log-likelihoods (:mod:`.scorer`). The answer is deterministic
and a function of the text alone.

Rules:

- A paragraph of fewer than ``MIN_WORDS`` words, or without a 3-gram of any
  profile, is ``und`` (undetermined): too short to call.
- The article language is the language with the largest share of the
  article's characters, each paragraph weighted by its length times its
  probability; ``lang_prob`` is that weighted share. An article without a
  determined paragraph gets the language of its title and text together.
- An article whose language was given by its input (JSONL ``lang``) keeps it.

:func:`identify_all` classifies each distinct paragraph text of a run once
(boilerplate and copies repeat), on ``jobs`` worker processes, with the same
results for any ``jobs``.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from itertools import chain

import numpy as np
from xxhash import xxh3_64_intdigest

from ..progress import SILENT, Progress
from ..record import Article
from ..textview import ParagraphTexts, TextView
from ..workers import Workers, text_ranges
from .profiles import shipped_profiles
from .scorer import UNDETERMINED, Scorer

__all__ = ["MIN_WORDS", "UNDETERMINED", "classify", "detect", "identify", "identify_all", "summarise"]

MIN_WORDS = 4

Language = tuple[str, float]


#: Each thread's scorer: its cache of word evidence grows as it scores, so threads (a Dask
#: worker's task threads) must not share one.
_per_thread = threading.local()


def _scorer() -> Scorer:
    """This thread's scorer (profiles read once per process; forked workers inherit both)."""
    scorer = getattr(_per_thread, "scorer", None)
    if scorer is None:
        scorer = _per_thread.scorer = Scorer(shipped_profiles())
    return scorer


def _detect_many(texts: Sequence[str]) -> list[Language]:
    """:func:`detect` of each of ``texts``, scored as one batch."""
    results: list[Language] = [(UNDETERMINED, 0.0)] * len(texts)
    long = [i for i, text in enumerate(texts) if len(text.split(maxsplit=MIN_WORDS - 1)) == MIN_WORDS]
    for i, result in zip(long, _scorer().score([texts[i] for i in long]), strict=False):
        results[i] = result
    return results


def detect(text: str) -> Language:
    """Return ``(language code, probability)`` of ``text``, ``("und", 0.0)`` when too short."""
    return _detect_many([text])[0]


def _detect_range(texts: Sequence[str], indices: range) -> list[Language]:
    return _detect_many([texts[i] for i in indices])


def classify(texts: Sequence[str], jobs: int = 1, progress: Progress = SILENT) -> list[Language]:
    """:func:`detect` of each of ``texts``, in chunks on ``jobs`` processes (0: every core).

    The texts are the workers' shared value and each chunk a range of
    indices (:class:`newsmill.workers.Workers`).
    """
    _scorer()  # read the profiles before the workers fork, so that they inherit them
    with Workers(texts, jobs) as workers:
        chunks = workers.map(_detect_range, text_ranges(len(texts)))
        return list(progress.track(chain.from_iterable(chunks), "langid", total=len(texts)))


def identify_all(articles: Sequence[Article], jobs: int = 1, progress: Progress = SILENT) -> int:
    """:func:`identify` every article, each distinct paragraph text classified once; return how many there were.

    Texts are told apart by the 64-bit xxh3 of their bytes, so this process holds a few
    integers per paragraph, not the distinct texts: the workers decode those they classify
    from the articles themselves (:class:`~newsmill.textview.ParagraphTexts`).
    """
    keys = np.fromiter(
        (xxh3_64_intdigest(raw) for article in articles for raw in article.body.encoded()), dtype=np.uint64
    )
    _, first, number = np.unique(keys, return_index=True, return_inverse=True)
    del keys
    texts = ParagraphTexts(articles)
    found = classify(TextView(first.tolist(), texts.__getitem__), jobs, progress)
    end = 0
    for article in articles:
        start, end = end, end + len(article.body)
        article.body = article.body.with_languages([found[n] for n in number[start:end].tolist()])
        summarise(article)
    return len(found)


def identify(article: Article) -> None:
    """Detect every paragraph's language, then the article's."""
    identify_all([article])


def summarise(article: Article) -> None:
    """Set the article language from its paragraphs' (no detection runs but the fallback).

    Kept as it is when the input gave it (``lang_given``).
    """
    if article.lang_given:
        return
    weights: defaultdict[str, float] = defaultdict(float)  # language -> characters times probability
    total = 0
    for length, lang, prob in zip(article.body.lengths(), article.body.langs, article.body.probs(), strict=True):
        if lang != UNDETERMINED:
            weights[lang] += length * prob
            total += length
    if weights:
        lang, weight = max(weights.items(), key=lambda item: (item[1], item[0]))
        article.lang, article.lang_prob = lang, round(weight / total, 4)
    else:
        article.lang, article.lang_prob = detect(article.title + "\n" + article.text)
