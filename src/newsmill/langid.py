"""Language identification with langdetect, per paragraph and per article.

langdetect samples n-grams at random; newsmill fixes its seed so the same
text always gets the same answer. A paragraph of fewer than ``MIN_WORDS``
words is ``und`` (undetermined): too short to call. The article language is
the language with the largest share of the article's characters, each
paragraph weighted by its length times the probability langdetect gives it;
``lang_prob`` is that weighted share. An article whose language was given by
its input (JSONL ``lang``) keeps it.
"""

from __future__ import annotations

from collections import Counter

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from .record import Article

UNDETERMINED = "und"
MIN_WORDS = 4
SEED = 0

DetectorFactory.seed = SEED


def detect(text: str) -> tuple[str, float]:
    """Return ``(language code, probability)`` of ``text``, ``("und", 0.0)`` when too short."""
    if len(text.split()) < MIN_WORDS:
        return UNDETERMINED, 0.0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return UNDETERMINED, 0.0
    return best.lang, round(best.prob, 4)


def identify(article: Article) -> None:
    """Detect every paragraph's language, then the article's."""
    for paragraph in article.paragraphs:
        paragraph.lang, paragraph.lang_prob = detect(paragraph.text)
    summarise(article)


def summarise(article: Article) -> None:
    """Set the article language from its paragraphs' (no detection runs).

    Kept as it is when the input gave it (``lang_given``).
    """
    if article.lang_given:
        return
    weights: Counter[str] = Counter()
    total = 0
    for paragraph in article.paragraphs:
        if paragraph.lang != UNDETERMINED:
            weights[paragraph.lang] += len(paragraph.text) * paragraph.lang_prob
            total += len(paragraph.text)
    if weights:
        lang, weight = max(weights.items(), key=lambda item: (item[1], item[0]))
        article.lang, article.lang_prob = lang, round(weight / total, 4)
    else:
        article.lang, article.lang_prob = detect(article.title + "\n" + article.text)
