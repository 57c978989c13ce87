"""Translation inside `newsmill run` and as the `newsmill translate` stage, on the real argos path."""

import json
from pathlib import Path

from helpers import EXAMPLES, read_jsonl
from typer.testing import CliRunner

from newsmill.cli import app

DUTCH_IDS = {"nieuws.txt#1", "nieuws.txt#2", "nieuws.txt#3"}


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def run_examples(out: Path, *extra: str):
    result = invoke("run", str(EXAMPLES), "-o", str(out), "--max-decoding-length", "16", *extra)
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in read_jsonl(out / "articles.jsonl")}, json.loads((out / "report.json").read_text())


def test_run_translates_dutch_articles_keeping_originals_and_uses_the_cache(tmp_path, tiny_argos_model):
    first, report = run_examples(tmp_path / "one")
    for article_id in DUTCH_IDS:
        record = first[article_id]
        assert record["translated"] is True and record["lang"] == "en" and record["lang_original"] == "nl"
        assert record["translation_model"]["name"] == tiny_argos_model.name
        assert record["text_original"].count("\n\n") == record["text"].count("\n\n")
        assert record["text"] != record["text_original"]
        assert set(record["para_langs"]) == {"en"}
    english = [r for r in first.values() if r["id"] not in DUTCH_IDS]
    assert all("translated" not in r for r in english)
    counts = report["counts"]["translate"]
    assert counts["articles_translated"] == 3 and counts["sentences_translated"] > 0
    assert counts["install_hint"] is None

    second, report = run_examples(tmp_path / "two")
    assert report["counts"]["translate"]["sentences_translated"] == 0
    assert report["counts"]["translate"]["cache_hits"] == counts["sentences_unique"]
    assert (tmp_path / "one" / "articles.jsonl").read_bytes() == (tmp_path / "two" / "articles.jsonl").read_bytes()


def test_without_a_model_dutch_stays_marked_and_the_hint_is_shown_once(tmp_path, tiny_argos_packages_dir):
    result = invoke("run", str(EXAMPLES), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert result.stderr.count("No argos model installed for nl→en") == 1
    records = {r["id"]: r for r in read_jsonl(tmp_path / "out" / "articles.jsonl")}
    for article_id in DUTCH_IDS:
        assert records[article_id]["translated"] is False and records[article_id]["lang"] == "nl"
        assert "no argos model" in records[article_id]["translation_reason"].lower()
    strict = invoke("run", str(EXAMPLES), "-o", str(tmp_path / "out"), "--require-translation", "-q")
    assert strict.exit_code == 1 and "3 articles stayed untranslated" in strict.stderr


def test_stage_pipe_ending_in_translate_equals_run(tmp_path, tiny_argos_model):
    run_examples(tmp_path / "run")
    piped = invoke("split", str(EXAMPLES), "-q").stdout
    for stage in ("langid", "boilerplate", "dedupe"):
        result = CliRunner().invoke(app, [stage, "-", "-q"], input=piped)
        assert result.exit_code == 0, result.output
        piped = result.stdout
    staged = tmp_path / "deduped.jsonl"
    staged.write_text(piped, encoding="utf-8")
    translated = invoke("translate", str(staged), "-o", str(tmp_path / "stage"), "--max-decoding-length", "16", "-q")
    assert translated.exit_code == 0, translated.output
    # pairs.jsonl comes from the stage that checked the pairs (dedupe), not from translate
    for name in ("articles.jsonl", "duplicates.jsonl", "removed.jsonl", "stories.jsonl"):
        assert (tmp_path / "stage" / name).read_bytes() == (tmp_path / "run" / name).read_bytes(), name
