"""Tests of the synthetic benchmark corpus generator (benchmarks/corpus.py)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest

from benchmarks.corpus import (
    DEFAULT_DATA_DIR,
    OUTLETS,
    CorpusDataError,
    generate_corpus,
    gold_groups,
    gold_pairs,
    load_pools,
)

REPO = Path(__file__).resolve().parents[2]

DATA_PRESENT = all(
    (DEFAULT_DATA_DIR / name).is_file()
    for name in ("flores-devtest-eng.txt", "flores-devtest-nld.txt", "ntrex-dev.jsonl")
)
needs_data = pytest.mark.skipif(
    not DATA_PRESENT, reason=f"benchmark source data absent: {DEFAULT_DATA_DIR} (FLORES/NTREX files)"
)

N = 800


@pytest.fixture(scope="module")
def corpus():
    """One default corpus shared by the read-only tests."""
    return generate_corpus(N, seed=7)


def _shingles(text: str) -> set[tuple[str, ...]]:
    """Word 5-grams of ``text``."""
    words = text.split()
    return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}


def _jaccard(a: str, b: str) -> float:
    """Word-5-gram Jaccard similarity of two texts."""
    x, y = _shingles(a), _shingles(b)
    return len(x & y) / len(x | y)


def _body(article: dict) -> str:
    """The article text without its recorded boilerplate paragraphs."""
    boilerplate = {b["text"] for b in article["boilerplate"]}
    return "\n\n".join(p for p in article["text"].split("\n\n") if p not in boilerplate)


def test_missing_data_names_the_path(tmp_path):
    with pytest.raises(CorpusDataError, match=str(tmp_path / "flores-devtest-eng.txt")):
        load_pools(tmp_path)


@needs_data
def test_same_seed_same_bytes_different_seed_differs(tmp_path):
    first, second = generate_corpus(120, seed=3), generate_corpus(120, seed=3)
    assert first.articles == second.articles
    assert generate_corpus(120, seed=4).articles != first.articles
    for name, c in (("a", first), ("b", second)):
        c.write_jsonl(tmp_path / name)
        c.write_text_dumps(tmp_path / name / "dumps", articles_per_file=25)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) == 2 + 5 + 1  # articles.jsonl, gold.jsonl, 5 dumps, index.tsv
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


@needs_data
def test_script_output_independent_of_hash_seed(tmp_path):
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        result = subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "corpus.py"), "--articles", "60", "--seed", "5",
             "--out", str(tmp_path / hash_seed), "--articles-per-file", "20"],
            env=env, capture_output=True, text=True, check=True,
        )
        assert "articles/s" in result.stdout
    for rel in ("articles.jsonl", "gold.jsonl", "dumps/dump_000002.txt", "dumps/index.tsv"):
        assert (tmp_path / "1" / rel).read_bytes() == (tmp_path / "2" / rel).read_bytes()


@needs_data
def test_sizes_and_fields(corpus):
    articles = corpus.articles
    assert len(articles) == N
    assert len({a["id"] for a in articles}) == N
    for a in articles:
        assert a["title"] and a["title"][-1] not in ".!?,;:" and len(a["title"].split()) <= 9
        assert all(p.strip() for p in a["text"].split("\n\n"))
        assert a["kind"] in ("original", "exact", "near")
    originals = [a for a in articles if a["kind"] == "original"]
    mean_words = statistics.mean(len(_body(a).split()) for a in originals)
    assert 0.9 * 450 <= mean_words <= 1.1 * 450
    short = generate_corpus(100, seed=1, mean_words=120).articles
    assert 0.8 * 120 <= statistics.mean(len(_body(a).split()) for a in short) <= 1.2 * 120


@needs_data
def test_duplicate_groups(corpus):
    articles = corpus.articles
    by_id = {a["id"]: a for a in articles}
    position = {a["id"]: i for i, a in enumerate(articles)}
    for a in articles:
        original = by_id[a["group"]]
        assert original["kind"] == "original" and original["group"] == original["id"]
        assert position[original["id"]] <= position[a["id"]]
        assert original["lang"] == a["lang"]
        if a["kind"] == "exact":
            assert (a["title"], a["text"]) == (original["title"], original["text"])
        if a["kind"] == "near":
            assert a["title"] == original["title"] and _body(a) != _body(original)
    copies = sum(a["kind"] != "original" for a in articles)
    assert 0.08 * N <= copies <= 0.22 * N
    groups = gold_groups(articles)
    assert all(2 <= len(members) <= 4 for members in groups.values())
    pairs = gold_pairs(articles)
    assert len(pairs) == sum(len(m) * (len(m) - 1) // 2 for m in groups.values())
    assert all(a < b and by_id[a]["group"] == by_id[b]["group"] for a, b in pairs)


@needs_data
def test_edit_fractions(corpus):
    for a in corpus.articles:
        if a["kind"] == "near":
            assert 0.0 < a["edit_fraction"] <= 0.2 or a["edits"] == ["reorder"]
            assert a["edits"]
        else:
            assert a["edit_fraction"] == 0.0 and a["edits"] == []
    tight = generate_corpus(200, seed=2, near_share=0.3, exact_share=0.0, max_edit_fraction=0.1).articles
    near = [a for a in tight if a["kind"] == "near"]
    assert near and all(a["edit_fraction"] <= 0.1 for a in near)


@needs_data
def test_near_copies_similar_unrelated_dissimilar(corpus):
    articles = corpus.articles
    by_id = {a["id"]: a for a in articles}
    near = [_jaccard(_body(a), _body(by_id[a["group"]])) for a in articles if a["kind"] == "near"]
    assert statistics.mean(near) > 0.6
    sample = [a for a in articles if a["kind"] == "original" and a["lang"] == "en"][:40]
    unrelated = [_jaccard(_body(a), _body(b)) for a, b in combinations(sample, 2)]
    assert statistics.mean(unrelated) < 0.05


@needs_data
def test_dutch_share(corpus):
    dutch = [a for a in corpus.articles if a["lang"] == "nl"]
    assert 0.14 <= len(dutch) / N <= 0.26
    assert all(" de " in a["text"] or " het " in a["text"] for a in dutch)
    assert all(a["lang"] == "en" for a in generate_corpus(50, seed=1, dutch_share=0.0).articles)


@needs_data
def test_boilerplate_recorded_and_placed(corpus):
    marked = [a for a in corpus.articles if a["boilerplate"]]
    assert 0.2 <= len(marked) / N <= 0.4
    for a in marked:
        paragraphs = a["text"].split("\n\n")
        for b in a["boilerplate"]:
            index = paragraphs.index(b["text"])
            assert index < 2 if b["position"] == "start" else index >= len(paragraphs) - 2
            assert a["outlet"] in b["text"] or "/share" in b["id"]


@needs_data
def test_jsonl_and_text_dumps(corpus, tmp_path):
    corpus.write_jsonl(tmp_path)
    corpus.write_text_dumps(tmp_path / "dumps", articles_per_file=300)
    records = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records == corpus.articles
    gold = [json.loads(line) for line in (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {g["group"]: g["members"] for g in gold} == gold_groups(corpus.articles)
    dumps = sorted((tmp_path / "dumps").glob("dump_*.txt"))
    outlets = {name for names in OUTLETS.values() for name in names}
    blocks = [p.read_text(encoding="utf-8").rstrip("\n").split("\n\n") for p in dumps]
    assert [sum(b in outlets for b in blocks_of_file) for blocks_of_file in blocks] == [300, 300, 200]
    article = corpus.articles[0]
    expected = f"{article['title']}\n\n{article['text']}\n\n{article['outlet']}\n\n{corpus.articles[1]['title']}\n"
    assert dumps[0].read_text(encoding="utf-8").startswith(expected)
    index = (tmp_path / "dumps" / "index.tsv").read_text(encoding="utf-8").splitlines()
    assert index[0] == f"dump_000000.txt#1\t{article['id']}" and len(index) == N
