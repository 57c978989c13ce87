"""The persistent index: build, update, verify, format versions, crashes, concurrency, Redis.

The corpus helpers here (a temporary git repository with text dumps and
JSONL) are also used by ``test_hook.py``.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import body
from typer.testing import CliRunner

from newsmill.boilerplate.near import meeting_keys
from newsmill.cli import app
from newsmill.config import Config
from newsmill.index import DEFAULT_LOCATION, FORMAT_VERSION, open_index, update, verify
from newsmill.index.redis import public_location
from newsmill.ingest.read import discover, read_articles
from newsmill.text import text_hash

pytestmark = pytest.mark.slow  # git repositories, redis-server and concurrent processes

NEWSMILL = [sys.executable, "-m", "newsmill"]
SIGNATURE = "Coast Daily"
BOILERPLATE = "Subscribe to Coast Daily for unlimited access to all our local news."


def article(topic: str, boilerplate: bool = False, signed: bool = True) -> str:
    """A dump article: headline, two body paragraphs (optionally a boilerplate line), and a
    signature unless not ``signed`` (``newsmill run`` removes signatures: an unsigned article is clean)."""
    paragraphs = [f"Council debates the future of the {topic} project this week", body(topic), body(topic + "q")]
    if boilerplate:
        paragraphs.append(BOILERPLATE)
    return "\n\n".join([*paragraphs, SIGNATURE] if signed else paragraphs)


def near_copy(topic: str) -> str:
    """:func:`article` with one sentence added: a near duplicate of it."""
    return article(topic).replace(SIGNATURE, "Reporters added one more sentence here.\n\n" + SIGNATURE)


def dump(*articles: str) -> str:
    return "\n\n".join(articles) + "\n"


def git(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", **env},
    )


def commit(root: Path, message: str = "corpus") -> None:
    git(root, "add", "-A")
    done = git(root, "commit", "-q", "--no-verify", "-m", message)
    assert done.returncode == 0, done.stderr


def make_corpus(root: Path) -> Path:
    """A git repository with two dumps and a JSONL feed, committed."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    (root / ".gitignore").write_text(".newsmill/\n")
    (root / "news").mkdir()
    (root / "news" / "a.txt").write_text(dump(article("harbour"), article("bakery", True), article("storm")))
    (root / "news" / "b.txt").write_text(dump(article("ferry", True), article("school"), article("market")))
    records = [{"id": f"feed-{t}", "title": t, "text": body(t)} for t in ("bridge", "library")]
    (root / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    commit(root)
    return root


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*NEWSMILL, *args], cwd=root, capture_output=True, text=True)


def indexed_keys(root: Path, location: str | None = None) -> dict[str, list[str]]:
    index = open_index(location, root, Config())
    try:
        return {path: [a.key for a in index.file_articles(path)] for path in sorted(index.files())}
    finally:
        index.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus")


def test_build_indexes_the_committed_tree(corpus: Path) -> None:
    index = open_index(None, corpus, Config())
    summary = update(index, corpus, Config())
    assert (summary.added, summary.articles) == (3, 8)
    counts = index.counts()
    assert counts["files"] == 3 and counts["articles"] == 8
    assert counts["recurring"] == 1  # the subscription line, in two articles
    assert verify(index, corpus, Config()) == []
    assert update(index, corpus, Config()).line() == "index: up to date"
    assert (corpus / DEFAULT_LOCATION).is_file()
    assert indexed_keys(corpus)["news/a.txt"] == ["news/a.txt#1", "news/a.txt#2", "news/a.txt#3"]


def test_update_replaces_edited_files_and_removes_deleted_ones(corpus: Path) -> None:
    index = open_index(None, corpus, Config())
    update(index, corpus, Config())
    (corpus / "news" / "a.txt").write_text(dump(article("harbour"), article("storm")))
    (corpus / "news" / "b.txt").unlink()
    (corpus / "news" / "c.txt").write_text(dump(article("museum"), article("airport")))
    commit(corpus, "edit")
    summary = update(index, corpus, Config())
    assert (summary.added, summary.replaced, summary.removed) == (1, 1, 1)
    assert indexed_keys(corpus) == {
        "feed.jsonl": ["feed.jsonl#1", "feed.jsonl#2"],
        "news/a.txt": ["news/a.txt#1", "news/a.txt#2"],
        "news/c.txt": ["news/c.txt#1", "news/c.txt#2"],
    }
    assert index.counts()["recurring"] == 0  # the subscription line left with b.txt and a.txt#2
    assert verify(index, corpus, Config()) == []


