import pytest

from newsmill.config import Config
from newsmill.dedupe import dedupe
from newsmill.hashing.minhash import signature
from newsmill.hashing.shingles import jaccard, shingle_set, shingles
from newsmill.record import Article, Paragraph, Source

BASE = (
    "The regional power company said most homes should have electricity again by the evening. "
    "Train services along the coast line remain suspended while crews clear fallen branches "
    "from the tracks. Emergency services answered more than four hundred calls between "
    "midnight and six in the morning, and nobody was seriously hurt in the storm."
)
OTHER = (
    "A small bakery on Canal Street has won the national bread prize for its dark rye loaf, "
    "beating more than two hundred entries from across the country with a recipe that uses "
    "flour from a mill only twenty kilometres away, the jury said on Monday."
)


def article(name: str, text: str, lang: str = "en", path: str | None = None) -> Article:
    return Article(name, Source(path or f"{name}.txt", 1, 1, 1), "", [Paragraph(text)], lang=lang)


def test_shingles_and_jaccard():
    assert shingles("A b c d", 3) == ["a b c", "b c d"]
    assert shingles("Two words", 3) == ["two words"]
    assert jaccard(shingle_set(BASE, 3), shingle_set(BASE.upper(), 3)) == 1.0


def test_signature_is_stable_and_estimates_jaccard():
    one = signature(BASE, 3, 128)
    assert (one.hashvalues == signature(BASE, 3, 128).hashvalues).all()
    edited = BASE.replace("four hundred", "five hundred")
    true = jaccard(shingle_set(BASE, 3), shingle_set(edited, 3))
    assert abs(one.jaccard(signature(edited, 3, 128)) - true) < 0.15
    assert signature("", 3, 128) is None


def test_exact_and_near_duplicates_form_clusters_and_unrelated_stay_apart():
    articles = [
        article("a", BASE),
        article("b", OTHER),
        article("c", BASE.replace("  ", " ").lower()),
        article("d", BASE.replace("four hundred", "five hundred")),
    ]
    pairs, summary = dedupe(articles, Config())
    assert [a.duplicate_of for a in articles] == [None, None, "a", "a"]
    assert [a.cluster for a in articles] == ["a", "b", "a", "a"]
    assert articles[2].similarity == 1.0 and 0.7 <= articles[3].similarity < 1.0
    assert (summary.clusters, summary.exact_duplicates, summary.near_duplicates) == (1, 1, 1)
    assert all({p.a, p.b} != {0, 1} for p in pairs if p.duplicate)


@pytest.mark.parametrize(
    "policy, kept",
    [("longest", "long"), ("first", "short"), ("lang:nl", "dutch"), ("source-order", "dutch")],
)
def test_keep_policies(policy, kept):
    articles = [
        article("short", BASE, path="b.txt"),
        article("long", BASE + " Extra words at the end.", path="c.txt"),
        article("dutch", BASE + " Extra.", lang="nl", path="a.txt"),
    ]
    dedupe(articles, Config(keep=policy))
    survivors = [a.id for a in articles if a.duplicate_of is None]
    assert survivors == [kept]
    assert {a.cluster for a in articles} == {kept}
