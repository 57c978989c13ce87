"""Stage commands compose: split | langid | boilerplate | dedupe gives what run --no-translate gives."""

import io
import json

import pytest
from helpers import EXAMPLES, SHARED, body, read_jsonl, write_jsonl
from rich.console import Console
from typer.testing import CliRunner

from newsmill.cli import app
from newsmill.progress import SILENT, progress_bars
from newsmill.record import Article, Paragraph, Removal, Source, Translated, Untranslated

RESULT_FILES = ["articles.jsonl", "duplicates.jsonl", "pairs.jsonl", "removed.jsonl", "report.json", "stories.jsonl"]


def invoke(*args, input=None):
    result = CliRunner().invoke(app, [str(a) for a in args], input=input)
    assert result.exit_code == 0, result.output
    return result


def pipe(inputs, out, *boilerplate_options):
    """``newsmill split INPUTS | langid - | boilerplate - OPTIONS | dedupe - -o OUT`` in process."""
    data = invoke("split", inputs).stdout_bytes
    data = invoke("langid", "-", input=data).stdout_bytes
    data = invoke("boilerplate", "-", *boilerplate_options, input=data).stdout_bytes
    return invoke("dedupe", "-", "-o", out, input=data)


@pytest.mark.parametrize("options", [(), ("--strip-junk",)])
def test_piped_stages_write_the_same_results_as_run(tmp_path, options):
    pipe(EXAMPLES, tmp_path / "piped", *options)
    invoke("run", EXAMPLES, "-o", tmp_path / "run", "--no-translate", *options)  # the pipe has no translate stage
    for name in (n for n in RESULT_FILES if n != "report.json"):
        assert (tmp_path / "piped" / name).read_bytes() == (tmp_path / "run" / name).read_bytes(), name
    # The report's counts agree too; its configuration is the last stage's.
    reports = [json.loads((tmp_path / d / "report.json").read_text()) for d in ("piped", "run")]
    assert reports[0]["counts"] == reports[1]["counts"]


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="the sample corpus is not beside the repository")
def test_piped_stages_match_run_on_the_sample_corpus(tmp_path):
    pipe(SHARED / "corpus", tmp_path / "piped")
    invoke("run", SHARED / "corpus", "-o", tmp_path / "run", "--no-translate")
    for name in ("articles.jsonl", "removed.jsonl"):
        assert (tmp_path / "piped" / name).read_bytes() == (tmp_path / "run" / name).read_bytes(), name


def test_stdout_carries_only_records_and_stderr_the_summary():
    result = invoke("split", EXAMPLES)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 13 and all("_newsmill" in r for r in records)
    signatures = [r for rec in records for r in rec["_newsmill"]["removed"] if r["reason"] == "signature"]
    assert {r["text"] for r in signatures} >= {"Harbour Wire", "Voorbeeld Nieuws"}
    assert result.stderr.startswith("ingest: 13 articles from 4 files")
    assert "{" not in result.stderr


def test_a_stage_with_output_writes_the_results_directory(tmp_path):
    data = invoke("split", EXAMPLES).stdout_bytes
    invoke("langid", "-", "-o", tmp_path / "out", "-q", input=data)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == RESULT_FILES
    records = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert len(records) == 13 and "_newsmill" not in records[0]
    assert {r["lang"] for r in records} == {"en", "nl"}
    assert read_jsonl(tmp_path / "out" / "pairs.jsonl") == []


def test_dry_run_writes_only_the_removals_and_the_report(tmp_path):
    invoke("run", EXAMPLES, "-o", tmp_path / "out", "--dry-run", "--strip-junk", "-q")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["removed.jsonl", "report.json"]
    removed = read_jsonl(tmp_path / "out" / "removed.jsonl")
    assert {r["reason"] for r in removed} >= {"signature", "repeated"}
    stdout = invoke("boilerplate", EXAMPLES, "--dry-run", "-q").stdout
    assert [json.loads(line)["reason"] for line in stdout.splitlines()] == [
        r["reason"] for r in removed if r["reason"] != "promo"
    ]


def test_always_keep_and_remove_from_the_command_line_and_the_config_file(tmp_path, monkeypatch):
    invoke(
        "run",
        EXAMPLES,
        "-o",
        tmp_path / "flags",
        "-q",
        "--always-keep",
        "^Harbour Wire$",
        "--always-remove",
        "ferry",
        "--always-remove",
        "^Nothing matches this$",
    )
    removed = read_jsonl(tmp_path / "flags" / "removed.jsonl")
    assert "Harbour Wire" not in {r["text"] for r in removed}
    assert any(r["reason"] == "always-remove" and "ferry" in r["text"] for r in removed)
    (tmp_path / "pyproject.toml").write_text('[tool.newsmill]\nalways_keep = ["^Harbour Wire$"]\n')
    monkeypatch.chdir(tmp_path)
    invoke("run", EXAMPLES, "-o", "file", "-q")
    assert "Harbour Wire" not in {r["text"] for r in read_jsonl(tmp_path / "file" / "removed.jsonl")}


