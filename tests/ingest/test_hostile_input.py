"""Hostile input: every reader either gives articles or a one-line error naming the file (exit 2)."""

import json

import pytest
from helpers import read_jsonl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsmill.cli import app

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

LINE_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
TEXTISH = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400
)


def run_on(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(path), "-o", str(out), "-q"])
    return path, out, result


def assert_contract(path, out, result):
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        kept = read_jsonl(out / "articles.jsonl")
        dropped = read_jsonl(out / "duplicates.jsonl")
        report = json.loads((out / "report.json").read_text())
        assert len(kept) + len(dropped) == report["counts"]["ingest"]["articles"]
    else:
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and str(path) in result.stderr
        assert not out.exists()


@pytest.mark.slow
@FAST
@given(content=st.binary(max_size=600))
def test_random_bytes_as_a_text_dump(tmp_path_factory, content):
    tmp_path = tmp_path_factory.mktemp("bytes")
    assert_contract(*run_on(tmp_path, "dump.txt", content))


@pytest.mark.slow
@FAST
@given(
    paragraphs=st.lists(TEXTISH, max_size=8),
    ending=LINE_ENDINGS,
    bom=st.booleans(),
)
def test_any_text_with_any_line_endings(tmp_path_factory, paragraphs, ending, bom):
    tmp_path = tmp_path_factory.mktemp("text")
    text = (ending * 2).join(paragraphs)
    content = ("\ufeff" if bom else "") + text
    assert_contract(*run_on(tmp_path, "dump.txt", content.encode("utf-8")))


# JSON strings may hold what UTF-8 text cannot: a lone surrogate, written as its ``\\u`` escape.
JSON_STRINGS = TEXTISH | st.text(st.characters(exclude_categories=[]), max_size=8)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | JSON_STRINGS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(JSON_STRINGS, children, max_size=3),
    max_leaves=8,
)


@pytest.mark.slow
@FAST
@given(
    records=st.lists(
        st.dictionaries(st.sampled_from(["id", "text", "title", "lang", "url", "x"]), JSON_VALUES, max_size=5),
        min_size=1,
        max_size=6,
    )
)
def test_jsonl_with_wrong_types_missing_text_and_duplicate_ids(tmp_path_factory, records):
    tmp_path = tmp_path_factory.mktemp("jsonl")
    content = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    assert_contract(*run_on(tmp_path, "feed.jsonl", content))


def test_empty_and_whitespace_only_files_are_input_errors(tmp_path):
    for name, content in [("empty.txt", b""), ("blank.txt", b"  \n\t\n\n"), ("empty.jsonl", b"\n\n")]:
        path, out, result = run_on(tmp_path, name, content)
        assert result.exit_code == 2 and "holds no articles" in result.stderr
        assert not out.exists()


def test_path_like_ids_never_become_paths(tmp_path):
    records = [{"id": "../../escape", "text": "The council approved the ferry line on Tuesday evening."}]
    content = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    path, out, result = run_on(tmp_path, "feed.jsonl", content)
    assert result.exit_code == 0
    assert read_jsonl(out / "articles.jsonl")[0]["id"] == "../../escape"
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert written == ["feed.jsonl", "out", *[f"out/{n}" for n in sorted(p.name for p in out.iterdir())]]
    assert not (tmp_path.parent / "escape").exists()


@pytest.mark.slow
def test_a_50_mb_single_line_is_one_article(tmp_path):
    from newsmill.config import Config
    from newsmill.ingest.read import discover, read_articles

    path = tmp_path / "long.txt"
    words = ("harbour ferry storm council " * 2_000_000)[: 50 * 1024 * 1024].rstrip() + "."
    path.write_text(words + "\n", encoding="utf-8")
    (article,) = read_articles(discover([path]), Config())
    assert (article.source.line_start, article.source.line_end) == (1, 1)
    assert len(article.paragraphs) == 1 and len(article.paragraphs[0].text) == len(words)


@pytest.mark.parametrize(
    "line, message",
    [
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply to read"),
        ('{"text": "deep", "meta": ' + "[" * 5_000 + "]" * 5_000 + "}", "JSON nested too deeply to read"),
        ('{"text": "a huge number", "n": ' + "9" * 5_000 + "}", "JSON value out of range"),
        ('{"text": "half a surrogate pair \\udc00"}', "a JSON string holds \\udc00 without its pair"),
    ],
    ids=["deep-array", "deep-field", "huge-integer", "lone-surrogate"],
)
def test_json_beyond_the_parsers_limits_is_bad_input_naming_file_and_line(tmp_path, line, message):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "a fine first article about the harbour"}\n' + line + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(path), "-o", str(out), "-q"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"newsmill: error: {path}:2: {message}")
    assert result.stderr.count("\n") == 1 and not out.exists()
