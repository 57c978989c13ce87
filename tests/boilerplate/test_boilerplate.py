from helpers import body

from newsmill.boilerplate import stage
from newsmill.boilerplate.stage import PARAGRAPH_RULES, strip_boilerplate, summarise_removals
from newsmill.config import Config
from newsmill.record import Article, Paragraph, Source
from newsmill.text import text_hash

NOTICE = "We use cookies to improve your experience on this site."


def article(name: str, *texts: str) -> Article:
    return Article(name, Source(f"{name}.txt", 1, 1, 1), "", [Paragraph(t) for t in texts])


def test_paragraph_in_two_articles_is_stripped_and_reported():
    articles = [article("a", body("alpha"), NOTICE), article("b", NOTICE, body("beta")), article("c", body("gamma"))]
    strip_boilerplate(articles, Config())
    summary = summarise_removals(articles)
    assert [p.text for p in articles[0].paragraphs] == [body("alpha")]
    assert [p.text for p in articles[1].paragraphs] == [body("beta")]
    assert [(r.article_id, r.paragraph.text, r.reason, r.count) for r in articles[0].removals] == [
        ("a", NOTICE, "repeated", 2)
    ]
    assert (summary.paragraphs_removed, summary.distinct_paragraphs, summary.articles_touched) == (2, 1, 2)


def test_min_count_is_respected():
    articles = [article("a", body("alpha"), NOTICE), article("b", NOTICE, body("beta"))]
    strip_boilerplate(articles, Config(boilerplate_min_count=3))
    assert all(len(a.paragraphs) == 2 for a in articles)


def test_an_article_scraped_twice_does_not_make_its_paragraphs_boilerplate():
    original = article("a", body("alpha"), body("beta"), body("gamma"))
    exact_copy = article("b", body("alpha"), body("beta"), body("gamma"))
    edited_copy = article("c", body("alpha"), body("beta"), body("gamma") + " Updated.")
    articles = [original, exact_copy, edited_copy, article("d", body("delta"))]
    strip_boilerplate(articles, Config())
    summary = summarise_removals(articles)
    assert summary.paragraphs_removed == 0


def test_paragraph_repeated_inside_one_article_is_stripped():
    one = article("a", body("alpha"), "photo credit line", body("beta"), "photo credit line")
    strip_boilerplate([one, article("b", body("gamma"))], Config())
    assert [p.text for p in one.paragraphs] == [body("alpha"), body("beta")]
    assert {r.reason for r in one.removals} == {"repeated-in-article"}


def corpus_with_furniture_in_many_scripts() -> list[Article]:
    """Articles sharing notices in and beyond ASCII (two-, three- and four-byte characters), some
    touched at the start, middle or end, one emptied, one untouched, in input order."""
    notices = [NOTICE, "Lees ook: café-nieuws — élke dag", "読者の皆様へ: 広告を表示しています", "Deel dit 😀 artikel"]
    texts = [
        [notices[1], body("alpha") + " — één", notices[2]],
        [body("beta"), notices[0], body("gamma") + " 日本", notices[3]],
        [body("delta")],
        ["Sluit dit venster — ウィンドウ 📷", "Sluit dit venster — ウィンドウ 📷"],
        [notices[3], body("epsilon") + " naïve", notices[0], body("zeta"), notices[1]],
        [notices[0], body("eta")],
        [body("theta") + " 😀", notices[1], notices[2]],
    ]
    return [article(f"a{k}", *paragraphs) for k, paragraphs in enumerate(texts)]


def test_cutting_in_blocks_removes_what_the_paragraph_by_paragraph_walk_removes(monkeypatch):
    # _cut (blocks of two articles here) against _strip_with_junk, which walks Paragraph values
    # (there is no junk line in these articles, so it removes the same paragraphs).
    monkeypatch.setattr(stage, "CUT_BLOCK", 2)
    cut, walked = corpus_with_furniture_in_many_scripts(), corpus_with_furniture_in_many_scripts()
    strip_boilerplate(cut, Config())
    strip_boilerplate(walked, Config(strip_junk=True))
    assert [a.body for a in cut] == [a.body for a in walked]
    assert [a.removals for a in cut] == [a.removals for a in walked]
    assert {r.reason for a in cut for r in a.removals} <= set(PARAGRAPH_RULES)
    assert [len(a.removals) for a in cut] == [2, 2, 0, 2, 3, 1, 2]
    assert cut[3].body.text == b"" and cut[0].body.text == (body("alpha") + " — één").encode("utf-8")


def test_distinct_hashes_are_the_text_hashes_a_chunk_of_texts_at_a_time(monkeypatch):
    monkeypatch.setattr(stage, "CHUNK_TEXTS", 3)  # several chunks, the last one short
    texts = {"A  b", "a b", "Ünïcode\u00a0x", " lead", "trail ", "x", "y\ty", "", "ﬁne"}
    assert stage.distinct_hashes(texts) == {text_hash(text) for text in texts}
