"""The story pass: verified cross-language story pairs, story labels, options, NTREX quality."""

import contextlib
import math
from collections import Counter
from dataclasses import replace
from itertools import combinations

import numpy as np
import pytest
from helpers import SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmill.config import Config
from newsmill.dedupe import dedupe
from newsmill.errors import UsageError
from newsmill.pipeline import load
from newsmill.record import Translated
from newsmill.settings import StorySettings
from newsmill.story import (
    AnchorOptions,
    StoryPair,
    TranslatedOptions,
    assign_stories,
    find_story_pairs,
    story_pair_json,
)
from newsmill.story.anchor_signal import anchor_pairs, ordered_jaccard, sequence_pairs
from newsmill.story.options import anchor_options, translated_options
from newsmill.story.pairs import one_to_one
from newsmill.story.prefix import AnchorTable, prefix_candidates
from newsmill.story.translated import translated_pairs

FIRE_NL = """Grote brand in de haven van Rotterdam

Bij een brand in een opslagloods in de haven van Rotterdam is dinsdagnacht voor ruim 2,5 miljoen euro schade ontstaan. Volgens woordvoerder Anouk de Vries van de Veiligheidsregio Rotterdam-Rijnmond waren 45 brandweerlieden bijna zes uur bezig met blussen.

De loods van het bedrijf Maasvlakte Logistics stond vol met 1.200 pallets kunststof. Burgemeester Ahmed Aboutaleb bezocht de plek woensdagochtend. Het bedrijf meldde op www.maasvlaktelogistics.nl dat 12,5 procent van de voorraad verloren is gegaan."""

FIRE_EN = """Major fire in the port of Rotterdam

A fire in a warehouse in the port of Rotterdam caused more than 2.5 million euros of damage on Tuesday night. According to spokeswoman Anouk de Vries of the Rotterdam-Rijnmond Safety Region, 45 firefighters spent almost six hours putting it out.

The warehouse of the company Maasvlakte Logistics was full of 1,200 pallets of plastic. Mayor Ahmed Aboutaleb visited the site on Wednesday morning. The company said on www.maasvlaktelogistics.nl that 12.5 percent of its stock was lost."""

# Another outlet's report of the same event: the same people, company and city, its own facts and order.
FIRE_OTHER_OUTLET_EN = """Rotterdam mayor visits fire-hit port

Mayor Ahmed Aboutaleb on Wednesday praised the Rotterdam fire brigade after a blaze at a warehouse of Maasvlakte Logistics in the port. Residents of Schiedam and Vlaardingen were told to keep windows closed overnight.

Aboutaleb said the port, which handles 470 million tonnes of cargo a year, would reopen the area on Thursday. Maasvlakte Logistics employs 300 people in Rotterdam, the company told the NOS."""

MATCH_NL = """PSV wint van Ajax in Eindhoven

PSV heeft zondag in het Philips Stadion met 3-1 gewonnen van Ajax. Luuk de Jong scoorde twee keer voor 35.000 toeschouwers.

Trainer Peter Bosz zei na afloop dat zijn ploeg 'te laat wakker' werd. PSV staat nu 4 punten voor op Ajax, dat in 2023 nog kampioen werd."""

MATCH_EN = """PSV beat Ajax in Eindhoven

PSV beat Ajax 3-1 on Sunday at the Philips Stadion. Luuk de Jong scored twice in front of 35,000 spectators.

Coach Peter Bosz said afterwards that his team woke up 'too late'. PSV are now 4 points ahead of Ajax, who won the title as recently as 2023."""

BAKERY_EN = """Bakery on Canal Street wins bread prize

A small bakery on Canal Street has won the national bread prize for its dark rye loaf, beating 212 entries with flour from a mill 20 kilometres away, the jury of the Bakers Guild said on Monday."""

TEXTS = [FIRE_NL, FIRE_EN, FIRE_OTHER_OUTLET_EN, MATCH_NL, MATCH_EN, BAKERY_EN]
LANGS = ["nl", "en", "en", "nl", "en", "en"]


def pairs_of(pairs):
    return {(p.a, p.b) for p in pairs}


def test_translations_are_paired_and_the_other_outlet_is_rejected_by_verification():
    # without the one-to-one rule, the score alone must reject the other outlet's report
    found = anchor_pairs(TEXTS, LANGS, AnchorOptions(one_to_one=False))
    assert pairs_of(found) == {(0, 1), (3, 4)}
    assert all(p.signal == "anchors" and p.score >= AnchorOptions().threshold for p in found)


def idf(sequences):
    """``ln(N / df)`` of every anchor, as the module docstring defines it."""
    df = Counter(anchor for sequence in sequences for anchor in set(sequence))
    return {anchor: math.log(len(sequences) / count) for anchor, count in df.items()}


