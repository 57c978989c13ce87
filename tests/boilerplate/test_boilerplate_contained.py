"""Issue 16: a story shared by articles that are not duplicates is content, not boilerplate."""

import json
import random
import re
import shutil
import string

import numpy as np
import pytest
from helpers import EXAMPLES, SHARED, body, read_jsonl
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsmill.boilerplate import contained, stage
from newsmill.boilerplate.stage import (
    PARAGRAPH_RULES,
    Rules,
    removal_reason,
    spare_last_paragraphs,
    strip_boilerplate,
)
from newsmill.cli import app
from newsmill.config import Config
from newsmill.pipeline import load
from newsmill.record import Article, Paragraph, Source

SAMPLE_DUMP = SHARED / "corpus" / "000_167eb2ac10c71ca0.txt"


def paste(dump, first: int, second: int, folder, page_furniture: int = 0):
    """``folder`` holding a copy of ``dump`` and ``pasted.txt``: its articles ``first`` and
    ``second`` one after the other, the second headline lower-cased so the splitter keeps
    them together (as a scrape of two stories on one page does). ``page_furniture``: how many
    closing paragraphs of the first the page shows only once, at its end (a recurring closer
    between the two would rightly split them)."""
    folder.mkdir()
    shutil.copy(dump, folder / dump.name)
    articles = {a.source.index: a for a in load([dump], Config())}
    lines = dump.read_text(encoding="utf-8").split("\n")
    top = lines[articles[first].source.line_start - 1 : articles[first].source.line_end]
    for _ in range(page_furniture):  # drop the last paragraph and the blank line before it
        top = top[: len(top) - 1 - top[::-1].index("", 1)]
    bottom = lines[articles[second].source.line_start - 1 : articles[second].source.line_end]
    bottom[0] = bottom[0][0].lower() + bottom[0][1:]
    (folder / "pasted.txt").write_text("\n".join([*top, "", *bottom]) + "\n", encoding="utf-8")
    return folder


