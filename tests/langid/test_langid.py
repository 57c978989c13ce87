"""Language identification: langdetect's model scored deterministically, per distinct paragraph, on any --jobs."""

import langdetect.detector_factory as langdetect_factory
import numpy as np
import pytest
from helpers import SHARED
from hypothesis import given
from hypothesis import strategies as st

import newsmill.langid
from benchmarks.quality import flores_units
from newsmill.langid import article_ranges, classify, detect, identify, identify_all, summarise
from newsmill.langid.ngrams import WordSpans, clean_all, word_keys, word_ngrams
from newsmill.langid.profiles import shipped_profiles
from newsmill.langid.scorer import Scorer
from newsmill.record import Article, Paragraph, Source

ENGLISH = "The city council voted on Tuesday evening to approve a new ferry line across the harbour."
DUTCH = "De gemeenteraad heeft dinsdagavond ingestemd met een nieuwe veerverbinding over de haven."
FLORES = flores_units(SHARED / "data")
needs_flores = pytest.mark.skipif(FLORES is None, reason=f"FLORES-200 devtest files not found in {SHARED / 'data'}")


def article(*texts: str, name: str = "a") -> Article:
    return Article(name, Source("a.txt", 1, 1, 1), "", [Paragraph(t) for t in texts])


def test_detect_is_deterministic_and_correct():
    assert detect(ENGLISH)[0] == "en" and detect(DUTCH)[0] == "nl"
    assert [detect(DUTCH) for _ in range(5)] == [detect(DUTCH)] * 5


def test_short_text_is_undetermined():
    assert detect("NOS Tech") == ("und", 0.0)
    assert detect("12 34 56 78 90") == ("und", 0.0)  # enough words, but no letter n-gram of any profile


def test_article_language_is_weighted_by_paragraph_length():
    mixed = article(ENGLISH, DUTCH + " " + DUTCH, "Harbour Wire")
    identify(mixed)
    assert mixed.para_langs == ["en", "nl", "und"]
    assert mixed.lang == "nl"
    assert 0.5 < mixed.lang_prob < 1.0


def test_article_without_a_determined_paragraph_falls_back_to_title_and_text():
    short = article("De haven.", "Een veer.")
    short.title = "Gemeenteraad stemt in met veerverbinding"
    identify(short)
    assert short.para_langs == ["und", "und"] and short.lang == "nl"


def test_summarise_follows_paragraphs_after_removal():
    mixed = article(ENGLISH, DUTCH + " " + DUTCH)
    identify(mixed)
    mixed.paragraphs = mixed.paragraphs[:1]
    summarise(mixed)
    assert (mixed.lang, mixed.para_langs) == ("en", ["en"])


def test_given_language_is_not_overridden():
    given = article(ENGLISH)
    given.lang, given.lang_prob, given.lang_given = "nl", 1.0, True
    identify(given)
    assert given.lang == "nl" and given.para_langs == ["en"]


def test_ngrams_are_langdetects():
    """The n-grams scored are exactly those langdetect's Detector extracts, in its order."""
    langdetect_factory.init_factory()
    factory = langdetect_factory._factory
    vocabulary = shipped_profiles().vocabulary
    texts = [
        ENGLISH, DUTCH, "NOS Tech", "the USA's GDP  grew 3.5% in Q1; see http://example.com/a?b=1 or mail me@x.org ",
        "Привет мир hello world", "日本語のテキストです ABC", "Tiếng Việt có dấu", "ÄÖÜäöü ß  œ", "x" * 12_000,
        "NOS AbCD ÀÉ iPhone XDR-TB", "A B  C\n\nD", "a ", " ", "",
        " ".join(map(chr, range(128))) + " word",  # every ASCII character (ASCII texts take a byte table)
        " ".join(map(chr, range(256))) + " woord",  # every Latin-1 character (Latin-1 texts too)
        "ab " * 3_400 + "Жук",  # a character beyond Latin-1 after the cut at 10,000 characters
        "日本 Привет " * 2 + "ok",  # CJK: str.translate, not the code-unit table
        "Жук ab 😀 z", "Ж😀 a",  # a character beyond the Basic Multilingual Plane: two code units, one character
        "ab Привет’s",  # step 2 drops the Latin letters of a text in another script, and the table normalises the rest
    ]
    for text in texts:
        assert ngrams_of(text, factory, vocabulary) == langdetect_ngrams(text, factory), text[:40]