def test_the_other_outlet_shares_names_but_not_their_order_or_figures():
    from newsmill.story.anchors import anchor_table

    sequences = anchor_table(TEXTS).sequences()
    weights = idf(sequences)
    true = ordered_jaccard(sequences[0], sequences[1], weights)
    other = ordered_jaccard(sequences[0], sequences[2], weights)
    assert set(sequences[0]) & set(sequences[2])  # they do share anchors
    assert true > 2 * AnchorOptions().threshold > AnchorOptions().threshold > other


def test_order_counts():
    weights = {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}
    assert ordered_jaccard(["a", "b", "c", "d"], ["a", "b", "c", "d"], weights) == 1.0
    assert ordered_jaccard(["a", "b", "c", "d"], ["d", "c", "b", "a"], weights) == 0.25
    assert ordered_jaccard(["a", "b", "c"], ["a", "x", "c"], {**weights, "x": 2.0}) == 2 / 5


def brute_force_pairs(sequences, langs, options):
    """Every pair that qualifies, by comparing all pairs: the reference for the candidate bound."""
    known = [i for i, lang in enumerate(langs) if lang != "und"]
    df_known = Counter(anchor for i in known for anchor in set(sequences[i]))
    limit = options.rare_limit(len(sequences))
    weights = idf(sequences)
    found = set()
    for a, b in combinations(known, 2):
        shared = set(sequences[a]) & set(sequences[b])
        rare = sum(df_known[t] <= limit for t in shared)
        if langs[a] != langs[b] and rare >= options.min_shared:
            if ordered_jaccard(sequences[a], sequences[b], weights) >= options.threshold:
                found.add((a, b))
    return found


@st.composite
def anchor_corpora(draw):
    """Small corpora of anchor sequences over a small alphabet, so that anchors recur at every frequency."""
    size = draw(st.integers(2, 24))
    alphabet = [f"w:{i}" for i in range(draw(st.integers(2, 30)))]
    sequences = [
        list(dict.fromkeys(draw(st.lists(st.sampled_from(alphabet), max_size=12)))) for _ in range(size)
    ]
    langs = draw(st.lists(st.sampled_from(["nl", "en", "de", "und"]), min_size=size, max_size=size))
    options = AnchorOptions(
        threshold=draw(st.sampled_from([0.05, 0.12, 0.3, 0.6, 1.0])),
        min_shared=draw(st.integers(1, 3)),
        max_df=draw(st.sampled_from([0.1, 0.5, 1.0])),
        max_count=draw(st.integers(1, 30)),
        one_to_one=False,
    )
    return sequences, langs, options


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(anchor_corpora())
def test_prefix_filtering_loses_no_pair_that_all_pairs_finds(corpus):
    sequences, langs, options = corpus
    assert pairs_of(sequence_pairs(AnchorTable.build(sequences), langs, options)) == brute_force_pairs(sequences, langs, options)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["w:a", "w:b", "n:1", "r:a b", "u:x.nl", "h:@y"]), unique=True), max_size=12),
    st.lists(st.integers(0, 12), max_size=4),
)
def test_tables_of_consecutive_parts_join_into_the_table_of_all(sequences, cuts):
    bounds = [0, *sorted(min(cut, len(sequences)) for cut in cuts), len(sequences)]
    parts = [AnchorTable.build(sequences[start:end]) for start, end in zip(bounds, bounds[1:], strict=False)]
    joined, whole = AnchorTable.join(parts), AnchorTable.build(sequences)
    assert joined.vocabulary == whole.vocabulary  # ids in order of first appearance over all the parts
    for mine, theirs in ((joined.tokens, whole.tokens), (joined.indptr, whole.indptr), (joined.df, whole.df)):
        assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist()
    assert joined.sequences() == sequences


def test_an_anchor_in_thousands_of_articles_does_not_pair_them_all():
    # 2,000 articles name one anchor besides three of their own; 10 Dutch-English pairs share theirs.
    # Even with the anchor counted as rare (max_df 1, no absolute cap), it outweighs
    # nothing in any article, so it stays out of every prefix.
    sequences = [["w:common", f"n:{i}", f"w:own{i}", f"r:own {i}"] for i in range(2000)]
    for i in range(10):
        sequences[1000 + i] = ["w:common", f"n:{i}", f"w:own{i}", f"r:own {i}"]
    sequences += [[f"u:other{i}.nl"] for i in range(200)]
    langs = ["nl"] * 1000 + ["en"] * 1200
    options = AnchorOptions(max_df=1.0, max_count=10**6, one_to_one=False)
    table = AnchorTable.build(sequences)
    codes = {"nl": 0, "en": 1}
    candidates = prefix_candidates(
        table, [codes[lang] for lang in langs], np.ones(len(langs), dtype=bool),
        options.threshold, options.min_shared, options.rare_limit(len(sequences)),
    )
    assert len(candidates) == 10  # not the 1,000 × 1,000 pairs behind the common anchor
    assert pairs_of(sequence_pairs(table, langs, options)) == {(i, 1000 + i) for i in range(10)}


