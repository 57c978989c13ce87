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

:func:`identify_all` hands the articles to ``jobs`` worker processes in
chunks of about ``CHUNK_TEXTS`` paragraphs. Each process keeps the languages
it found by paragraph (the 64-bit xxh3 of the paragraph's UTF-8 bytes, up to
``PARAGRAPH_CACHE_SIZE`` of them, in a :class:`~.table.KeyRows` table looked
up for a whole chunk at once), so a paragraph repeated across the corpus
(boilerplate, copies) is classified once per process, and it sums up each
article's language itself: what comes back is a few numbers per paragraph
and per article. The results are the same for any ``jobs``.
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from xxhash import xxh3_64_intdigest

from ..hashing.distinct import distinct
from ..progress import SILENT, Progress
from ..record import Article
from ..workers import CHUNK_TEXTS, Workers, text_ranges
from .profiles import shipped_profiles
from .scorer import UNDETERMINED, Scorer
from .table import KeyRows, grown

__all__ = ["MIN_WORDS", "UNDETERMINED", "classify", "detect", "identify", "identify_all", "summarise"]

MIN_WORDS = 4
#: Paragraph languages a process keeps by paragraph hash (under 80 bytes each); a chunk that would take
#: it past this starts it again.
PARAGRAPH_CACHE_SIZE = 200_000

Language = tuple[str, float]

#: The ASCII characters ``str.split`` splits at and ``bytes.split`` does not.
_STRING_ONLY_SPACES = (b"\x1c", b"\x1d", b"\x1e", b"\x1f")


#: Each thread's scorer: its cache of word evidence grows as it scores, so threads (a Dask
#: worker's task threads) must not share one.
_per_thread = threading.local()


def _scorer() -> Scorer:
    """This thread's scorer (profiles read once per process; forked workers inherit both)."""
    scorer = getattr(_per_thread, "scorer", None)
    if scorer is None:
        scorer = _per_thread.scorer = Scorer(shipped_profiles())
    return scorer


def _long_texts(texts: Sequence[str | bytes]) -> list[int]:
    """The positions of the ``texts`` (strings, or their UTF-8 bytes) that have ``MIN_WORDS``
    words, told apart by whitespace as ``str.split`` tells them.

    ASCII bytes split alike unless they hold one of U+001C-U+001F (whitespace to ``str``, not to
    ``bytes``), looked for once in all the texts; other bytes are decoded first.
    """
    joined = b"".join(text for text in texts if isinstance(text, bytes))
    plain = not any(space in joined for space in _STRING_ONLY_SPACES)

    def words(text: str | bytes) -> list[str] | list[bytes]:
        if isinstance(text, bytes) and not (plain and text.isascii()):
            text = text.decode("utf-8")
        return text.split(maxsplit=MIN_WORDS - 1)

    return [i for i, text in enumerate(texts) if len(words(text)) == MIN_WORDS]


