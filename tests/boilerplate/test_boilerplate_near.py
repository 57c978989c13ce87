"""Near-identical boilerplate (MinHash LSH over character shingles) and the user's keep/remove rules."""

import random
import re
import string

import numpy as np
import pytest
import xxhash
from helpers import body
from hypothesis import given
from hypothesis import strategies as st

from newsmill import workers
from newsmill.boilerplate import near
from newsmill.boilerplate.near import is_variant, near_groups, shingle_set, skeleton
from newsmill.boilerplate.spilled import Spilled
from newsmill.boilerplate.stage import strip_boilerplate, summarise_removals
from newsmill.config import Config
from newsmill.errors import UsageError
from newsmill.hashing.shingles import fold, folded_utf8
from newsmill.record import Article, Paragraph, Source
from newsmill.text import normal_utf8, text_hash
from newsmill.textview import ParagraphTexts

METER = "You have {n} free articles left this month. Subscribe for unlimited access."
PULL_QUOTE = "We did not expect the storm to hit the harbour this hard, and we were not ready"
QUOTED = (
    f'"{PULL_QUOTE}," the harbour master said on Tuesday, adding that the repairs to the quay '
    "would take most of the winter and that the ferry would sail from the old pier until then."
)


def groups(*texts):
    by_label = {}
    for text, label in zip(texts, near_groups(texts).tolist(), strict=False):
        if label >= 0:
            by_label.setdefault(label, []).append(text)
    return sorted(sorted(members) for members in by_label.values())


def test_skeleton_drops_counters_and_punctuation():
    assert skeleton("You have 3 free articles left!") == skeleton("you have 12 free articles left")
    assert skeleton("Stay ahead;\nthe most\n.") == "stay ahead the most"


def test_variants_by_counter_field_punctuation_and_cut_clause_group_together():
    variants = [
        METER.format(n=3),
        METER.format(n=1).replace("articles", "article"),
        "You have {{count}} free articles left this month. Subscribe for unlimited access!",
        "You have 2 free articles left this month",
    ]
    assert groups(*variants, body("alpha"), body("beta")) == [sorted(variants)]


def test_a_pull_quote_and_its_paragraph_and_short_lines_stay_apart():
    assert not is_variant(shingle_set(PULL_QUOTE), shingle_set(QUOTED))
    assert shingle_set("State support") is None  # too short to compare safely
    assert groups(PULL_QUOTE, QUOTED, "Harbour news", "Harbour views") == []


def article(name, *texts):
    return Article(name, Source(f"{name}.txt", 1, 1, 1), "", [Paragraph(t) for t in texts])


def test_near_variants_in_two_articles_are_boilerplate_with_the_group_count():
    articles = [
        article("a", body("alpha"), METER.format(n=3)),
        article("b", METER.format(n=2), body("beta")),
        article("c", body("gamma"), METER.format(n=2)),
    ]
    strip_boilerplate(articles, Config())
    summary = summarise_removals(articles)
    assert all(len(a.paragraphs) == 1 for a in articles)
    assert [(r.reason, r.count) for r in articles[0].removals] == [("near-repeated", 3)]
    assert [(r.reason, r.count) for r in articles[1].removals] == [("repeated", 2)]
    assert summary.reasons == {"near-repeated": 1, "repeated": 2}


def test_near_variants_inside_one_article_are_boilerplate():
    one = article("a", METER.format(n=3), body("alpha"), METER.format(n=2))
    strip_boilerplate([one, article("b", body("beta"))], Config())
    assert [r.reason for r in one.removals] == ["near-repeated-in-article"] * 2


def test_an_edited_copy_of_an_article_does_not_make_its_lines_boilerplate():
    line = "The ferry sails at 7 from the old pier until the quay is repaired"
    original = article("a", body("alpha"), body("beta"), line)
    edited = article("b", body("alpha"), body("beta"), line.replace("7", "8"))
    strip_boilerplate([original, edited, article("c", body("gamma"))], Config())
    assert not original.removals and not edited.removals


