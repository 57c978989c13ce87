"""End-to-end tests of the translation stage on the tiny real argos package.

Nothing is faked: the tiny package (tests/tiny_argos.py) is installed with
argos's install code and run through CTranslate2. Its output is nonsense, so
these tests check structure and bookkeeping, never wording.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from newsmill.record import Article, Paragraph, Source
from newsmill.settings import TranslateSettings
from newsmill.translate import TranslationCache, translate_articles

# Greedy-ish and short: the tiny model's output is nonsense either way.
FAST = TranslateSettings(beam_size=2, threads=1, device="cpu", max_decoding_length=24)


def article(article_id: str, title: str, paragraphs: list[str], lang: str = "nl",
            para_langs: list[str] | None = None) -> Article:
    langs = para_langs or [lang] * len(paragraphs)
    return Article(
        id=article_id,
        source=Source(f"{article_id}.txt", 1, len(paragraphs), 1),
        title=title,
        paragraphs=[Paragraph(text, lang=code) for text, code in zip(paragraphs, langs, strict=False)],
        lang=lang,
    )


def corpus() -> list[Article]:
    return [
        article("nos-1", "Kabinet presenteert nieuw klimaatplan", [
            "Het kabinet heeft vandaag een nieuw klimaatplan gepresenteerd. De oppositie is kritisch.",
            "Volgens minister De Vries moet de uitstoot in 2030 met 55 procent omlaag. Dat is veel!",
            "De oppositie is kritisch.",
        ]),
        article("nos-2", "Storm raast over het land", [
            "Code oranje in Zeeland en Holland. Treinen rijden niet.",
            "De oppositie is kritisch.",
        ]),
        article("bbc-1", "Storm hits the Netherlands", ["Trains are not running in Zeeland."], lang="en"),
    ]


def test_structure_is_kept_and_originals_are_recorded(tiny_argos_model, tmp_path: Path) -> None:
    articles = corpus()
    before = copy.deepcopy(articles)
    summary = translate_articles(articles, options=FAST, cache=TranslationCache(tmp_path))

    assert summary.articles_translated == 2 and summary.articles_untranslated == 0
    for old, new in zip(before[:2], articles[:2], strict=False):
        assert len(new.paragraphs) == len(old.paragraphs)
        assert all(p.text.strip() for p in new.paragraphs)
        assert [p.text for p in new.paragraphs] != [p.text for p in old.paragraphs]
        assert new.lang == "en" and new.para_langs == ["en"] * len(old.paragraphs)
        record = new.to_json()
        assert record["text_original"] == old.text
        assert record["title_original"] == old.title and record["title"] != old.title
        assert record["lang_original"] == "nl" and record["translated"] is True
        assert record["translation_model"] == {
            "name": "translate-nl_en", "version": "0.0.1+tiny", "source": "nl", "target": "en",
        }
    assert articles[2].to_json() == before[2].to_json()  # English: untouched, no fields added


def test_output_is_deterministic(tiny_argos_model) -> None:
    first, second = corpus(), corpus()
    translate_articles(first, options=FAST, cache=False)
    translate_articles(second, options=FAST, cache=False)
    assert [a.to_json() for a in first] == [a.to_json() for a in second]


def test_second_run_comes_from_the_cache(tiny_argos_model, tmp_path: Path) -> None:
    first, second = corpus(), corpus()
    with TranslationCache(tmp_path) as cache:
        cold = translate_articles(first, options=FAST, cache=cache)
        warm = translate_articles(second, options=FAST, cache=cache)

    # "De oppositie is kritisch." appears three times but is translated once.
    assert cold.sentences_unique < cold.sentences_total
    assert cold.sentences_translated == cold.sentences_unique and cold.cache_hits == 0
    assert warm.sentences_translated == 0 and warm.cache_hits == warm.sentences_unique
    assert [a.to_json() for a in first] == [a.to_json() for a in second]


def test_paragraphs_already_in_the_target_language_are_skipped(tiny_argos_model) -> None:
    english = "Prime minister says the plan is final."
    mixed = article("nos-3", "Premier reageert", ["De premier reageert.", english, "Hij is boos."],
                    para_langs=["nl", "en", "nl"])
    summary = translate_articles([mixed], options=FAST, cache=False)

    assert summary.paragraphs_already_target == 1 and summary.paragraphs_translated == 2
    assert mixed.paragraphs[1].text == english
    assert mixed.paragraphs[0].text != "De premier reageert."
    assert mixed.para_langs == ["en", "en", "en"]
    # Two Dutch sentences and the title went to the model, not the English paragraph.
    assert summary.sentences_translated == 3


def test_without_a_model_articles_stay_dutch_with_a_reason(tiny_argos_packages_dir, tmp_path: Path) -> None:
    articles = corpus()
    before = copy.deepcopy(articles)
    summary = translate_articles(articles, cache=TranslationCache(tmp_path))

    reason = "no argos model installed for nl→en"
    assert summary.articles_translated == 0 and summary.articles_untranslated == 2
    assert summary.untranslated_reasons == {reason: 2}
    assert "newsmill models install FILE.argosmodel" in summary.install_hint
    for old, new in zip(before[:2], articles[:2], strict=False):
        record = new.to_json()
        assert record["translated"] is False and record["translation_reason"] == reason
        assert record["text"] == old.text and record["lang"] == "nl"
        assert "text_original" not in record
    assert articles[2].to_json() == before[2].to_json()


def test_nothing_to_translate_needs_no_model(tiny_argos_packages_dir) -> None:
    english = [article("bbc-1", "Storm", ["Trains stop."], lang="en")]
    summary = translate_articles(english, cache=False)
    assert summary.articles_untranslated == 0 and summary.install_hint is None


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_batched_output_equals_argos_per_paragraph_output(tiny_argos_model) -> None:
    """Batching must not change a translation: compare with argos's own translate()."""
    from argostranslate import translate as argos_translate

    # One sentence a paragraph: argos decodes a paragraph's sentences in one piece,
    # newsmill joins them with a space, which differs where a (random) translation
    # starts inside a word.
    paragraphs = ["Het kabinet heeft een plan.", "De oppositie is kritisch!", "Wat gebeurt er nu?",
                  "Volgens minister De Vries moet de uitstoot in 2030 met 55 procent omlaag."]
    ours = article("nos-4", "", paragraphs)
    # argos's defaults: beam 4, CTranslate2's 256-token limit.
    translate_articles([ours], options=TranslateSettings(device="cpu"), cache=False)
    argos_output = argos_translate.translate("\n".join(paragraphs), "nl", "en").split("\n")
    assert [p.text for p in ours.paragraphs] == argos_output


def test_progress_counts_the_sentences_sent_to_the_model(tiny_argos_model, tmp_path: Path) -> None:
    from test_progress import Recording

    progress = Recording()
    with TranslationCache(tmp_path) as cache:
        summary = translate_articles(corpus(), options=FAST, cache=cache, progress=progress)
        total, _, amounts = progress.steps["translate"]
        assert total == sum(amounts) == summary.sentences_translated > 0
        again = Recording()
        translate_articles(corpus(), options=FAST, cache=cache, progress=again)
    assert "translate" not in again.steps  # all from the cache: nothing to wait for