def test_a_changed_dump_splits_as_a_whole_corpus_read_splits_it(corpus: Path) -> None:
    """The signature closing a lone article is known only from the rest of the corpus."""
    index = open_index(None, corpus, Config())
    update(index, corpus, Config())
    (corpus / "news" / "lone.txt").write_text(dump(article("tunnel")) + "\n" + body("epilogue") + "\n")
    commit(corpus, "lone")
    update(index, corpus, Config())
    whole = [a for a in read_articles(discover([corpus]), Config()) if a.source.path == "news/lone.txt"]
    stored = index.file_articles("news/lone.txt")
    assert [(a.line_start, a.line_end) for a in stored] == [
        (a.source.line_start, a.source.line_end) for a in whole
    ]
    assert len(stored) == 2  # the signature line ended the first article


def test_an_index_of_another_format_is_refused_with_the_rebuild_command(corpus: Path) -> None:
    assert run_cli(corpus, "index", "build", "-q").returncode == 0
    with sqlite3.connect(corpus / DEFAULT_LOCATION) as db:
        db.execute("UPDATE meta SET value = '0' WHERE name = 'format'")
    for command in (["check", "news/a.txt"], ["index", "update"], ["index", "stats"]):
        done = run_cli(corpus, *command)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
        assert f"index format 0 cannot be read by this newsmill (format {FORMAT_VERSION})" in done.stderr
        assert "rebuild it with: newsmill index build --index" in done.stderr
    assert run_cli(corpus, "index", "build", "-q").returncode == 0
    assert run_cli(corpus, "index", "verify").returncode == 0


def test_an_unknown_sqlite_file_is_an_old_format_too(corpus: Path) -> None:
    (corpus / ".newsmill").mkdir()
    with sqlite3.connect(corpus / DEFAULT_LOCATION) as db:
        db.execute("CREATE TABLE docs (id TEXT)")
    done = run_cli(corpus, "index", "update")
    assert done.returncode == 2 and "index format unknown" in done.stderr


def test_other_parameters_rebuild_the_index(corpus: Path) -> None:
    update(open_index(None, corpus, Config()), corpus, Config())
    stricter = Config(threshold=0.9)
    summary = update(open_index(None, corpus, stricter), corpus, stricter)
    assert summary.rebuilt == "other parameters" and summary.articles == 8
    assert open_index(None, corpus, stricter).meta()["threshold"] == "0.9"


def big_change(root: Path, files: int = 30, per_file: int = 40) -> None:
    for f in range(files):
        topics = [f"t{f}x{a}" for a in range(per_file)]
        (root / "news" / f"bulk{f:02d}.txt").write_text(dump(*(article(t) for t in topics)))
    commit(root, "bulk")


def test_a_killed_update_leaves_the_previous_index(corpus: Path) -> None:
    assert run_cli(corpus, "index", "build", "-q").returncode == 0
    before = indexed_keys(corpus)
    big_change(corpus)
    wal = corpus / (DEFAULT_LOCATION + "-wal")
    process = subprocess.Popen([*NEWSMILL, "index", "update", "-q"], cwd=corpus)
    deadline = time.monotonic() + 120
    while not (wal.exists() and wal.stat().st_size > 256 * 1024):  # rows are being written
        assert process.poll() is None, "the update finished before it could be killed; make it bigger"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert indexed_keys(corpus) == before
    index = open_index(None, corpus, Config())
    assert index.counts()["articles"] == 8
    assert run_cli(corpus, "index", "update", "-q").returncode == 0
    assert len(indexed_keys(corpus)) == 3 + 30


def test_two_updates_at_once_do_not_corrupt_the_index(corpus: Path) -> None:
    big_change(corpus, files=6, per_file=20)
    processes = [subprocess.Popen([*NEWSMILL, "index", "update", "-q"], cwd=corpus) for _ in range(2)]
    processes.append(subprocess.Popen([*NEWSMILL, "check", "-q", "feed.jsonl"], cwd=corpus))
    assert [p.wait(timeout=300) for p in processes] == [0, 0, 0]
    assert run_cli(corpus, "index", "verify").returncode == 0
    assert open_index(None, corpus, Config()).counts()["articles"] == 8 + 6 * 20