def ngrams_of(text, factory, vocabulary):
    return [g for key in word_keys(text) for g in word_ngrams(key) if g in vocabulary]


def langdetect_ngrams(text, factory):
    detector = factory.create()
    detector.append(text)
    detector.cleaning_text()
    return detector._extract_ngrams()


@given(st.text(st.characters(max_codepoint=0x3100), max_size=60) | st.text(max_size=30))
def test_ngrams_are_langdetects_for_any_text(text):
    """Any text, Latin-1, the table's characters (below U+3000) and beyond."""
    langdetect_factory.init_factory()
    factory = langdetect_factory._factory
    assert ngrams_of(text, factory, shipped_profiles().vocabulary) == langdetect_ngrams(text, factory)


TRICKY = [
    ENGLISH, "NOS Tech", "the USA's GDP  grew 3.5% in Q1; see http://example.com/a?b=1 or mail me@x.org ",
    "Привет мир hello world", "日本語のテキストです ABC", "Tiếng Việt có dấu", "Tie\u0301ng Vie\u0323t", "ÄÖÜäöü ß  œ",
    "x" * 12_000, "é" * 10_005 + " ab", "A B  C\n\nD", "a ", " ", "", "\0 nul\0", "it’s “quoted” — 😀 emoji",
]


@given(st.lists(st.sampled_from(TRICKY) | st.text(max_size=40), max_size=6))
def test_word_spans_are_the_texts_word_keys(texts):
    """A batch's spans cut the joined buffer into each text's word_keys, in order, text after text."""
    words = WordSpans.of(texts)
    assert words.counts.tolist() == [len(word_keys(t)) for t in texts]
    assert words.keys(np.arange(len(words.starts))) == [k for t in texts for k in word_keys(t)]
    as_bytes = WordSpans.of([t.encode("utf-8", "surrogatepass") for t in texts])  # the texts' UTF-8: the same keys
    assert as_bytes.buffer == words.buffer and as_bytes.counts.tolist() == words.counts.tolist()


@given(st.lists(st.sampled_from([*TRICKY, "Жук😀ab", "😀Ж ab 日本"]) | st.text(max_size=40), max_size=8))
def test_texts_cleaned_together_are_each_cleaned_alone(texts):
    """The texts beyond Latin-1 are cleaned on their code units laid end to end: none leaks into the next."""
    assert clean_all(texts) == [clean_all([text])[0] for text in texts]


@given(st.lists(st.sampled_from(TRICKY) | st.text(max_size=40), min_size=1, max_size=6))
def test_word_ids_are_equal_exactly_for_equal_keys(texts):
    words = WordSpans.of(texts)
    keys = words.keys(np.arange(len(words.starts)))
    by_id = dict(zip(words.ids().tolist(), keys, strict=True))
    assert len(by_id) == len(set(keys))  # one id per distinct key, and no two keys share one
    assert [by_id[i] for i in words.ids().tolist()] == keys


@given(st.sampled_from(TRICKY) | st.text(max_size=40) | st.text("ab \x1c\x1f\xa0\u2003", max_size=12))
def test_the_word_count_of_utf8_bytes_is_the_strings(text):
    encoded = text.encode("utf-8", "surrogatepass")
    assert newsmill.langid._long_texts([encoded]) == newsmill.langid._long_texts([text])
    assert newsmill.langid._long_texts([encoded, b"a b c d"]) == newsmill.langid._long_texts([text, "a b c d"])
    assert detect(text) == newsmill.langid._detect_many([encoded])[0]


@given(st.sampled_from(TRICKY[:-2]) | st.text(max_size=30), st.integers(1, 3))
def test_ngrams_of_one_length_are_those_of_all_lengths_filtered(text, length):
    for key in word_keys(text):
        assert word_ngrams(key, length) == [g for g in word_ngrams(key) if len(g) == length]


def test_article_ranges_cut_at_the_chunk_size():
    articles = [article(*["p"] * n, name=f"a{i}") for i, n in enumerate([3, 0, 4, 1, 2, 5, 0])]
    ranges = article_ranges(articles, size=4)
    assert [(r.start, r.stop) for r in ranges] == [(0, 3), (3, 6), (6, 7)]  # 7 paragraphs, 8, then 0
    assert article_ranges([], size=4) == [range(0)]


def test_probabilities_are_a_posterior():
    lang, prob = detect("He built a WiFi door bell, he said.")
    assert lang == "en" and 0.5 <= prob < 0.95  # short, and its n-grams are Dutch too: far from certain