def test_always_keep_wins_and_always_remove_removes():
    notice = "We use cookies to improve your experience on this site."
    articles = [
        article("a", body("alpha"), notice, "Corrections: write to the editor"),
        article("b", notice, body("beta")),
    ]
    config = Config(always_keep=[r"cookies"], always_remove=[r"^Corrections:", r"cookies"])
    strip_boilerplate(articles, config)
    assert [p.text for p in articles[0].paragraphs] == [body("alpha"), notice]
    assert [(r.paragraph.text, r.reason) for r in articles[0].removals] == [
        ("Corrections: write to the editor", "always-remove")
    ]


def test_bad_user_regex_is_a_usage_error():
    with pytest.raises(UsageError, match="^always_remove is not a valid regex"):
        Config(always_remove=["(unclosed"])


def test_a_notice_cut_after_a_clause_is_found_by_its_prefix_without_lsh(monkeypatch):
    notice = "Cookies help us deliver our services to readers. By using our services, you agree to our use of cookies."
    cut = "Cookies help us deliver our services to readers"
    monkeypatch.setattr(near, "LSH_BANDS", 1)  # one band of every value: LSH proposes only equal sets
    monkeypatch.setattr(near, "LSH_ROWS", near.NUM_PERM)
    assert groups(notice, cut, body("alpha")) == [sorted([notice, cut])]


def test_unrelated_short_paragraphs_are_not_compared_pair_by_pair(monkeypatch):
    rng = random.Random(3)
    vocabulary = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(600)]
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(6, 14))).capitalize() + "." for _ in range(3000)]
    proposed, compared = [], []
    bound, verify = near._may_be_variants, near._variants_in
    monkeypatch.setattr(
        near,
        "_may_be_variants",
        lambda profiles, starts, beyond, pair: proposed.extend(pair) or bound(profiles, starts, beyond, pair),
    )
    monkeypatch.setattr(near, "_variants_in", lambda sets, pairs: compared.extend(pairs) or verify(sets, pairs))
    assert (near_groups(texts) == -1).all()
    assert 0 < len(proposed) < 1000  # of 4.5 million pairs; 2-row bands proposed 30,151
    assert len(compared) <= len(proposed)  # the profiles rule some out before their sets are merged


def random_set_pairs(rng: random.Random, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``count`` pairs of shingle sets (end to end, with their starts) of 16 to 396 hashes sharing
    anything from none to all of the smaller one; one set has 300 hashes in one profile bucket."""
    sets = [np.arange(300, dtype=np.uint32) | np.uint32(0xAB000000)]  # top bits all equal: one bit of profile
    for _ in range(count):
        size = rng.randint(16, 396)
        shared = rng.sample(range(2**32), rng.randint(0, size))
        sets.append(np.array(shared + rng.sample(range(2**32), size - len(shared)), dtype=np.uint32))
        sets.append(np.array(shared + rng.sample(range(2**32), rng.randint(0, 80)), dtype=np.uint32))
    sets = [np.unique(s) for s in sets]
    starts = np.concatenate(([0], np.cumsum([len(s) for s in sets])))
    pairs = np.array([(i, i + 1) for i in range(1, 2 * count, 2)] + [(0, 0), (0, 1)], dtype=np.int64)
    return np.concatenate(sets), starts, pairs


def test_the_profile_bound_never_rules_out_a_variant():
    sets, starts, pairs = random_set_pairs(random.Random(11), 2000)
    exact = near._variant_pairs(sets, starts, pairs)
    each = [sets[starts[i] : starts[i + 1]] for i in range(len(starts) - 1)]
    assert exact.tolist() == [is_variant(each[i], each[j]) for i, j in pairs.tolist()]
    profiles = near._profiles(sets, np.diff(starts))
    kept = near._may_be_variants(profiles, starts, near._beyond(profiles, starts), pairs)
    assert exact.sum() > 100 and (~kept).sum() > 100  # both outcomes occur
    assert not (exact & ~kept).any()
    assert kept[-2]  # 300 hashes in one bucket, with itself: the hashes beyond the one bit count
    rows = len(starts) - 1
    no_bands, texts, keys = np.zeros((rows, near.LSH_BANDS)), np.arange(rows), np.arange(rows, dtype=np.uint64)
    no_prefixes = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    shingles = near.ShingleSets(sets, starts, profiles, no_bands, *no_prefixes, texts, keys)
    assert (near._verify_block(shingles, pairs) == exact).all()
    assert (near.variants_among(shingles, pairs) == pairs[exact]).all()


def furnished_articles(count: int, seed: int) -> list[Article]:
    """``count`` articles of random prose, each with a paywall counter variant, some with a footer."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(400)]
    articles = []
    for number in range(count):
        prose = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 60))).capitalize() + "." for _ in range(4)]
        furniture = [METER.format(n=rng.randint(1, 9))]
        if number % 3 == 0:
            furniture.append(f"Published by the Harbour Gazette, page {number}. All rights reserved.")
        paragraphs = [Paragraph(text) for text in prose + furniture]
        articles.append(Article(f"a{number}", Source("a.txt", 1, 1, number + 1), "", paragraphs))
    return articles