def test_article_from_json_restores_a_stage_record_and_a_plain_one():
    article = Article("a#1", Source("a.txt", 3, 9, 1), "Title", [Paragraph(body("x"), 5, 5, "en", 0.99)])
    article.lang, article.lang_prob, article.cluster = "en", 0.99, "a#1"
    article.removals = [Removal("a#1", Paragraph("Wire", 9, 9), "signature", 4)]
    article.extra = {"url": "https://e.org"}
    restored = Article.from_json(json.loads(json.dumps(article.to_stage_json())))
    assert restored.to_stage_json() == article.to_stage_json()
    assert restored.paragraphs == article.paragraphs and not restored.lang_given
    plain = Article.from_json(article.to_json())
    assert plain.to_json() == article.to_json() and plain.removed_before == 1 and plain.lang_given


def test_translation_and_story_are_typed_fields_written_after_the_input_fields():
    article = Article("a#1", Source("a.txt", 1, 1, 1), "Titel", [Paragraph("Tekst.", 1, 1, "en", 0.99)], lang="en")
    article.extra = {"url": "https://e.org"}
    model = {"name": "translate-nl_en", "version": "1.9", "source": "nl", "target": "en"}
    article.translation, article.story = Translated("Tekst.", "Titel", "nl", model), "b#1"
    record = json.loads(json.dumps(article.to_stage_json()))
    staged = ["text_original", "title_original", "lang_original", "translation_model", "translated", "story"]
    assert list(article.to_json())[-8:] == ["contained_in", "url", *staged]
    assert record["translated"] is True and record["lang_original"] == "nl" and record["story"] == "b#1"
    restored = Article.from_json(record)
    assert restored.extra == {"url": "https://e.org"}
    assert restored.translation == article.translation and restored.story == "b#1"
    assert list(restored.to_stage_json().items()) == list(record.items())
    article.translation = Untranslated("no argos model installed for nl→en")
    assert list(article.to_json())[-4:] == ["url", "translated", "translation_reason", "story"]
    assert Article.from_json(article.to_json()).translation == article.translation


def test_fields_of_an_incomplete_translation_stay_with_the_input_fields():
    record = {"id": "x", "text": "One.", "para_langs": ["en"], "source": {"path": "a", "line_start": 1,
              "line_end": 1, "index": 1}, "translated": True, "lang_original": "nl", "story": 7}
    article = Article.from_json(record)
    assert article.translation is None and article.story is None
    assert article.extra == {"translated": True, "lang_original": "nl", "story": 7}
    assert {k: article.to_json()[k] for k in article.extra} == article.extra


def test_a_malformed_newsmill_record_is_an_input_error(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": "One.", "para_langs": ["en", "nl"], "source": {}}])
    result = CliRunner().invoke(app, ["langid", str(path)])
    assert result.exit_code == 2 and f"{path}:1: malformed newsmill record" in result.stderr


def cluster_records():
    """Three copies of one story: a longer English one last, a Dutch-tagged one first."""
    story = body("ferry", 60)
    return [
        {"id": "n1", "text": story, "lang": "nl"},
        {"id": "e1", "text": story + " Extra words close the copy.", "lang": "en"},
        {"id": "e2", "text": story + " Extra words close the copy. And one more sentence here.", "lang": "en"},
    ]


@pytest.mark.parametrize(
    "policy, kept, files",
    [
        ("longest", "e2", ["a.jsonl"]),
        ("first", "n1", ["a.jsonl"]),
        ("lang:en", "e2", ["a.jsonl"]),
        ("lang:nl", "n1", ["a.jsonl"]),
        ("source-order", "e2", ["b.jsonl", "a.jsonl"]),
    ],
)
def test_keep_policies_through_the_cli(tmp_path, policy, kept, files):
    records = cluster_records()
    if files == ["b.jsonl", "a.jsonl"]:  # e2 alone in the earliest path: source order picks it
        write_jsonl(tmp_path / "a.jsonl", [r for r in records if r["id"] != "e2"])
        write_jsonl(tmp_path / "0.jsonl", [r for r in records if r["id"] == "e2"])
        inputs = [tmp_path / "a.jsonl", tmp_path / "0.jsonl"]
    else:
        inputs = [write_jsonl(tmp_path / "a.jsonl", records)]
    invoke("dedupe", *inputs, "--keep", policy, "--threshold", "0.8", "-o", tmp_path / "out", "-q")
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "articles.jsonl")] == [kept]
    assert {r["duplicate_of"] for r in read_jsonl(tmp_path / "out" / "duplicates.jsonl")} == {kept}


def test_progress_bars_show_counts_and_rate_on_a_terminal_only():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with progress_bars(quiet=False, console=console) as progress:
        assert list(progress.track(range(250), "langid", total=250)) == list(range(250))
    assert "langid" in screen.getvalue() and "250/250" in screen.getvalue() and "/s" in screen.getvalue()
    with progress_bars(quiet=True, console=console) as progress:
        assert progress is SILENT
    with progress_bars(quiet=False, console=Console(file=io.StringIO())) as progress:
        assert progress is SILENT


def test_json_report_goes_to_stdout_with_a_directory_and_to_stderr_when_data_streams(tmp_path):
    with_dir = invoke("dedupe", EXAMPLES, "-o", tmp_path / "out", "--json", "-q")
    assert json.loads(with_dir.stdout)["counts"]["dedupe"]["clusters"] == 2
    streamed = invoke("langid", EXAMPLES, "--json", "-q")
    assert all("_newsmill" in json.loads(line) for line in streamed.stdout.splitlines())
    assert json.loads(streamed.stderr)["counts"]["ingest"]["articles"] == 13
