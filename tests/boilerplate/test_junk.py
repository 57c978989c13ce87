"""--strip-junk: the rules, their precision/recall on annotated lines, and removal in the pipeline."""

import pytest
from helpers import body

from benchmarks.junk_quality import KEEP, confusion, load_labelled, precision_recall
from newsmill.boilerplate.junk import RULES, junk_rule
from newsmill.boilerplate.stage import strip_boilerplate, summarise_removals
from newsmill.config import Config
from newsmill.record import Article, Paragraph, Source


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Read on, {{readerName}}", "placeholder"),
        ("ArrowArtboardCreated with Sketch.Title ChevronTitle ChevronEye IconIcon", "glued-icons"),
        ("Ann Lee/Bloomberg via Getty Images", "photo-credit"),
        ("Try 1 month for $0.99", "promo"),
        ("WeChat and TikTok lead the downloads chart again this week.", None),
        ("A ferry leaves the harbour at dawn. (Photo by Ann Lee)", None),
        ("Photos: readers share their snow pictures", None),
        ("", None),
    ],
)
def test_rules(line, rule):
    assert junk_rule(line) == rule


def test_precision_and_recall_on_the_annotated_lines():
    rows = load_labelled()
    assert len(rows) >= 80 and sum(label == KEEP for label, _ in rows) >= 40
    counts = confusion(rows)
    assert precision_recall(counts) >= (0.98, 0.95)
    for rule in RULES:
        assert sum(n for (label, _), n in counts.items() if label == rule) >= 5, rule


def article(name, *paragraphs):
    return Article(name, Source(f"{name}.txt", 1, 9, 1), "", list(paragraphs))


def test_junk_lines_go_and_the_rest_of_the_paragraph_stays():
    caption = Paragraph(
        "ArrowArtboardCreated with Sketch.Title ChevronTitle ChevronEye IconIcon\n"
        "A ferry leaves the harbour at dawn, watched by early commuters on the quay.",
        3,
        4,
    )
    credit = Paragraph("Ann Lee/AFP via Getty Images", 6, 6)
    one = article("a", Paragraph(body("alpha")), caption, credit)
    articles = [one, article("b", Paragraph(body("beta")))]
    strip_boilerplate(articles, Config(strip_junk=True))
    summary = summarise_removals(articles)
    assert [p.text for p in one.paragraphs] == [
        body("alpha"),
        "A ferry leaves the harbour at dawn, watched by early commuters on the quay.",
    ]
    kept = one.paragraphs[1]
    assert (kept.line_start, kept.line_end, kept.lang) == (4, 4, "en")
    assert [(r.reason, r.paragraph.line_start, r.count) for r in one.removals] == [
        ("glued-icons", 3, 1),
        ("photo-credit", 6, 1),
    ]
    assert summary.reasons == {"glued-icons": 1, "photo-credit": 1}


def test_junk_is_kept_unless_asked_for():
    one = article("a", Paragraph(body("alpha")), Paragraph("Try 3 months for $9"))
    strip_boilerplate([one, article("b", Paragraph(body("beta")))], Config())
    assert len(one.paragraphs) == 2 and not one.removals


def test_the_same_junk_line_is_counted_across_the_corpus():
    articles = [article(n, Paragraph(body(n)), Paragraph(f"Photo: Reuters {n}")) for n in ("a", "b")]
    articles.append(article("c", Paragraph(body("c")), Paragraph("Sponsored Content")))
    articles.append(article("d", Paragraph(body("d")), Paragraph("Sponsored Content\nAdvertisement")))
    strip_boilerplate(articles, Config(strip_junk=True, boilerplate_min_count=5))
    counts = {(r.article_id, r.paragraph.text): r.count for a in articles for r in a.removals}
    assert counts[("c", "Sponsored Content")] == counts[("d", "Sponsored Content")] == 2
    assert counts[("a", "Photo: Reuters a")] == counts[("d", "Advertisement")] == 1