def test_results_are_the_same_for_any_number_of_jobs(monkeypatch):
    from newsmill.boilerplate import stage as boilerplate

    # Chunks of a few texts and pairs, so that two processes really share the work.
    monkeypatch.setattr(workers, "CHUNK_TEXTS", 7)
    monkeypatch.setattr(near, "PAIR_BLOCK", 3)
    monkeypatch.setattr(near, "TASK_PAIRS", 5)  # several tasks whose texts' sets are made again, in parts
    monkeypatch.setattr(near, "SET_TEXTS", 4)
    texts = [p.text for a in furnished_articles(60, seed=5) for p in a.paragraphs]
    labels = near_groups(texts, jobs=1)
    assert (labels >= 0).sum() > 60  # the counter variants, at least, are grouped
    assert (near_groups(texts, jobs=2) == labels).all()
    subset = np.arange(1, len(texts), 3)  # several chunks of index arrays, on the pool that holds all the texts
    assert (near_groups(texts, 2, subset=subset) == near_groups([texts[i] for i in subset], 1)).all()
    paragraphs = ParagraphTexts(furnished_articles(60, seed=5))  # the texts, as the stage reads them
    with Spilled() as one, Spilled() as two:
        hashed = boilerplate.paragraph_keys(paragraphs, 2, one)
        for mine, theirs in zip(hashed, boilerplate.paragraph_keys(paragraphs, 1, two), strict=True):
            assert (mine == theirs).all()
        assert hashed.characters.tolist() == list(map(len, texts)) and len(hashed.spilled) == len(one)
        assert hashed.keys.tolist() == list(map(text_hash, texts))
        assert one.rows(np.arange(len(one))) == [normal_utf8(texts[i]) for i in hashed.spilled]
        assert (one.starts == two.starts).all() and one.rows(np.arange(len(one))) == two.rows(np.arange(len(two)))
    removed = []
    for jobs in (1, 2):
        articles = furnished_articles(60, seed=5)
        strip_boilerplate(articles, Config(jobs=jobs))
        removed.append([(a.id, r.paragraph.text, r.reason, r.count) for a in articles for r in a.removals])
    assert removed[0] == removed[1]
    assert {reason for _, _, reason, _ in removed[0]} == {"repeated", "near-repeated"}
    assert len(removed[0]) == 60 + 20  # every piece of furniture, no prose
    assert all(text.startswith(("You have", "Published by")) for _, text, _, _ in removed[0])


#: Pieces of text for the skeletons: ASCII word, digit and non-word characters, the clause ends, and
#: others that are digits (\d), word characters or not, that NFKC or case folding change (ﬁ, ß, １, ²,
#: a no-break space), a combining mark (not a word character), and words long enough to take part.
PIECES = list("aZ_09 7\t\n\x1f\x00.,;:!?-'\"()éß€٣५²１’—\u00a0\ufb01\u0301") + ["ab", "00", "12", "x1y", "Ab. "]
PIECES += ["word " * 5, "then a clause; ", "a sentence. "] * 4