def test_index_commands(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)
    runner = CliRunner()
    verify_missing = runner.invoke(app, ["index", "verify"])
    assert verify_missing.exit_code == 1 and "no index yet" in verify_missing.stdout
    assert runner.invoke(app, ["index", "update"]).exit_code == 0
    stats = json.loads(runner.invoke(app, ["index", "stats", "--json"]).stdout)
    assert stats["articles"] == 8 and stats["meta"]["format"] == str(FORMAT_VERSION)
    (corpus / "feed.jsonl").unlink()
    commit(corpus, "drop feed")
    stale = runner.invoke(app, ["index", "verify"])
    assert stale.exit_code == 1 and "feed.jsonl: indexed but not committed" in stale.stdout
    assert runner.invoke(app, ["index", "clear"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["index", "stats", "--json"]).stdout)["articles"] == 0
    assert runner.invoke(app, ["index", "build", "--ignore", "news/b.*"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["index", "stats", "--json"]).stdout)["files"] == 1


def test_the_redis_location_never_shows_credentials() -> None:
    assert public_location("redis://alice:s3cret@db.example:6380/2") == "redis://db.example:6380/2"
    assert public_location("rediss://:s3cret@db.example/0") == "rediss://db.example/0"


def test_redis_and_sqlite_give_the_same_index_and_check_results(corpus: Path, redis_url: str) -> None:
    (corpus / "news" / "new.txt").write_text(
        dump(article("bakery", True), near_copy("harbour"), article("zoo", True))
    )
    results = {}
    for location in (None, redis_url):
        done = run_cli(corpus, "check", "--index", location or DEFAULT_LOCATION, "news/new.txt")
        assert done.returncode == 1, done.stderr
        results[location] = done.stdout
        assert run_cli(corpus, "index", "verify", "--index", location or DEFAULT_LOCATION).returncode == 0
    assert results[None] == results[redis_url]
    assert "news/new.txt:1-9: exact duplicate of news/a.txt#2 (news/a.txt:9-17), similarity 1.00" in results[None]
    assert "news/new.txt:11-19: duplicate of news/a.txt#1 (news/a.txt:1-7), similarity 0.9" in results[None]
    assert indexed_keys(corpus, redis_url) == indexed_keys(corpus)
    sqlite_counts = open_index(None, corpus, Config()).counts()
    assert open_index(redis_url, corpus, Config()).counts() == sqlite_counts
    (corpus / "news" / "b.txt").unlink()
    commit(corpus, "drop b")
    update(open_index(redis_url, corpus, Config()), corpus, Config())
    update(open_index(None, corpus, Config()), corpus, Config())
    assert indexed_keys(corpus, redis_url) == indexed_keys(corpus)
    assert verify(open_index(redis_url, corpus, Config()), corpus, Config()) == []
    assert open_index(redis_url, corpus, Config()).counts() == open_index(None, corpus, Config()).counts()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_near_searchable_paragraphs_are_found_by_key_and_leave_with_the_last_article_holding_them(
    corpus: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    location = request.getfixturevalue("redis_url") if backend == "redis" else None
    notice = "You have {} free articles left this month, subscribe for more."
    for name, topic in (("c.txt", "museum"), ("d.txt", "airport")):
        (corpus / "news" / name).write_text(dump(article(topic, signed=False) + "\n\n" + notice.format(3)))
    commit(corpus, "notices")
    with open_index(location, corpus, Config()) as index:
        update(index, corpus, Config())
        held = index.counts()["near"]
        variant_keys = meeting_keys([notice.format(7)])[0]
        assert text_hash(notice.format(3)) in index.near_candidates(variant_keys, 100)
        assert index.near_texts([text_hash(notice.format(3))]) == {text_hash(notice.format(3)): notice.format(3)}
        (corpus / "news" / "c.txt").unlink()
        commit(corpus, "one notice left")
        update(index, corpus, Config())
        assert text_hash(notice.format(3)) in index.near_candidates(variant_keys, 100)  # d.txt holds it
        (corpus / "news" / "d.txt").unlink()
        commit(corpus, "no notice left")
        update(index, corpus, Config())
        assert text_hash(notice.format(3)) not in index.near_candidates(variant_keys, 100)
        assert index.near_texts([text_hash(notice.format(3))]) == {}
        assert index.counts()["near"] < held
        assert verify(index, corpus, Config()) == []
