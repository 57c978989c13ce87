"""Input and output formats: gzip, directory globs, stdin, text dumps that split back."""

import gzip
import json
import shutil

import pytest
from helpers import EXAMPLES, SHARED, body, comparable, read_jsonl
from typer.testing import CliRunner

from newsmill.cli import app
from newsmill.config import Config
from newsmill.ingest import read
from newsmill.ingest.read import discover, read_lines


def invoke(*args, input=None, code=0):
    result = CliRunner().invoke(app, [str(a) for a in args], input=input)
    assert result.exit_code == code, result.output
    return result


def titles_and_texts(path):
    return [(r["title"], r["text"]) for r in read_jsonl(path)]


def gzip_copy(source, target):
    with source.open("rb") as raw, gzip.open(target, "wb") as packed:
        shutil.copyfileobj(raw, packed)


def test_gzipped_dumps_and_jsonl_read_like_plain_ones(tmp_path):
    packed = tmp_path / "packed"
    packed.mkdir()
    for path in EXAMPLES.iterdir():
        gzip_copy(path, packed / f"{path.name}.gz")
    invoke("run", EXAMPLES, "-o", tmp_path / "plain", "-q")
    invoke("run", packed, "-o", tmp_path / "gz", "-q")
    assert titles_and_texts(tmp_path / "gz" / "articles.jsonl") == titles_and_texts(
        tmp_path / "plain" / "articles.jsonl"
    )
    assert read_jsonl(tmp_path / "gz" / "articles.jsonl")[0]["source"]["path"].endswith(".txt.gz")


def test_a_corrupt_gzip_file_is_an_input_error_naming_file_and_line(tmp_path):
    path = tmp_path / "dump.txt.gz"
    path.write_bytes(gzip.compress(("\n".join([body("alpha")] * 400)).encode())[:300])
    result = invoke("run", path, "-o", tmp_path / "out", code=2)
    assert result.stderr.startswith(f"newsmill: error: {path}:") and "corrupt gzip data" in result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "out").exists()


def test_include_and_exclude_globs_choose_the_files_of_a_directory(tmp_path):
    (tmp_path / "drafts").mkdir()
    for name in ("a.txt", "b.news", "drafts/c.txt", "d.jsonl"):
        (tmp_path / name).write_text(body(name.replace("/", "")) + "\n", encoding="utf-8")

    def names(**globs):
        return [f.name for f in discover([tmp_path], Config(**globs))]

    assert names() == ["a.txt", "d.jsonl", "drafts/c.txt"]
    assert names(exclude=["drafts/*"]) == ["a.txt", "d.jsonl"]
    assert names(include=["*.news", "c.*"], exclude=["a.*"]) == ["b.news", "drafts/c.txt"]
    assert [f.format for f in discover([tmp_path], Config(include=["*.news"]))] == ["text"]


def test_stdin_is_sniffed_or_told_its_format(tmp_path):
    dump = (EXAMPLES / "harbour-wire.txt").read_bytes()
    from_text = [json.loads(line) for line in invoke("split", "-", input=dump).stdout.splitlines()]
    from_file = [json.loads(line) for line in invoke("split", EXAMPLES / "harbour-wire.txt").stdout.splitlines()]
    assert [r["text"] for r in from_text] == [r["text"] for r in from_file]
    assert from_text[0]["id"] == "stdin#1"
    records = (EXAMPLES / "feed.jsonl").read_bytes()
    assert len(invoke("split", "-", input=records).stdout.splitlines()) == len(records.splitlines())
    forced = invoke("split", "-", "--input-format", "text", input=records).stdout.splitlines()
    assert json.loads(forced[0])["id"] == "stdin#1"
    bad = invoke("split", "-", input=b'{"text": "a"}\n{broken\n', code=2)
    assert "<stdin>:2: malformed JSON" in bad.stderr


def test_gzip_on_stdin_is_recognised():
    dump = (EXAMPLES / "harbour-wire.txt").read_bytes()
    assert invoke("split", "-", input=gzip.compress(dump)).stdout == invoke("split", "-", input=dump).stdout


@pytest.mark.parametrize("corpus", [EXAMPLES, SHARED / "corpus"], ids=["examples", "sample"])
def test_text_output_splits_back_into_the_same_articles(tmp_path, corpus):
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    invoke("run", corpus, "-o", tmp_path / "out", "--format", "text", "-q")
    dumps = sorted(p.name for p in (tmp_path / "out" / "text").iterdir())
    sources = {r["source"]["path"] for r in read_jsonl(tmp_path / "out" / "articles.jsonl")}
    assert dumps == sorted(s if s.endswith(".txt") else f"{s}.txt" for s in sources)
    invoke("split", tmp_path / "out" / "text", "-o", tmp_path / "back", "-q")
    assert titles_and_texts(tmp_path / "back" / "articles.jsonl") == titles_and_texts(
        tmp_path / "out" / "articles.jsonl"
    )
    assert read_jsonl(tmp_path / "back" / "removed.jsonl") == []


def test_gzip_output_is_deterministic_and_holds_the_same_text(tmp_path):
    for name in ("one", "two"):
        invoke("run", EXAMPLES, "-o", tmp_path / name, "--gzip", "--format", "text", "-q")
    invoke("run", EXAMPLES, "-o", tmp_path / "plain", "-q")
    files = sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert "articles.jsonl.gz" in files and "report.json" in files and "text/nieuws.txt.gz" in files
    for name in files:
        assert comparable(tmp_path / "one" / name) == comparable(tmp_path / "two" / name), name
    packed = gzip.decompress((tmp_path / "one" / "articles.jsonl.gz").read_bytes())
    assert packed == (tmp_path / "plain" / "articles.jsonl").read_bytes()
    stream = invoke("split", EXAMPLES, "--gzip").stdout_bytes
    assert len(gzip.decompress(stream).decode().splitlines()) == 13


def test_read_lines_streams_gzip(tmp_path):
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"one\r\ntwo\n"))
    assert list(read_lines(path)) == ["one", "two"]


def test_jsonl_on_stdin_is_read_in_ranges_on_workers_as_in_order(monkeypatch):
    records = (EXAMPLES / "feed.jsonl").read_bytes()
    in_order = invoke("split", "-", "--jobs", "1", input=records).stdout
    monkeypatch.setattr(read, "RANGE_BYTES", len(records) // 5)  # stdin is spooled to a file, read in ranges
    assert invoke("split", "-", "--jobs", "2", input=records).stdout == in_order
    bad_line = len(records.splitlines()) + 1
    result = invoke("split", "-", "--jobs", "2", input=records + b'{"text": \n', code=2)
    assert f"<stdin>:{bad_line}: malformed JSON" in result.output