def prefix_keys_by_definition(text: str) -> list[int]:
    """The clause-prefix keys of :func:`near._skeletons` by their definition: ``text`` folded and cut
    before each clause end but its last character, where the clause since the previous end holds a
    word character; the key of the cut text's skeleton (the two regex passes) where it takes part
    and is not the whole text's skeleton."""
    normal = fold(text)
    keys, begin = [], 0
    for end in re.finditer(r"[.!?;:]", normal[:-1]):
        if re.search(r"\w", normal[begin : end.start()]):
            cut = near._NOT_WORD.sub(" ", near._DIGITS.sub("0", normal[: end.start()])).strip()
            if near.MIN_CHARS <= len(cut) <= near.MAX_CHARS and cut != skeleton(text):
                keys.append(xxhash.xxh3_64_intdigest(cut.encode("utf-8")))
        begin = end.end()
    return keys


def skeletons_of(found: near._Skeletons) -> list[bytes]:
    """Each skeleton of :func:`near._skeletons`' result, cut out of its ``joined``."""
    ends = np.cumsum(found.sizes).tolist()
    return [found.joined[end - size : end] for end, size in zip(ends, found.sizes.tolist(), strict=True)]


@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=50).map("".join), max_size=6))
def test_the_skeletons_of_a_chunk_are_each_texts_by_definition(texts):
    found = near._skeletons([folded_utf8(text) for text in texts])
    forms = [skeleton(text) for text in texts]
    taking = [at for at, form in enumerate(forms) if near.MIN_CHARS <= len(form) <= near.MAX_CHARS]
    assert found.chosen.tolist() == taking
    assert skeletons_of(found) == [forms[at].encode("utf-8") for at in taking]
    assert found.sizes.dtype == np.int64  # as the spill and the sets read them
    expected = [(row, key) for row, at in enumerate(taking) for key in prefix_keys_by_definition(texts[at])]
    assert list(zip(found.prefix_owner.tolist(), found.prefix_key.tolist(), strict=True)) == expected
    from_normals = near._skeletons([normal_utf8(text) for text in texts])  # what the boilerplate stage gives
    assert from_normals.chosen.tolist() == taking and from_normals.joined == found.joined
    assert from_normals.sizes.tolist() == found.sizes.tolist()
    assert from_normals.prefix_owner.tolist() == found.prefix_owner.tolist()
    assert from_normals.prefix_key.tolist() == found.prefix_key.tolist()


def test_the_skeletons_keep_clause_prefixes_and_count_characters_not_bytes():
    notice = "Stay ahead; the most read: 12 stories, every day."
    found = near._skeletons([folded_utf8(notice), ("é" * 19).encode("utf-8"), ("é" * 20).encode("utf-8")])
    assert found.chosen.tolist() == [0, 2]  # 19 characters in 38 bytes are too few
    assert skeletons_of(found)[0] == b"stay ahead the most read 0 stories every day"
    assert found.prefix_key.tolist() == [xxhash.xxh3_64_intdigest(b"stay ahead the most read")]  # "stay ahead" is short


def test_shingle_hashes_and_sets_of_a_chunk_are_each_texts():
    rng = random.Random(8)
    encoded = [bytes(rng.choices(b"ab c", k=rng.randint(5, 60))) for _ in range(50)]
    hashes, counts = near._shingle_hashes(encoded)
    each = [[xxhash.xxh3_64_intdigest(e[i : i + 5]) & 0xFFFFFFFF for i in range(len(e) - 4)] for e in encoded]
    assert counts.tolist() == list(map(len, each)) and hashes.tolist() == [h for hs in each for h in hs]
    sets, sizes = near._distinct_runs(hashes, counts)
    assert sizes.dtype == np.int64 and sizes.tolist() == [len(set(hs)) for hs in each]
    assert sets.tolist() == [h for hs in each for h in sorted(set(hs))]