def test_anchors_named_in_more_than_max_count_articles_are_not_rare():
    sequences = [["w:a", "w:b", "w:c"]] * 3 + [["w:x"]] * 37
    langs = ["nl", "en", "en"] + ["de"] * 37
    assert pairs_of(sequence_pairs(AnchorTable.build(sequences), langs, AnchorOptions(one_to_one=False))) == {(0, 1), (0, 2)}
    assert sequence_pairs(AnchorTable.build(sequences), langs, AnchorOptions(max_count=2, one_to_one=False)) == []
    with pytest.raises(ValueError, match="max_count"):
        AnchorOptions(max_count=0)


def test_same_language_pairs_and_unknown_languages_are_never_compared():
    assert anchor_pairs([FIRE_EN, FIRE_EN.replace("Major", "Big")], ["en", "en"]) == []
    assert anchor_pairs([FIRE_NL, FIRE_EN], ["und", "en"]) == []


def test_one_to_one_keeps_one_partner_per_article_and_language():
    langs = ["nl", "en", "en", "nl", "de"]
    pairs = [
        StoryPair(0, 2, "anchors", 0.3),
        StoryPair(0, 1, "anchors", 0.5),
        StoryPair(2, 3, "anchors", 0.2),
        StoryPair(1, 3, "anchors", 0.1),
        StoryPair(0, 4, "anchors", 0.1),
    ]
    # 0 pairs with its best English partner 1; 2, whose best was taken, falls back to 3;
    # (1, 3) goes because both already have a partner; German is another language for 0
    assert pairs_of(one_to_one(pairs, langs)) == {(0, 1), (2, 3), (0, 4)}


def test_translated_signal_pairs_light_paraphrase_across_original_languages():
    english = (
        "The city council of Utrecht decided on Tuesday to close the old swimming pool at the end of the year, "
        "because repairs to the roof and the heating would cost far more than a new building."
    )
    # what a translation of the Dutch report could look like: the same content, other word choices
    translated = (
        "The municipal council of Utrecht decided on Tuesday to shut the old swimming pool at the end of this year, "
        "because repairing the roof and the heating would cost much more than a new building."
    )
    unrelated = (
        "A small bakery on Canal Street has won the national bread prize for its dark rye loaf, beating "
        "two hundred entries with flour from a mill twenty kilometres away, the jury said on Monday."
    )
    texts = [translated, english, unrelated]
    found = translated_pairs(texts, ["en", "en", "en"], ["nl", "en", "en"])
    assert [(p.a, p.b, p.signal) for p in found] == [(0, 1, "translated")]
    assert found[0].score >= TranslatedOptions().threshold
    # nothing translated: the signal does not run; same original language: never paired
    assert translated_pairs(texts, ["en"] * 3, ["en"] * 3) == []
    assert translated_pairs([english, translated], ["en", "en"], ["nl", "nl"]) == []


def articles_of(records, config=Config()):
    articles = load(records, config)
    dedupe(articles, config)
    return articles


RECORDS = [
    {"id": "fire-nl", "lang": "nl", "text": FIRE_NL},
    {"id": "fire-en", "lang": "en", "text": FIRE_EN},
    {"id": "fire-other", "lang": "en", "text": FIRE_OTHER_OUTLET_EN},
    {"id": "match-nl", "lang": "nl", "text": MATCH_NL},
    {"id": "match-en", "lang": "en", "text": MATCH_EN},
    {"id": "match-en-copy", "lang": "en", "text": MATCH_EN + "\n\nShare this article"},
    {"id": "bakery", "lang": "en", "text": BAKERY_EN},
]


def test_assign_stories_labels_every_article_and_drops_nothing():
    articles = articles_of(RECORDS)
    pairs, summary = assign_stories(articles, Config())
    story = {a.id: a.to_json()["story"] for a in articles}
    # the longest member (the --keep default) names the story; copies share their cluster's story
    assert story == {
        "fire-nl": "fire-nl",
        "fire-en": "fire-nl",
        "fire-other": "fire-other",
        "match-nl": "match-en-copy",
        "match-en": "match-en-copy",
        "match-en-copy": "match-en-copy",
        "bakery": "bakery",
    }
    assert [a.id for a in articles if a.is_duplicate] == ["match-en"]  # the copy-level duplicate only
    assert summary.stories == 2 and summary.anchor_pairs == 2 and summary.translated_pairs == 0
    ids = [a.id for a in articles]
    assert [story_pair_json(p, ids)["a"] for p in pairs] == ["fire-nl", "match-nl"]
    assert set(story_pair_json(pairs[0], ids)) == {"a", "b", "signal", "score"}