def _detect_numbers(texts: Sequence[str | bytes]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`detect` of each of ``texts`` (strings, or their UTF-8 bytes), scored as one batch: the
    languages as numbers into :attr:`Scorer.names` (``uint8``) and the probabilities (``float64``)."""
    scorer = _scorer()
    langs = np.full(len(texts), scorer.undetermined, dtype=np.uint8)
    probs = np.zeros(len(texts))
    long = _long_texts(texts)
    langs[long], probs[long] = scorer.numbers([texts[i] for i in long])
    return langs, probs


def _detect_many(texts: Sequence[str]) -> list[Language]:
    """:func:`detect` of each of ``texts``, scored as one batch."""
    langs, probs = _detect_numbers(texts)
    return list(zip(map(_scorer().names.__getitem__, langs.tolist()), probs.tolist(), strict=True))


def detect(text: str) -> Language:
    """Return ``(language code, probability)`` of ``text``, ``("und", 0.0)`` when too short."""
    return _detect_many([text])[0]


def _detect_range(texts: Sequence[str], indices: range) -> list[Language]:
    return _detect_many(texts[indices.start : indices.stop])


def classify(texts: Sequence[str], jobs: int = 1, progress: Progress = SILENT) -> list[Language]:
    """:func:`detect` of each of ``texts``, in chunks on ``jobs`` processes (0: every core).

    The texts are the workers' shared value and each chunk a range of
    indices (:class:`newsmill.workers.Workers`).
    """
    _scorer()  # read the profiles before the workers fork, so that they inherit them
    with Workers(texts, jobs) as workers:
        chunks = workers.map(_detect_range, text_ranges(len(texts)))
        return list(progress.track(chain.from_iterable(chunks), "langid", total=len(texts)))


def article_ranges(articles: Sequence[Article], size: int = CHUNK_TEXTS) -> list[range]:
    """Consecutive ranges of ``articles`` covering them all, each ending at the first article
    that brings its paragraphs to ``size`` or more (the last may hold fewer; one empty range
    for no articles)."""
    ranges, start, held = [], 0, 0
    for end, article in enumerate(articles, start=1):
        held += len(article.body)
        if held >= size:
            ranges.append(range(start, end))
            start, held = end, 0
    if start < len(articles) or not ranges:
        ranges.append(range(start, len(articles)))
    return ranges


class _Corpus:
    """What :func:`identify_all`'s workers share: the articles, and the languages a process has
    found so far, by paragraph hash (each forked process fills its own copy)."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles
        self._paragraphs = KeyRows(PARAGRAPH_CACHE_SIZE)  # paragraph hash -> row of langs and probs
        self._langs = np.zeros(0, dtype=np.uint8)
        self._probs = np.zeros(0)

    def languages(self, texts: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each of the paragraphs ``texts``' (UTF-8) hash, language number and probability, the
        paragraphs not found before scored as one batch."""
        keys = np.fromiter(map(xxh3_64_intdigest, texts), dtype=np.uint64, count=len(texts))
        rows = self._paragraphs.rows(keys, functools.partial(self._detect, texts))
        return keys, self._langs[rows], self._probs[rows]

    def _detect(self, texts: Sequence[bytes], at: np.ndarray, start: int) -> None:
        """Score ``texts[i]`` for each ``i`` of ``at`` and keep the results from row ``start`` on."""
        stop = start + len(at)
        self._langs, self._probs = grown(self._langs, stop), grown(self._probs, stop)
        found = _detect_numbers([texts[i] for i in at.tolist()])
        self._langs[start:stop], self._probs[start:stop] = found


@dataclass(frozen=True)
class _Found:
    """What a worker sends back for a chunk of articles: per paragraph, its hash (``uint64``),
    language number (``uint8``, into :attr:`Scorer.names`) and probability (``float64``); per
    article, the same two for the article (its :func:`summarise`)."""

    keys: np.ndarray
    paragraph_langs: np.ndarray
    paragraph_probs: np.ndarray
    article_langs: np.ndarray
    article_probs: np.ndarray


def _identify_range(corpus: _Corpus, chunk: range) -> _Found:
    """The languages of the paragraphs and articles of ``corpus.articles[chunk]``, the paragraphs
    this process has not seen before scored as one batch."""
    articles = corpus.articles[chunk.start : chunk.stop]
    keys, paragraph_langs, paragraph_probs = corpus.languages(
        [text for article in articles for text in article.body.encoded()]
    )
    names = _scorer().names
    number = {name: n for n, name in enumerate(names)}
    summaries = []
    start = 0
    for article in articles:
        end = start + len(article.body)
        if article.lang_given:  # kept by the main process: nothing to sum up
            summaries.append((UNDETERMINED, 0.0))
        else:
            langs = [names[n] for n in paragraph_langs[start:end].tolist()]
            probs = paragraph_probs[start:end].tolist()
            summaries.append(_article_language(article, article.body.lengths(), langs, probs))
        start = end
    return _Found(
        keys,
        paragraph_langs,
        paragraph_probs,
        np.array([number[lang] for lang, _ in summaries], dtype=np.uint8),
        np.array([prob for _, prob in summaries], dtype=np.float64),
    )


def identify_all(articles: Sequence[Article], jobs: int = 1, progress: Progress = SILENT) -> int:
    """:func:`identify` every article on ``jobs`` processes; return how many distinct paragraph texts
    there were (told apart by their 64-bit xxh3)."""
    names = _scorer().names  # the profiles read before the workers fork, so that they inherit them
    chunks = article_ranges(articles)
    keys = []
    with Workers(_Corpus(articles), jobs) as workers, progress.counting("langid", len(articles)) as advance:
        for chunk, found in zip(chunks, workers.map(_identify_range, chunks), strict=True):
            keys.append(found.keys)
            langs = [names[n] for n in found.paragraph_langs.tolist()]
            probs, width = found.paragraph_probs.tobytes(), found.paragraph_probs.itemsize
            summaries = zip(found.article_langs.tolist(), found.article_probs.tolist(), strict=True)
            start = 0
            for article, (lang, prob) in zip(articles[chunk.start : chunk.stop], summaries, strict=True):
                end = start + len(article.body)
                article.body = article.body.with_language_columns(langs[start:end], probs[width * start : width * end])
                if not article.lang_given:
                    article.lang, article.lang_prob = names[lang], prob
                start = end
            advance(len(chunk))
    return len(distinct(np.concatenate(keys)))


def identify(article: Article) -> None:
    """Detect every paragraph's language, then the article's."""
    identify_all([article])


def _article_language(
    article: Article, lengths: Iterable[int], langs: Iterable[str], probs: Iterable[float]
) -> Language:
    """The language of ``article`` from its paragraphs' ``lengths`` (characters), ``langs`` and ``probs``:
    the language with the largest share of the characters, each paragraph weighted by its length times
    its probability, and that share; the language of the title and text together when no paragraph has one."""
    weights: defaultdict[str, float] = defaultdict(float)  # language -> characters times probability
    total = 0
    for length, lang, prob in zip(lengths, langs, probs, strict=True):
        if lang != UNDETERMINED:
            weights[lang] += length * prob
            total += length
    if weights:
        lang, weight = max(weights.items(), key=lambda item: (item[1], item[0]))
        return lang, round(weight / total, 4)
    return detect(article.title + "\n" + article.text)


def summarise(article: Article) -> None:
    """Set the article language from its paragraphs' (no detection runs but the fallback).

    Kept as it is when the input gave it (``lang_given``).
    """
    if not article.lang_given:
        body = article.body
        article.lang, article.lang_prob = _article_language(article, body.lengths(), body.langs, body.probs())
