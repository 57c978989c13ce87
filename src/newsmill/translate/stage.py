"""The translation stage: articles in the source language come out in the target language.

For all articles at once: split the title and the paragraphs that need it
into sentences, drop repeated sentences, take what the cache has, translate
the rest in large batches, store those in the cache, then put every title and
paragraph back together (paragraph structure kept, sentences joined by one
space) and record the original beside it.

Sentences are joined with a space where argos decodes a paragraph's tokens
in one piece; the two differ only where a translated sentence starts inside a
word, which real models do not do in practice (the random test model does).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from newsmill.progress import SILENT, Progress
from newsmill.record import Article, Translated, Untranslated
from newsmill.settings import TranslateSettings
from newsmill.translate.batch import BatchTranslator
from newsmill.translate.cache import TranslationCache
from newsmill.translate.models import InstalledModel, find_model, install_hint
from newsmill.translate.sentences import SentenceSplitter, splitter_for

#: Sentences translated between two cache commits: at most what a crash loses.
SENTENCES_PER_COMMIT = 1000


@dataclass
class TranslationSummary:
    """What the stage did, for the run report.

    ``model`` is the ``translation_model`` value used (None when none was
    installed); ``untranslated_reasons`` counts articles per reason;
    ``paragraphs_already_target`` counts paragraphs of mixed articles left
    as they were; ``sentences_total`` counts every sentence of the text to
    translate, ``sentences_unique`` the distinct ones, ``cache_hits`` those
    the cache had and ``sentences_translated`` those sent to the model;
    ``install_hint`` is the one message to show when articles stayed
    untranslated for want of a model.
    """

    source: str
    target: str
    model: dict[str, str] | None = None
    sentence_splitter: str | None = None
    articles_translated: int = 0
    articles_untranslated: int = 0
    untranslated_reasons: dict[str, int] = field(default_factory=dict)
    paragraphs_translated: int = 0
    paragraphs_already_target: int = 0
    sentences_total: int = 0
    sentences_unique: int = 0
    cache_hits: int = 0
    sentences_translated: int = 0
    seconds: float = 0.0
    install_hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _ArticlePlan:
    """The sentences of one article to translate: title, and paragraphs by index.

    ``already_target`` counts the paragraphs left alone because they already
    are in the target language.
    """

    article: Article
    title: list[str]
    paragraphs: dict[int, list[str]]
    already_target: int

    def sentences(self) -> list[str]:
        return self.title + [s for sentences in self.paragraphs.values() for s in sentences]


def translate_articles(
    articles: Iterable[Article],
    *,
    source: str = "nl",
    target: str = "en",
    options: TranslateSettings = TranslateSettings(),
    cache: TranslationCache | bool = True,
    model: InstalledModel | None = None,
    progress: Progress = SILENT,
) -> TranslationSummary:
    """Translate, in place, the articles whose ``lang`` is ``source`` into ``target``.

    Translated articles get a :class:`~newsmill.record.Translated` ``translation``
    (written as ``text_original``, ``title_original``, ``lang_original``,
    ``translation_model`` and ``translated: true``); their title and
    paragraphs are replaced, and ``lang`` becomes ``target``, as does the ``lang`` of each translated
    paragraph (``lang_prob`` keeps the detection that chose it). Paragraphs
    whose ``lang`` already is ``target`` (mixed articles) are not sent to the
    model. Articles in other languages are not touched.

    With no installed model for the pair the articles keep their text and get
    an :class:`~newsmill.record.Untranslated` ``translation`` (written as
    ``translated: false`` and ``translation_reason``), and the summary carries
    the install hint; nothing is raised.

    ``options`` sets batch size, beam, threads, device and length limit;
    ``cache`` is a :class:`TranslationCache`, True for the default one or
    False for none; ``model`` overrides the installed package chosen for the
    pair (it must translate ``source`` to ``target``). ``progress`` counts the
    distinct sentences the model translates (cached ones are not counted).
    """
    if model is not None and (model.source, model.target) != (source, target):
        raise ValueError(f"model {model.name} translates {model.source}→{model.target}, not {source}→{target}")
    started = time.perf_counter()
    summary = TranslationSummary(source, target)
    pending = [article for article in articles if article.lang == source]
    if pending:
        model = model or find_model(source, target)
        if model is None:
            _mark_untranslated(pending, f"no argos model installed for {source}→{target}", summary)
            summary.install_hint = install_hint(source, target)
        else:
            _translate_pending(pending, model, options, cache, summary, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _translate_pending(
    articles: list[Article],
    model: InstalledModel,
    options: TranslateSettings,
    cache: TranslationCache | bool,
    summary: TranslationSummary,
    progress: Progress,
) -> None:
    summary.model = model.to_json()
    summary.sentence_splitter, split = splitter_for(model)
    plans = [_plan(article, model.target, split) for article in articles]
    sentences = [s for plan in plans for s in plan.sentences()]
    unique = list(dict.fromkeys(sentences))
    translations, sent_to_model = _translate_unique(unique, model, options, cache, progress)
    for plan in plans:
        _apply(plan, translations, model)
    summary.articles_translated = len(plans)
    summary.paragraphs_translated = sum(len(plan.paragraphs) for plan in plans)
    summary.paragraphs_already_target = sum(plan.already_target for plan in plans)
    summary.sentences_total = len(sentences)
    summary.sentences_unique = len(unique)
    summary.sentences_translated = sent_to_model
    summary.cache_hits = len(unique) - sent_to_model


def _plan(article: Article, target: str, split: SentenceSplitter) -> _ArticlePlan:
    paragraphs = {}
    already_target = 0
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph.lang == target:
            already_target += 1
        elif sentences := split(paragraph.text):
            paragraphs[index] = sentences
    return _ArticlePlan(article, split(article.title), paragraphs, already_target)


def _translate_unique(
    sentences: Sequence[str],
    model: InstalledModel,
    options: TranslateSettings,
    cache: TranslationCache | bool,
    progress: Progress,
) -> tuple[dict[str, str], int]:
    """Translations of the distinct ``sentences``, and how many of them the model had to translate."""
    store = TranslationCache() if cache is True else (cache if isinstance(cache, TranslationCache) else None)
    try:
        translations = store.lookup(model.cache_key, sentences) if store else {}
        missing = [s for s in sentences if s not in translations]
        if missing:
            # Loaded only now: a fully cached run never reads the weights.
            translator = BatchTranslator(model, options)
            with progress.counting("translate", len(missing)) as translated:
                for start in range(0, len(missing), SENTENCES_PER_COMMIT):
                    chunk = missing[start : start + SENTENCES_PER_COMMIT]
                    new = dict(zip(chunk, translator.translate(chunk), strict=False))
                    if store:
                        store.store(model.cache_key, new)
                    translations.update(new)
                    translated(len(chunk))
        return translations, len(missing)
    finally:
        if cache is True and store:
            store.close()


def _apply(plan: _ArticlePlan, translations: dict[str, str], model: InstalledModel) -> None:
    article = plan.article
    article.translation = Translated(text=article.text, title=article.title, lang=article.lang, model=model.to_json())
    paragraphs = list(article.paragraphs)
    for index, sentences in plan.paragraphs.items():
        paragraphs[index] = replace(paragraphs[index], text=_join(sentences, translations), lang=model.target)
    article.paragraphs = paragraphs
    if plan.title:
        article.title = _join(plan.title, translations)
    article.lang = model.target


def _join(sentences: list[str], translations: dict[str, str]) -> str:
    return " ".join(translations[s] for s in sentences)


def _mark_untranslated(articles: list[Article], reason: str, summary: TranslationSummary) -> None:
    for article in articles:
        article.translation = Untranslated(reason)
    summary.articles_untranslated = len(articles)
    summary.untranslated_reasons = {reason: len(articles)}
