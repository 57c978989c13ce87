"""The Dask engine's story pass in its map / reduce / pairing steps, run here without a cluster:
the same pairs and labels as the local pass, and the pairing task is given no texts
(only those of the articles signal B compares, when some article was translated)."""

from __future__ import annotations

import pickle
from functools import cache

import pytest
from helpers import SHARED

from benchmarks.corpus import generate_corpus
from newsmill.cluster.stories import PartStories, case_and_targets, merge_case_and_targets, pair_parts, part_stories
from newsmill.config import Config
from newsmill.dedupe import dedupe
from newsmill.pipeline import load
from newsmill.record import Translated
from newsmill.results.write import json_line
from newsmill.story import assign_stories, story_pair_json

pytestmark = pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="needs ../shared/data for generated corpora")

NAME_SHARE = 0.5


@cache
def records() -> list[dict[str, str]]:
    return [{k: a[k] for k in ("id", "title", "text", "lang")} for a in generate_corpus(240, seed=5).articles]


def corpus(config: Config, translated: int = 0):
    """A generated corpus (languages given, copy clusters found); its first ``translated``
    Dutch articles marked as translated into English (their text stays: only the marks matter here)."""
    articles = load(records(), config)
    dedupe(articles, config)
    for article in [a for a in articles if a.lang == "nl" and a.duplicate_of is None][:translated]:
        article.translation = Translated(article.text, article.title, "nl", {"name": "a test mark, not a model"})
        article.lang = "en"
    return articles


def on_parts(articles, config: Config, cuts=(0, 70, 71, 160)):
    """The cluster's steps over ``articles`` cut into partitions at ``cuts``: the pairing task's
    arguments and what it returns; the labels are applied to the articles."""
    parts = [articles[start:end] for start, end in zip(cuts, [*cuts[1:], len(articles)], strict=True)]
    merged = merge_case_and_targets(NAME_SHARE, *(case_and_targets(part, NAME_SHARE) for part in parts))
    given = [part_stories(part, merged) for part in parts]
    labels, lines, summary = pair_parts(config, *given)
    for part, part_labels in zip(parts, labels, strict=True):
        for article, label in zip(part, part_labels, strict=True):
            label.apply(article)
    return given, lines, summary


@pytest.mark.parametrize(
    "config", [Config(), Config(drop_story_duplicates=True), Config(keep="first")], ids=["default", "drop", "first"]
)
@pytest.mark.parametrize("translated", [0, 5], ids=["untranslated", "translated"])
def test_the_steps_give_the_local_pass_s_pairs_and_labels(config, translated):
    local, cluster = corpus(config, translated), corpus(config, translated)
    pairs, local_summary = assign_stories(local, config)
    given, lines, summary = on_parts(cluster, config)
    ids = [a.id for a in local]
    assert local_summary.anchor_pairs > 0, "the corpus should hold cross-language stories"
    assert lines == [json_line(story_pair_json(p, ids)) for p in pairs]
    assert summary == local_summary
    assert [a.to_json() for a in cluster] == [a.to_json() for a in local]
    assert any(part.texts for part in given) == bool(translated)  # signal B ran on the texts sent


def test_the_pairing_task_receives_no_texts_when_nothing_was_translated():
    config = Config()
    articles = corpus(config)
    given, _, _ = on_parts(articles, config)
    assert all(isinstance(part, PartStories) and part.texts == {} for part in given)
    sent = b"".join(pickle.dumps(part) for part in given)
    # not one paragraph of any article travels to the pairing task
    paragraphs = {p.text for a in articles for p in a.paragraphs if len(p.text) > 40}
    assert paragraphs and not any(p.encode("utf-8") in sent for p in paragraphs)
    assert len(sent) < sum(len(a.text.encode("utf-8")) for a in articles) / 2


def test_with_translated_articles_only_the_texts_signal_b_compares_are_sent():
    config = Config()
    articles = corpus(config, translated=5)
    given, _, _ = on_parts(articles, config)
    sent = [text for part in given for text in part.texts.values()]
    survivors_in_english = [a for a in articles if a.duplicate_of is None and a.lang == "en"]
    assert len(sent) == len(survivors_in_english) < len(articles)
    assert all(part.langs[k] == "en" for part in given for k in part.texts)


def test_no_anchors_are_read_when_only_one_language_survives():
    config = Config()
    one_language = [a for a in corpus(config) if a.lang == "en"]
    given, _, summary = on_parts(one_language, config, cuts=(0, 50, 100))
    assert sum(len(part.survivors) for part in given) > 100
    assert all(sequence == [] for part in given for sequence in part.anchors.sequences())
    assert summary.anchor_pairs == 0
    two_languages, _, _ = on_parts(corpus(config), config)
    assert any(sequence for part in two_languages for sequence in part.anchors.sequences())