@pytest.mark.parametrize(("lengths", "keyed"), [([20, 45] * 10, False), ([30] * 20 + [2000], True)])
def test_the_sets_of_runs_are_each_runs_distinct_hashes_by_grid_or_by_keyed_sort(monkeypatch, lengths, keyed):
    """Runs of like lengths are sorted as the rows of a grid padded with the largest hash, which
    runs also hold; a run much longer than the others sends them all to the keyed sort."""
    rng = random.Random(len(lengths))
    top = 0xFFFFFFFF
    some = [[0, 7, top - 1, top], [0, 7, top - 1]]  # runs of either length with and without the padding's value
    runs = [[rng.choice([*some[k // 2 % 2], rng.getrandbits(32)]) for _ in range(n)] for k, n in enumerate(lengths)]
    sorted_keyed = []
    distinct_keyed = near._distinct_keyed
    monkeypatch.setattr(near, "_distinct_keyed", lambda *runs: sorted_keyed.append(1) or distinct_keyed(*runs))
    sets, sizes = near._distinct_runs(np.array([h for run in runs for h in run], dtype=np.uint32), np.array(lengths))
    assert sets.dtype == np.uint32 and sets.tolist() == [h for run in runs for h in sorted(set(run))]
    assert sizes.dtype == np.int64 and sizes.tolist() == [len(set(run)) for run in runs]
    assert bool(sorted_keyed) == keyed


def test_a_subset_in_any_order_is_grouped_as_those_texts_alone(monkeypatch):
    monkeypatch.setattr(workers, "CHUNK_TEXTS", 7)
    monkeypatch.setattr(near, "TASK_PAIRS", 5)  # several tasks, each reading its texts in ascending order
    texts = [p.text for a in furnished_articles(40, seed=9) for p in a.paragraphs]
    subset = np.array(random.Random(2).sample(range(len(texts)), len(texts) // 2))
    alone = near_groups([texts[i] for i in subset])
    assert (alone >= 0).sum() > 10
    assert (near_groups(texts, 1, subset=subset) == alone).all()
    assert (near_groups(texts, 2, subset=subset) == alone).all()


@given(
    st.lists(
        st.sampled_from(list("aZ_09 \t\n.,;:-éß٣\u00a0\ufb01\u1100\u1161") + ["word ", "12 ", "x" * 30, "Ab. " * 9]),
        max_size=60,
    ).map("".join)
)
def test_the_bound_on_taking_part_never_leaves_out_a_text_that_takes_part(text):
    taking_part = near.shingle_set(text) is not None
    assert may_take_part_alone(normal_utf8(text)) or not taking_part


@given(st.lists(st.sampled_from(["word ", "12 ", "x" * 30, "Ab. " * 9, ", " * 50, "Ab" * 90, "1, " * 100, ""])))
def test_the_bound_on_taking_part_of_slices_is_the_bound_of_each(pieces):
    data = b" ".join(normal_utf8(piece * 3) for piece in pieces)
    ends = np.cumsum([len(normal_utf8(piece * 3)) + 1 for piece in pieces], dtype=np.int64) - 1
    starts = ends - [len(normal_utf8(piece * 3)) for piece in pieces]
    taking = near.may_take_part(data, starts, ends).tolist()
    letters = [sum(byte in ASCII_WORD for byte in data[start:end]) for start, end in zip(starts, ends, strict=True)]
    assert taking == [
        end - start >= near.MIN_CHARS and (end - start <= near.MAX_CHARS or count <= near.MAX_CHARS)
        for start, end, count in zip(starts, ends, letters, strict=True)
    ]


def test_the_bound_on_taking_part_leaves_out_long_paragraphs():
    texts = [METER, "Too short", "paragraph " * 50, "1, " * 200, QUOTED, ""]  # 450 letters; 399 characters
    assert [may_take_part_alone(normal_utf8(t)) for t in texts] == [True, False, False, True, True, False]


ASCII_WORD = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")


def may_take_part_alone(normal: bytes) -> bool:
    """:func:`near.may_take_part` of one text."""
    return bool(near.may_take_part(normal, np.array([0]), np.array([len(normal)]))[0])


def test_sketches_without_sets_keep_the_rest_and_the_sets_made_again_from_the_skeletons_are_the_same():
    texts = [p.text for a in furnished_articles(20, seed=7) for p in a.paragraphs] + ["Too short", "x" * 500]
    full = near.forms_of(texts)
    with Spilled() as normals:
        normals.append(b"".join(map(normal_utf8, texts)), np.array([len(normal_utf8(t)) for t in texts]))
        normals.seal()
        light, joined_skeletons, lengths = near.sketched_chunk(normals, np.arange(len(texts)))
        halves = [np.arange(0, len(texts) // 2), np.arange(len(texts) // 2, len(texts))]
        parts = [near.sketched_chunk(normals, half)[0] for half in halves]
    assert len(light.sets) == 0 and len(full.sets) == full.sizes.sum() > 0
    for name in ("chosen", "sizes", "whole", "bands", "profiles", "prefix_owner", "prefix_key"):
        assert (getattr(light, name) == getattr(full, name)).all(), name
    assert len(full.chosen) > 50 and full.chosen[-1] < len(texts) - 2  # the short and the long text take no part
    cuts = np.cumsum(lengths)
    skeletons = [joined_skeletons[end - size : end] for end, size in zip(cuts.tolist(), lengths.tolist(), strict=True)]
    assert skeletons == [skeleton(texts[at]).encode("utf-8") for at in full.chosen.tolist()]
    sets, sizes = near._sets_of(skeletons)
    assert (sizes == full.sizes).all() and (sets == full.sets).all()
    joined = near.joined_forms(parts, list(map(len, halves)))
    assert len(joined.sets) == 0 and (joined.sizes == full.sizes).all() and (joined.chosen == full.chosen).all()


def plain_groups(texts: list[str]) -> list[list[int]]:
    """The near groups by definition: every pair of sets checked, components joined by union-find."""
    from newsmill.hashing.unionfind import UnionFind

    sets = [shingle_set(text) for text in texts]
    joined = UnionFind(len(texts))
    for i, a in enumerate(sets):
        for j in range(i + 1, len(texts)):
            b = sets[j]
            if a is not None and b is not None and is_variant(a, b):
                joined.union(i, j)
    return joined.groups()


def test_a_chain_of_variants_is_one_group_though_only_its_links_are_variants():
    rng = random.Random(14)
    vocabulary = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 8))) for _ in range(300)]
    words = rng.sample(vocabulary, 24)
    chain = []
    for step in range(8):  # each link changes three words of the one before
        for change in range(3):
            words[(3 * step + change) % len(words)] = rng.choice(vocabulary)
        chain.append(" ".join(words).capitalize() + ".")
    unrelated = [" ".join(rng.sample(vocabulary, 24)).capitalize() + "." for _ in range(40)]
    texts = unrelated[:20] + chain + unrelated[20:]
    sets = [shingle_set(text) for text in chain]
    links = {(i, i + 1) for i in range(len(chain) - 1)}
    # A path: every link is needed, so a candidate lost between two neighbours splits the group.
    pairs = [(i, j) for i in range(len(chain)) for j in range(i + 1, len(chain))]
    assert {(i, j) for i, j in pairs if is_variant(sets[i], sets[j])} == links
    labels = near_groups(texts).tolist()
    found: dict[int, list[int]] = {}
    for number, label in enumerate(labels):
        if label >= 0:
            found.setdefault(label, []).append(number)
    assert sorted(found.values()) == plain_groups(texts) == [list(range(20, 20 + len(chain)))]


#: Keys that are equal, that differ only in their low bits (where the texts' numbers are written to
#: find the texts that may share a key), and that differ in their high bits.
KEYS = st.one_of(st.integers(0, 6), st.tuples(st.integers(0, 3), st.integers(0, 3)).map(lambda k: k[0] << 60 | k[1]))


@given(st.lists(KEYS, max_size=40))
def test_same_key_pairs_join_each_text_to_the_first_text_of_its_key(keys):
    pairs = near._same_key_pairs(np.array(keys, dtype=np.uint64))
    first = {}
    for at, key in enumerate(keys):
        first.setdefault(key, at)
    expected = sorted((first[key], at) for at, key in enumerate(keys) if first[key] != at)
    assert pairs.shape == (len(expected), 2) and sorted(map(tuple, pairs.tolist())) == expected


@given(st.lists(KEYS, max_size=40), st.randoms(use_true_random=False))
def test_same_key_pairs_join_each_text_to_the_lowest_ranked_text_of_its_key(keys, rng):
    rank = list(range(len(keys)))
    rng.shuffle(rank)
    pairs = near._same_key_pairs(np.array(keys, dtype=np.uint64), np.array(rank, dtype=np.int64))
    first = {}
    for at in sorted(range(len(keys)), key=rank.__getitem__):
        first.setdefault(keys[at], at)
    expected = sorted((first[key], at) for at, key in enumerate(keys) if first[key] != at)
    assert pairs.shape == (len(expected), 2) and sorted(map(tuple, pairs.tolist())) == expected


@given(st.lists(st.integers(0, 1000), unique=True, max_size=30))
def test_text_ranks_number_the_sets_in_the_order_of_their_texts(chosen):
    ranks = near.text_ranks(np.array(chosen, dtype=np.int64))
    assert ranks.tolist() == [sorted(chosen).index(text) for text in chosen]


@given(st.lists(st.integers(0, 8), min_size=1, max_size=30), st.lists(st.integers(0, 12), max_size=30))
def test_prefix_pairs_join_each_prefix_to_a_text_of_that_skeleton(whole, wanted):
    owners = np.arange(len(wanted)) % len(whole)
    pairs = near.prefix_pairs(np.array(whole, dtype=np.uint64), owners, np.array(wanted, dtype=np.uint64))
    expected = [(int(owner), whole.index(key)) for owner, key in zip(owners, wanted, strict=True) if key in whole]
    assert sorted(map(tuple, pairs.tolist())) == sorted(expected)


def test_the_candidates_are_the_same_whatever_the_order_the_normal_forms_lie_in(monkeypatch):
    monkeypatch.setattr(workers, "CHUNK_TEXTS", 7)  # chunks read in the file's order, not the texts'
    rng = random.Random(6)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) for _ in range(60)]
    notices = [f"Subscribe to the {word} Gazette today for unlimited access to every story." for word in words]
    texts = notices + [p.text for a in furnished_articles(20, seed=4) for p in a.paragraphs]
    shuffled = rng.sample(range(len(texts)), len(texts))  # row k holds texts[shuffled[k]]
    found = []
    for order in (list(range(len(texts))), shuffled):
        with Spilled() as normals, Spilled() as skeletons:
            normals.append(b"".join(normal_utf8(texts[i]) for i in order), [len(normal_utf8(texts[i])) for i in order])
            normals.seal()
            rows = np.argsort(order)  # text i's row
            candidates = near.candidates_of(normals, rows, skeletons, jobs=2)
        first_of_skeleton: dict[str, int] = {}
        for i, text in enumerate(texts):
            first_of_skeleton.setdefault(skeleton(text), i)
        texts_of = [first_of_skeleton[skeleton(texts[i])] for i in candidates.chosen.tolist()]  # one of equal skeletons
        found.append(sorted({tuple(sorted((texts_of[a], texts_of[b]))) for a, b in candidates.pairs.tolist()}))
    assert len(found[0]) > 20 and found[1] == found[0]


def test_joined_forms_of_no_texts_and_of_some_hold_the_parts_rows():
    assert len(near.JoinedForms(0).forms().bands) == 0
    texts = [f"Subscribe to the {word} Gazette today for unlimited access." for word in ("daily", "weekly", "sunday")]
    parts = [near.forms_of(texts, range(0, 2)), near.forms_of(texts, range(2, 3))]
    joined = near.joined_forms(parts, [2, 1])
    whole = near.forms_of(texts)
    assert (joined.bands == whole.bands).all() and (joined.profiles == whole.profiles).all()
    assert (joined.chosen == whole.chosen).all()
