"""``newsmill explain``: why an article was kept, dropped or changed."""

from __future__ import annotations

import json

import pytest
from report_fixtures import example_results
from typer.testing import CliRunner

from newsmill.cli import app


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return example_results(tmp_path_factory.mktemp("explain") / "out")


def explain(*args: str):
    return CliRunner().invoke(app, ["explain", *args])


def test_near_duplicate_names_its_cluster_similarity_and_removed_signature(results):
    result = explain("harbour-wire.txt#3", "--results", str(results))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "harbour-wire.txt#3: dropped as a near duplicate of coast-daily.txt#1 "
        "(similarity 0.9439, threshold 0.7), 1 paragraph removed"
    )
    assert "  cluster: 2 articles; coast-daily.txt#1 kept by --keep longest; " in result.stdout
    assert "    coast-daily.txt#1  0.9439  duplicate" in lines
    assert "  source: harbour-wire.txt:23–31" in lines
    assert "    'Harbour Wire'  signature, 4 times in the corpus, at harbour-wire.txt:31" in lines


def test_kept_article_lists_what_was_dropped_for_it_and_its_boilerplate(results):
    result = explain("feed-003", "-r", str(results))
    assert result.stdout.startswith("feed-003: kept, unchanged\n")
    assert "    harbour-wire.txt#1  1.0" in result.stdout and "    harbour-wire.txt#4  1.0" in result.stdout
    changed = explain("coast-daily.txt#2", "-r", str(results)).stdout
    assert changed.startswith("coast-daily.txt#2: kept, 2 paragraphs removed\n")
    assert "cluster: none (no other article reached the threshold)" in changed
    assert "'Subscribe to Coast Daily for unlimited access to local news.'  repeated, 3 times in the corpus" in changed


def test_exact_copy_is_called_one(results):
    result = explain("harbour-wire.txt#4", "-r", str(results))
    assert result.stdout.startswith("harbour-wire.txt#4: dropped as an exact copy of feed-003 (similarity 1.0")
    assert "    harbour-wire.txt#4  1.0  (this article)" in result.stdout


def test_json_explanation_for_scripts(results):
    result = explain("harbour-wire.txt#3", "-r", str(results), "--json")
    explanation = json.loads(result.stdout)
    assert explanation["status"] == "dropped" and explanation["duplicate_of"] == "coast-daily.txt#1"
    assert explanation["exact"] is False and explanation["threshold"] == 0.7
    assert [r["text"] for r in explanation["removed"]] == ["Harbour Wire"]


def test_translation_fields_are_explained(tmp_path):
    out = example_results(tmp_path / "out")
    records = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    for record in records:
        if record["id"] == "nieuws.txt#1":
            record.update(
                translated=True,
                lang_original="nl",
                translation_model={"name": "translate-nl_en", "version": "1.9", "source": "nl", "target": "en"},
            )
        if record["id"] == "nieuws.txt#2":
            record.update(translated=False, translation_reason="no argos model installed for nl→en")
    (out / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    assert (
        "translation: translated from nl by translate-nl_en 1.9 (nl→en)"
        in explain("nieuws.txt#1", "-r", str(out)).stdout
    )
    assert (
        "translation: not translated: no argos model installed for nl→en"
        in explain("nieuws.txt#2", "-r", str(out)).stdout
    )


def test_unknown_id_exits_2_with_one_line(results):
    result = explain("no-such-article", "-r", str(results))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"newsmill: error: {results}: no article with id 'no-such-article' "
        "(ids are in articles.jsonl and duplicates.jsonl)\n"
    )