def run(inputs, out):
    result = CliRunner().invoke(app, ["run", *map(str, inputs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in read_jsonl(out / "articles.jsonl") + read_jsonl(out / "duplicates.jsonl")}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return records, read_jsonl(out / "removed.jsonl"), report, result.output


def assert_pasted_stories_survive(dump, first, second, tmp_path, page_furniture=0):
    """Each pasted article keeps its text and its removals as without the paste; the paste
    loses no more than what the two lose (their furniture), and names no container."""
    alone, removed_alone, _, _ = run([dump], tmp_path / "alone")
    records, removed, report, _ = run([paste(dump, first, second, tmp_path / "in", page_furniture)], tmp_path / "out")
    originals = {f"{dump.name}#{first}", f"{dump.name}#{second}"}
    for article in originals:
        assert records[article]["text"], article
        assert records[article]["text"] == alone[article]["text"]
        assert records[article]["contained_in"] == "pasted.txt#1"
    pasted = records["pasted.txt#1"]
    assert pasted["contained_in"] is None
    for article in originals:
        for paragraph in alone[article]["text"].split("\n\n"):
            assert paragraph in pasted["text"]

    def removals(rows, articles):
        return sorted((r["article"], r["text"], r["reason"]) for r in rows if r["article"] in articles)

    assert removals(removed, originals) == removals(removed_alone, originals)
    furniture = {text for _, text, _ in removals(removed_alone, originals)}
    assert {text for _, text, _ in removals(removed, {"pasted.txt#1"})} <= furniture
    assert report["counts"]["boilerplate"]["warnings"] == []


@pytest.mark.skipif(not SAMPLE_DUMP.is_file(), reason=f"the sample corpus is not at {SAMPLE_DUMP}")
def test_two_sample_articles_pasted_together_keep_their_text(tmp_path):
    # Before: 000…#3 and #5 kept with empty text, pasted.txt#1 cut to 69 characters.
    assert_pasted_stories_survive(SAMPLE_DUMP, 3, 5, tmp_path)


def test_two_example_articles_pasted_together_keep_their_text_and_furniture_still_goes(tmp_path):
    dump = EXAMPLES / "coast-daily.txt"
    assert_pasted_stories_survive(dump, 2, 3, tmp_path, page_furniture=2)
    removed = read_jsonl(tmp_path / "out" / "removed.jsonl")
    # The subscription line under every Coast Daily story is still furniture, in the paste too.
    furniture = {r["article"] for r in removed if r["text"].startswith("Subscribe to Coast Daily")}
    assert {"coast-daily.txt#1", "coast-daily.txt#2", "coast-daily.txt#3", "pasted.txt#1"} <= furniture


def article(number: int, paragraphs: list[str]) -> Article:
    return Article(f"a{number}", Source("a.txt", 1, 1, number + 1), "", [Paragraph(p) for p in paragraphs])


def prose(rng: random.Random, words: int = 35) -> str:
    """A paragraph of random letter words (digits would make every skeleton alike)."""
    return " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(words)) + "."


def test_articles_quoting_long_passages_of_others_keep_the_quotes():
    footer = "Harbour Gazette, 12 Quay Street. Letters to the editor: letters@gazette.example"
    rng = random.Random(16)
    stories = [[prose(rng) for _ in range(6)] for _ in range(12)]
    texts = [list(story) for story in stories]
    for n in range(1, 12, 2):  # every odd article quotes two paragraphs of the one before it
        texts[n][2:2] = stories[n - 1][1:3]
    texts[0].append(footer)  # two articles that share nothing else: furniture
    texts[7].append(footer)
    articles = [article(n, paragraphs) for n, paragraphs in enumerate(texts)]
    strip_boilerplate(articles, Config())
    removed = [(a.id, r.paragraph.text, r.reason) for a in articles for r in a.removals]
    assert removed == [("a0", footer, "repeated"), ("a7", footer, "repeated")]
    for n in range(1, 12, 2):
        assert stories[n - 1][1] in articles[n].text and stories[n - 1][1] in articles[n - 1].text
    assert all(a.contained_in is None for a in articles)  # a quarter of an article is quoted, not contained


def test_a_contained_copy_names_its_container_and_popular_furniture_still_goes():
    rng = random.Random(17)
    story = [prose(rng) for _ in range(4)]
    notice = "We use cookies to give you the best experience on our website and to show relevant ads."
    aggregate = [prose(rng), *story, prose(rng)]
    others = [[prose(rng) for _ in range(3)] + [notice] for _ in range(12)]
    articles = [article(0, story + [notice]), article(1, aggregate + [notice])]
    articles += [article(n + 2, paragraphs) for n, paragraphs in enumerate(others)]
    strip_boilerplate(articles, Config())
    assert articles[0].contained_in == "a1"
    assert articles[1].contained_in is None
    assert articles[0].to_json()["contained_in"] == "a1"
    assert Article.from_json(articles[0].to_stage_json()).contained_in == "a1"  # stage commands pass it on
    assert articles[0].text == "\n\n".join(story)  # the notice, in 14 articles, is furniture
    assert all(r.reason == "repeated" and r.paragraph.text == notice for a in articles for r in a.removals)
    assert sum(len(a.removals) for a in articles) == 14


def test_pairs_are_formed_only_through_paragraphs_in_few_families():
    families = np.arange(contained.POPULAR_FAMILIES + 1)
    one_key = np.zeros(len(families), dtype=np.int64)
    popular = contained.holder_pairs(one_key, families, contained.tally(one_key, families)[1])
    assert all(len(column) == 0 for column in popular)
    key_of, few = np.zeros(4, dtype=np.int64), np.array([5, 2, 9, 2])
    key, a, b = contained.holder_pairs(key_of, few, contained.tally(key_of, few)[1])
    assert sorted(zip(a.tolist(), b.tolist(), strict=False)) == [(2, 5), (2, 9), (5, 9)]


def test_the_decision_is_a_pure_function_of_the_counts():
    rules = Rules(2, (), ())
    assert removal_reason("x", rules, occurrences=3, families=2, within=1) == ("repeated", 3)
    assert removal_reason("x", rules, occurrences=2, families=1, within=2) == ("repeated-in-article", 2)
    near = {"near_occurrences": 5, "near_families": 3, "near_within": 1}
    assert removal_reason("x", rules, 2, 1, 1, **near) == ("near-repeated", 5)
    assert removal_reason("x", rules, occurrences=1, families=1, within=1) is None
    protected = Rules(2, (re.compile("^x"),), ())
    assert removal_reason("x", protected, occurrences=9, families=9, within=1) is None
    # An article whose every paragraph recurs elsewhere keeps those paragraphs (-1: no rule).
    repeated, in_article, near = map(PARAGRAPH_RULES.index, ("repeated", "repeated-in-article", "near-repeated"))
    taking = np.array([repeated, near, repeated, in_article, repeated, -1, -1])  # articles of 2, 2, 2, 0, 1 paragraphs
    spared = [-1, -1, -1, in_article, repeated, -1, -1]
    assert spare_last_paragraphs(taking, np.array([2, 2, 2, 0, 1])).tolist() == spared


def test_an_article_stripped_of_most_of_its_text_is_a_warning_in_the_report_and_on_stderr(tmp_path):
    records = [
        {"id": "mostly-notice", "text": "Short news item here.\n\nREAD MORE " + "x" * 200},
        {"id": "all-notice", "text": "READ MORE about this story on our site."},
        {"id": "fine", "text": body("harbour", 40)},
    ]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out"), "--always-remove", "^READ MORE"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    warnings = {w["article"]: w for w in report["counts"]["boilerplate"]["warnings"]}
    assert set(warnings) == {"mostly-notice", "all-notice"}
    assert report["counts"]["boilerplate"]["warned_articles"] == 2
    assert warnings["all-notice"] == {"article": "all-notice", "removed_share": 1.0, "empty": True}
    assert warnings["mostly-notice"]["empty"] is False and warnings["mostly-notice"]["removed_share"] > 0.5
    assert "boilerplate: warning: 2 kept articles" in result.output


def test_the_report_lists_the_first_warnings_and_counts_them_all(tmp_path, monkeypatch):
    monkeypatch.setattr(stage, "WARNINGS_LISTED", 1)
    topics = ("harbour", "railway", "election")
    records = [{"id": topic, "text": body(topic, 10) + "\n\nREAD MORE " + "x" * 200} for topic in topics]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out"), "--always-remove", "^READ MORE"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["boilerplate"]["warned_articles"] == 3
    assert [w["article"] for w in report["counts"]["boilerplate"]["warnings"]] == ["harbour"]
    assert "warning: 3 kept articles lost all or more than half of their text (harbour, …)" in result.output


def test_one_banner_under_two_short_articles_is_still_furniture(tmp_path):
    # nieuws.txt#1 and #2 share only their cookie banner (a quarter of each): no contained copy.
    records, removed, _, _ = run([EXAMPLES], tmp_path / "out")
    banners = {
        r["article"] for r in removed if r["text"].startswith("Wij gebruiken cookies") and r["reason"] == "repeated"
    }
    assert banners == {"nieuws.txt#1", "nieuws.txt#2"}
    assert all(record["contained_in"] is None for record in records.values())


def straight_tally(key_of, owners):
    """:func:`contained.tally` the straightforward way: one ``np.unique`` of every (key, owner) pair."""
    per_key = np.bincount(key_of)
    pairs, pair_of, per_pair = np.unique(key_of * 2**32 + owners, return_inverse=True, return_counts=True)
    owners_per_key = np.bincount(pairs // 2**32, minlength=len(per_key))
    return per_key[key_of], owners_per_key[key_of], per_pair[pair_of]


# Owners mostly ascending, as in reading order, with some out of order (duplicates labelled by an
# earlier family), and keys from a small range, so most recur.
owned_keys = st.integers(1, 60).flatmap(
    lambda size: st.tuples(
        st.lists(st.integers(0, 12), min_size=size, max_size=size),
        st.lists(st.integers(-3, 2), min_size=size, max_size=size),
    )
)


@given(owned_keys)
def test_tally_counts_what_one_unique_of_all_pairs_counts(case):
    keys, steps = case
    key_of = np.array(keys, dtype=np.int64)
    owners = np.maximum(np.cumsum(np.maximum(steps, 0)) + np.minimum(steps, 0), 0)
    for got, expected in zip(contained.tally(key_of, owners), straight_tally(key_of, owners), strict=True):
        assert got.tolist() == expected.tolist()


@given(owned_keys)
def test_holder_pairs_are_every_pair_of_a_few_holders_of_a_key(case):
    keys, steps = case
    key_of = np.array(keys, dtype=np.int64)
    families = np.maximum(np.cumsum(np.maximum(steps, 0)) + np.minimum(steps, 0), 0)
    holders = {k: sorted(set(families[key_of == k].tolist())) for k in set(keys)}
    expected = [
        (k, a, b)
        for k in sorted(holders)
        if 2 <= len(holders[k]) <= contained.POPULAR_FAMILIES
        for i, a in enumerate(holders[k])
        for b in holders[k][i + 1 :]
    ]
    key, a, b = contained.holder_pairs(key_of, families, contained.tally(key_of, families)[1])
    assert list(zip(key.tolist(), a.tolist(), b.tolist(), strict=True)) == expected
