import shutil
import subprocess
import sys

import pytest
from helpers import EXAMPLES, body, comparable, read_jsonl, write_jsonl
from typer.testing import CliRunner

import newsmill.cli
from newsmill.cli import app

RESULT_FILES = ["articles.jsonl", "duplicates.jsonl", "pairs.jsonl", "removed.jsonl", "report.json", "stories.jsonl"]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_run_on_the_examples_writes_the_results_directory(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", str(EXAMPLES), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == RESULT_FILES
    kept, dropped = read_jsonl(out / "articles.jsonl"), read_jsonl(out / "duplicates.jsonl")
    removed = read_jsonl(out / "removed.jsonl")
    assert len(kept) + len(dropped) == 13
    assert {d["id"] for d in dropped} == {"harbour-wire.txt#1", "harbour-wire.txt#3", "harbour-wire.txt#4"}
    assert all(d["duplicate_of"] in {k["id"] for k in kept} for d in dropped)
    assert {r["text"] for r in removed} >= {
        "Harbour Wire",
        "Voorbeeld Nieuws",
        "Subscribe to Coast Daily for unlimited access to local news.",
    }
    assert {k["lang"] for k in kept} == {"en", "nl"}
    assert all(len(k["para_langs"]) == len(k["text"].split("\n\n")) for k in kept)
    assert "dedupe: 2 clusters" in result.stderr


def test_same_input_gives_byte_identical_results(tmp_path):
    for name in ("one", "two"):
        assert invoke("run", str(EXAMPLES), "-o", str(tmp_path / name)).exit_code == 0
    for name in RESULT_FILES:
        assert comparable(tmp_path / "one" / name) == comparable(tmp_path / "two" / name), name


def test_keep_duplicates_writes_every_article_marked(tmp_path):
    out = tmp_path / "out"
    assert invoke("run", str(EXAMPLES), "-o", str(out), "--keep-duplicates").exit_code == 0
    records = read_jsonl(out / "articles.jsonl")
    assert len(records) == 13 and sum(r["duplicate_of"] is not None for r in records) == 3


def test_input_error_exits_2_with_one_line_and_keeps_previous_results(tmp_path):
    out = tmp_path / "out"
    assert invoke("run", str(EXAMPLES), "-o", str(out)).exit_code == 0
    before = (out / "articles.jsonl").read_bytes()
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": "fine"}])
    bad.write_text(bad.read_text() + "{not json\n")
    result = invoke("run", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert f"{bad}:2: malformed JSON" in result.stderr
    assert (out / "articles.jsonl").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "out"]


def test_missing_input_and_bad_option_exit_2(tmp_path):
    assert invoke("run", str(tmp_path / "nope"), "-o", str(tmp_path / "o")).exit_code == 2
    result = invoke("run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--threshold", "1.5")
    assert result.exit_code == 2 and result.stderr == "newsmill: error: --threshold must be in (0, 1], got 1.5\n"
    result = invoke("run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--from", "nl", "--batch-size", "0")
    assert result.exit_code == 2 and result.stderr == "newsmill: error: --batch-size must be at least 1, got 0\n"
    assert not (tmp_path / "o").exists()


def test_refuses_to_replace_a_directory_that_is_not_results(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = invoke("run", str(EXAMPLES), "-o", str(tmp_path / "mine"))
    assert result.exit_code == 2
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_internal_error_exits_3_and_names_the_tracker(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(newsmill.cli.pipeline, "clean", broken)
    result = invoke("run", str(EXAMPLES), "-o", str(tmp_path / "o"))
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr and "report" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Traceback" in invoke("run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--debug").stderr


def test_json_summary_goes_to_stdout(tmp_path):
    result = invoke("run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--json", "--quiet")
    assert result.exit_code == 0
    import json

    report = json.loads(result.stdout)
    assert report["counts"]["output"]["articles"] == 10
    assert report["config"]["threshold"] == 0.7 and report["versions"]["datasketch"]


@pytest.mark.slow
def test_python_dash_m_runs_the_cli(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsmill", "run", str(tmp_path / "nope"), "-o", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"newsmill: error: {tmp_path / 'nope'}: no such file or directory"


def test_library_api_accepts_records():
    import newsmill

    text = "The council approved the ferry line on Tuesday after a debate of almost three years."
    results = newsmill.clean([{"id": "a", "text": text}, {"id": "b", "text": text}])
    assert [a.id for a in results.kept] == ["a"] and results.duplicates[0].duplicate_of == "a"
    with pytest.raises(newsmill.InputError, match="duplicate id 'a'"):
        newsmill.clean([{"id": "a", "text": text}, {"id": "a", "text": text}])


def test_pyproject_table_sets_options_and_flags_override(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.newsmill]\nthreshold = 0.9\nkeep = \"first\"\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("run", str(EXAMPLES), "-o", "out", "--json", "-q", "--keep", "longest")
    import json

    config = json.loads(result.stdout)["config"]
    assert (config["threshold"], config["keep"]) == (0.9, "longest")


def test_unknown_configuration_key_is_an_input_error(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.newsmill]\nnum-perm = 64\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("run", str(EXAMPLES), "-o", "out")
    assert result.exit_code == 2
    assert "unknown [tool.newsmill] key 'num-perm' (use underscores in the file)" in result.stderr


@pytest.mark.parametrize(
    "setting, message",
    [
        ('threshold = "high"', "[tool.newsmill] threshold must be a number, got 'high'"),
        ('ngram = "3"', "[tool.newsmill] ngram must be an integer, got '3'"),
        ("jobs = true", "[tool.newsmill] jobs must be an integer, got True"),
        ('strip_junk = "yes"', "[tool.newsmill] strip_junk must be true or false, got 'yes'"),
        ('ignore = "x.txt"', "[tool.newsmill] ignore must be a list of strings, got 'x.txt'"),
        ("separator = 3", "[tool.newsmill] separator must be a string, got 3"),
        ("threshold = 2.0", "[tool.newsmill] threshold must be in (0, 1], got 2.0"),  # the key, not the flag
    ],
)
def test_configuration_errors_name_the_file_the_key_and_the_expected_type(tmp_path, monkeypatch, setting, message):
    """(The library's Config checks the same types: see test_config_checks_its_own_types.)"""
    (tmp_path / "pyproject.toml").write_text(f"[tool.newsmill]\n{setting}\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("run", str(EXAMPLES), "-o", "out")
    assert result.exit_code == 2
    assert result.stderr == f"newsmill: error: {tmp_path / 'pyproject.toml'}: {message}\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_closed_stdout_ends_quietly_with_exit_0(tmp_path):
    """``newsmill split FEED | head -n1`` through a real pipe: head closes it after one line,
    long before the records (far more than a pipe buffer) are all written."""
    dump = write_jsonl(tmp_path / "big.jsonl", [{"text": body(f"topic{i}", 60)} for i in range(3000)])
    for stage in ("split", "langid"):
        pipe = subprocess.run(
            f"{sys.executable} -m newsmill {stage} {dump} -q | head -n1 > /dev/null; echo ${{PIPESTATUS[0]}} >&2",
            shell=True, executable="/bin/bash", capture_output=True, text=True,
        )
        assert pipe.stderr == "0\n", stage  # no error line, no traceback, exit 0
    out = tmp_path / "out"  # a command that prints a few lines, to a reader that reads none
    assert invoke("run", str(EXAMPLES), "-o", str(out), "-q").exit_code == 0
    pipe = subprocess.run(
        f"{sys.executable} -m newsmill explain 'coast-daily.txt#1' --results {out} | true; echo ${{PIPESTATUS[0]}} >&2",
        shell=True, executable="/bin/bash", capture_output=True, text=True,
    )
    assert pipe.stderr == "0\n"


def _dumps(tmp_path):
    dumps = tmp_path / "dumps"
    shutil.copytree(EXAMPLES, dumps)
    return dumps


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "{dumps}/coast-daily.txt", "-o", "{tmp}/out", "--report", "{dumps}/nieuws.txt"],
         "{dumps}/nieuws.txt: refusing to replace a file that is not a newsmill report"),
        (["run", "{dumps}/coast-daily.txt", "-o", "{tmp}/out", "--report", "{dumps}/coast-daily.txt"],
         "{dumps}/coast-daily.txt: refusing to replace a file that is not a newsmill report"),
        (["run", "{dumps}", "-o", "{dumps}/out"], "-o {dumps}/out lies inside the input directory {dumps}"),
        (["run", "{dumps}", "-o", "{tmp}/out", "--report", "{dumps}/r.html"],
         "--report {dumps}/r.html lies inside the input directory {dumps}"),
        (["run", "{dumps}", "-o", "{tmp}/out", "--cache-dir", "{dumps}/cache"],
         "--cache-dir {dumps}/cache lies inside the input directory {dumps}"),
        (["run", "{dumps}/feed.jsonl", "-o", "{dumps}"], "-o {dumps} holds the input {dumps}/feed.jsonl"),
        (["run", "{dumps}", "-o", "{tmp}/out", "--report", "{tmp}/out/articles.jsonl"],
         "--report {tmp}/out/articles.jsonl is the results file {tmp}/out/articles.jsonl"),
        (["split", "{dumps}", "-o", "{dumps}/split"], "-o {dumps}/split lies inside the input directory {dumps}"),
        (["dedupe", "{dumps}/feed.jsonl", "-o", "{dumps}/feed.jsonl"],
         "-o {dumps}/feed.jsonl is the input {dumps}/feed.jsonl"),
        (["translate", "{dumps}", "--cache-dir", "{dumps}"],
         "--cache-dir {dumps} is the input {dumps}"),
    ],
)
def test_an_output_onto_or_inside_an_input_is_refused_before_anything_is_written(tmp_path, args, message):
    dumps = _dumps(tmp_path)
    before = {p: p.read_bytes() for p in dumps.rglob("*")}
    fill = {"dumps": str(dumps), "tmp": str(tmp_path)}
    result = invoke(*[a.format(**fill) for a in args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"newsmill: error: {message.format(**fill)}")
    assert {p: p.read_bytes() for p in dumps.rglob("*")} == before  # nothing changed, nothing added
    assert not (tmp_path / "out").exists()


def test_a_cache_dir_from_the_environment_inside_an_input_is_refused(tmp_path, monkeypatch):
    dumps = _dumps(tmp_path)
    before = {p: p.read_bytes() for p in dumps.rglob("*")}
    monkeypatch.setenv("NEWSMILL_CACHE_DIR", str(dumps / "cache"))
    result = invoke("run", str(dumps), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert f"$NEWSMILL_CACHE_DIR {dumps / 'cache'} lies inside the input directory {dumps}" in result.stderr
    assert {p: p.read_bytes() for p in dumps.rglob("*")} == before
    assert invoke("run", str(dumps), "-o", str(tmp_path / "out"), "--no-translate", "-q").exit_code == 0


def test_report_refuses_to_replace_a_file_of_the_results(tmp_path):
    out = tmp_path / "out"
    assert invoke("run", str(EXAMPLES), "-o", str(out), "-q", "--gzip").exit_code == 0
    before = (out / "articles.jsonl.gz").read_bytes()
    result = invoke("report", str(out), "-o", str(out / "articles.jsonl.gz"))
    assert result.exit_code == 2
    assert f"-o {out / 'articles.jsonl.gz'} is the results file {out / 'articles.jsonl.gz'}" in result.stderr
    assert (out / "articles.jsonl.gz").read_bytes() == before
    assert invoke("report", str(out), "-q").exit_code == 0  # its default, out/report.html, is fine
    assert invoke("report", str(out), "-q").exit_code == 0  # and so is replacing that report


def test_config_checks_its_own_types():
    import newsmill

    with pytest.raises(newsmill.UsageError, match="^threshold must be a number, got 'high'$"):
        newsmill.Config(threshold="high")
    with pytest.raises(newsmill.UsageError, match="^include must be a list of strings, got '\\*.txt'$"):
        newsmill.Config(include="*.txt")
    assert newsmill.Config(include=["*.news"], separator=None).include == ("*.news",)
    with pytest.raises(newsmill.UsageError, match=r"^threshold must be in \(0, 1\], got 2$"):
        newsmill.Config(threshold=2)  # the library names the setting, the CLI its flag
