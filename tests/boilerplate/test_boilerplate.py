from helpers import body

from newsmill.boilerplate.stage import strip_boilerplate, summarise_removals
from newsmill.config import Config
from newsmill.record import Article, Paragraph, Source

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
