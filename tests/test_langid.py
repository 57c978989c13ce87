from newsmill.langid import detect, identify, summarise
from newsmill.record import Article, Paragraph, Source

ENGLISH = "The city council voted on Tuesday evening to approve a new ferry line across the harbour."
DUTCH = "De gemeenteraad heeft dinsdagavond ingestemd met een nieuwe veerverbinding over de haven."


def article(*texts: str) -> Article:
    return Article("a", Source("a.txt", 1, 1, 1), "", [Paragraph(t) for t in texts])


def test_detect_is_deterministic_and_correct():
    assert detect(ENGLISH)[0] == "en" and detect(DUTCH)[0] == "nl"
    assert [detect(DUTCH) for _ in range(5)] == [detect(DUTCH)] * 5


def test_short_text_is_undetermined():
    assert detect("NOS Tech") == ("und", 0.0)


def test_article_language_is_weighted_by_paragraph_length():
    mixed = article(ENGLISH, DUTCH + " " + DUTCH, "Harbour Wire")
    identify(mixed)
    assert mixed.para_langs == ["en", "nl", "und"]
    assert mixed.lang == "nl"
    assert 0.5 < mixed.lang_prob < 1.0


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