def test_story_id_follows_the_keep_policy():
    config = Config(keep="first")
    articles = articles_of(RECORDS, config)
    assign_stories(articles, config)
    assert articles[3].story == "match-nl"


def test_drop_story_duplicates_keeps_one_article_per_story():
    articles = articles_of(RECORDS)
    _, summary = assign_stories(articles, Config(drop_story_duplicates=True))
    dropped = {a.id: a.duplicate_of for a in articles if a.is_duplicate}
    assert dropped == {"fire-en": "fire-nl", "match-nl": "match-en-copy", "match-en": "match-en-copy"}
    assert summary.story_duplicates == 2
    assert articles[1].similarity is None and articles[1].cluster == "fire-en"


def test_translated_articles_take_part_through_signal_b():
    articles = articles_of(RECORDS)
    fire_nl = articles[0]
    fire_nl.translation = Translated(fire_nl.text, fire_nl.title, "nl", {"name": "test model"})
    fire_nl.paragraphs = articles_of([{"id": "t", "lang": "en", "text": FIRE_EN.replace("Major", "Big")}])[0].paragraphs
    fire_nl.lang = "en"
    pairs, summary = assign_stories(articles, Config())
    assert {(p.a, p.b, p.signal) for p in pairs} >= {(0, 1, "anchors"), (0, 1, "translated")}
    assert summary.translated_pairs == 1
    assert fire_nl.story == articles[1].story


def test_stories_off_sets_nothing():
    articles = articles_of(RECORDS)
    assert assign_stories(articles, Config(stories=False))[0] == []
    assert all("story" not in a.to_json() for a in articles)


def test_stories_are_deterministic():
    def run():
        articles = articles_of(RECORDS)
        pairs, _ = assign_stories(articles, Config())
        return pairs, [a.to_json() for a in articles]

    assert run() == run()
    assert find_story_pairs(TEXTS, LANGS) == find_story_pairs(TEXTS, LANGS)


def test_signal_options_come_from_the_story_section_and_are_checked():
    settings = Config(story_threshold=0.3, drop_story_duplicates=True, threshold=0.9).story
    assert settings.story_threshold == 0.3 and settings.drop_story_duplicates
    assert settings.story_min_shared == StorySettings().story_min_shared
    assert anchor_options(settings) == AnchorOptions(threshold=0.3)
    assert anchor_options(replace(settings, story_one_to_one=False)).one_to_one is False
    assert translated_options(StorySettings(story_translated_ngram=3)) == TranslatedOptions(ngram=3)
    with pytest.raises(UsageError, match="^story_threshold must be in"):
        Config(story_threshold=0)
    with pytest.raises(UsageError, match="^story_translated_ngram must be at least 1"):
        Config(story_translated_ngram=0)


NTREX = SHARED / "data" / "ntrex-dev.jsonl"


@pytest.mark.skipif(not NTREX.is_file(), reason=f"NTREX evaluation data not found at {NTREX}")
def test_ntrex_story_pair_f1_at_the_defaults():
    from benchmarks.story_quality import load as load_ntrex
    from benchmarks.story_quality import scores

    documents = load_ntrex(NTREX)
    found = find_story_pairs([d.text for d in documents], [d.lang for d in documents])
    precision, recall, f1 = scores(documents, found)
    assert f1 >= 0.97, (precision, recall, f1)


def test_the_story_pass_reports_progress_with_a_total():
    from newsmill.progress import Progress
    from newsmill.stages import label_stories

    class Recorder(Progress):
        def __init__(self):
            self.bars = {}

        def track(self, items, description, total=None):
            for item in items:
                done = self.bars.get(description, (total, 0))[1]
                self.bars[description] = (total, done + 1)
                yield item

        @contextlib.contextmanager
        def counting(self, description, total, unit=""):
            self.bars[description] = (total, 0)

            def done(amount):
                self.bars[description] = (total, self.bars[description][1] + amount)

            yield done

    articles = articles_of(RECORDS)
    recorder = Recorder()
    label_stories(articles, Config(), recorder)
    survivors = sum(not a.is_duplicate for a in articles)
    assert recorder.bars["stories"] == (survivors, survivors)  # every article read counted, out of a known total
    assert recorder.bars["story names"] == (1, 1)  # one chunk of texts


def test_a_corpus_without_two_known_languages_reads_no_anchors(monkeypatch):
    import newsmill.story

    def unexpected(*args, **kwargs):
        raise AssertionError("anchors read")

    monkeypatch.setattr(newsmill.story, "anchor_table", unexpected)
    for langs in (["nl", "nl"], ["nl", "und"], ["und", "und"]):
        assert find_story_pairs([FIRE_NL, FIRE_EN], langs) == []
    with pytest.raises(AssertionError, match="anchors read"):
        find_story_pairs([FIRE_NL, FIRE_EN], ["nl", "en"])