def corpus() -> list[Article]:
    boilerplate = "Deel dit artikel via Facebook, Twitter of WhatsApp met je vrienden."
    texts = [ENGLISH, DUTCH, "Harbour Wire", "The ferry will run every hour from the old harbour to the new island."]
    return [article(texts[i % 4], texts[(i + 1) % 4], boilerplate, f"Word{i} word{i} word{i} word{i}.", name=f"a{i}")
            for i in range(2_400)]


def labels(articles: list[Article]) -> list[tuple]:
    return [(a.lang, a.lang_prob, [(p.lang, p.lang_prob) for p in a.paragraphs]) for a in articles]


def test_results_do_not_depend_on_jobs():
    one, two = corpus(), corpus()
    assert identify_all(one, jobs=1) == identify_all(two, jobs=2)  # 2,405 distinct texts: three chunks
    assert labels(one) == labels(two)
    singles = corpus()[:8]
    for single in singles:
        identify(single)
    assert labels(singles) == labels(one[:8])


def test_paragraph_cache_starting_again_changes_no_result(monkeypatch):
    full = corpus()
    identify_all(full)
    monkeypatch.setattr(newsmill.langid, "PARAGRAPH_CACHE_SIZE", 3)
    small = corpus()
    identify_all(small)
    assert labels(small) == labels(full)


def test_each_distinct_paragraph_is_classified_once(monkeypatch):
    scored: list[str] = []
    numbers = Scorer.numbers

    def counting(self, texts):
        scored.extend(t.decode() if isinstance(t, bytes) else t for t in texts)  # identify_all passes UTF-8
        return numbers(self, texts)

    monkeypatch.setattr(Scorer, "numbers", counting)
    articles = [article(ENGLISH, DUTCH, "Harbour Wire", name=f"a{i}") for i in range(50)]
    assert identify_all(articles) == 3
    assert sorted(scored) == sorted([ENGLISH, DUTCH])  # "Harbour Wire" is too short to score
    assert {tuple(a.para_langs) for a in articles} == {("en", "nl", "und")}


@needs_flores  # the floors: langdetect's own accuracy (seed 0), 0.9930 and 1.000
@pytest.mark.parametrize("level, floor", [("sentence", 0.993), ("paragraph", 1.0)])
def test_flores_accuracy(level, floor):
    pairs = FLORES[level]
    found = classify([text for _, text in pairs])
    assert sum(f == gold for (f, _), (gold, _) in zip(found, pairs, strict=False)) / len(pairs) >= floor


def test_evidence_holds_langdetects_probabilities():
    """evidence = log(1 + p/ε) with langdetect's own p(n-gram | language) and ε."""
    langdetect_factory.init_factory()
    factory = langdetect_factory._factory
    profiles = shipped_profiles()
    assert sorted(factory.langlist) == list(profiles.languages)
    assert profiles.vocabulary.keys() == factory.word_lang_prob_map.keys()
    smoothing = 0.5 / 10_000
    for gram in ["e", "ij", " de", "the", "ß", "ий"]:
        theirs = dict(zip(factory.langlist, factory.word_lang_prob_map[gram], strict=False))
        ours = profiles.evidence[profiles.vocabulary[gram]].toarray()[0]
        assert np.allclose(np.expm1(ours) * smoothing, [theirs[lang] for lang in profiles.languages], rtol=1e-12)


def test_word_cache_starting_again_changes_no_score():
    texts = [ENGLISH, DUTCH, "The ferry will run every hour from the old harbour to the new island."]
    small = Scorer(shipped_profiles(), cache_size=5)
    assert [small.score([t])[0] for t in texts * 2] == Scorer(shipped_profiles()).score(texts * 2)


def test_a_language_met_late_scores_as_if_met_first():
    """The evidence cache gains a column when a word first has evidence in a language (Cyrillic after Latin)."""
    texts = [ENGLISH, "Привет мир, как у тебя дела сегодня вечером?", DUTCH, "日本語のテキストです ABC と その他"]
    warm = Scorer(shipped_profiles())
    one_by_one = [warm.score([t])[0] for t in texts]
    assert one_by_one == [Scorer(shipped_profiles()).score([t])[0] for t in texts]
    assert Scorer(shipped_profiles()).score(texts) == one_by_one
    assert [lang for lang, _ in one_by_one] == ["en", "ru", "nl", "ja"]
