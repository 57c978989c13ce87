"""The pre-commit hooks, run by pre-commit itself in a temporary corpus repository.

All but one test install the hooks with a local ``language: system``
configuration (fast: the ``newsmill`` of this environment). One end-to-end
test uses ``pre-commit try-repo`` on a committed copy of this checkout, which
builds the hook environment the way users get it (pip installs newsmill into
a fresh virtualenv: slow, about a minute).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, body
from test_index import BOILERPLATE, article, commit, dump, git, make_corpus, run_cli

import newsmill
import newsmill.index
from newsmill.config import Config
from newsmill.index import DEFAULT_LOCATION, open_index
from newsmill.ingest.read import discover, read_articles

BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
pytestmark = [
    pytest.mark.slow,  # git repositories and pre-commit
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install -e '.[test]')"),
]

LOCAL_HOOKS = """\
repos:
  - repo: local
    hooks:
      - id: newsmill-check
        name: newsmill check
        entry: newsmill check
        language: system
        files: \\.(txt|jsonl)$
        types: [text]
        require_serial: true
      - id: newsmill-fix
        name: newsmill fix
        entry: newsmill fix
        language: system
        files: \\.(txt|jsonl)$
        types: [text]
        require_serial: true
"""


def hooked_corpus(root: Path) -> Path:
    make_corpus(root)
    (root / ".pre-commit-config.yaml").write_text(LOCAL_HOOKS)
    commit(root, "hooks")
    done = subprocess.run([PRE_COMMIT, "install"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return root


def commit_with(root: Path, skip: str) -> subprocess.CompletedProcess:
    """``git commit`` of everything, pre-commit running every hook but ``skip``."""
    git(root, "add", "-A")
    env = {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "SKIP": skip}
    return git(root, "commit", "-m", "change", **env)


def indexed(root: Path) -> dict[str, int]:
    index = open_index(None, root, Config())
    try:
        return {path: len(index.file_articles(path)) for path in index.files()}
    finally:
        index.close()


def test_commits_through_the_hooks(tmp_path: Path) -> None:
    root = hooked_corpus(tmp_path / "corpus")
    committed = {"feed.jsonl": 2, "news/a.txt": 3, "news/b.txt": 3}

    clean = dump(article("lighthouse", signed=False), article("orchard", signed=False))
    (root / "news" / "clean.txt").write_text(clean)
    done = commit_with(root, skip="newsmill-fix")
    assert done.returncode == 0, done.stdout + done.stderr
    assert indexed(root) == committed  # built by the hook from the tree before this commit

    (root / "news" / "copy.txt").write_text(dump(article("carnival"), article("bakery", True)))
    done = commit_with(root, skip="newsmill-fix")
    assert done.returncode == 1
    assert "news/copy.txt:9-17: exact duplicate of news/a.txt#2 (news/a.txt:9-17), similarity 1.00" in done.stderr
    assert 'news/copy.txt:7-7: signature in news/copy.txt#1: "Coast Daily"' in done.stderr
    assert indexed(root) == {**committed, "news/clean.txt": 2}  # updated from HEAD first
    (root / "news" / "copy.txt").unlink()

    (root / "news" / "promo.txt").write_text(dump(article("regatta", True), article("festival")))
    done = commit_with(root, skip="newsmill-check")
    assert done.returncode == 1 and "news/promo.txt: removed 0 duplicate articles and 3 paragraphs" in done.stderr
    assert BOILERPLATE not in (root / "news" / "promo.txt").read_text()
    removed = [json.loads(line) for line in (root / ".newsmill" / "removed.log").read_text().splitlines()]
    assert [(r["text"], r["reason"], r["path"]) for r in removed] == [
        ("Coast Daily", "signature", "news/promo.txt"),
        (BOILERPLATE, "repeated", "news/promo.txt"),
        ("Coast Daily", "signature", "news/promo.txt"),
    ]
    done = commit_with(root, skip="newsmill-check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert run_cli(root, "index", "update", "-q").returncode == 0
    assert indexed(root) == {**committed, "news/clean.txt": 2, "news/promo.txt": 2}
    assert run_cli(root, "check", "news/promo.txt").returncode == 0


def test_the_first_commit_of_a_new_repository_is_checked_against_its_own_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "news").mkdir(parents=True)
    git(root, "init", "-q")
    (root / ".gitignore").write_text(".newsmill/\n")
    (root / ".pre-commit-config.yaml").write_text(LOCAL_HOOKS)
    assert subprocess.run([PRE_COMMIT, "install"], cwd=root, capture_output=True).returncode == 0
    (root / "news" / "a.txt").write_text(dump(article("harbour", True, signed=False), article("bakery", signed=False)))
    (root / "news" / "b.txt").write_text(dump(article("ferry", True, signed=False)))
    done = commit_with(root, skip="newsmill-fix")
    assert done.returncode == 1, done.stdout + done.stderr  # the subscription line is in two of its articles
    assert f'news/a.txt:7-7: repeated in news/a.txt#1: "{BOILERPLATE[:47]}…", 2 times in the corpus' in done.stderr
    assert "git rev-parse failed" not in done.stderr
    done = commit_with(root, skip="newsmill-check")
    assert done.returncode == 1 and "news/a.txt: removed 0 duplicate articles and 1 paragraphs" in done.stderr
    done = commit_with(root, skip="")
    assert done.returncode == 0, done.stdout + done.stderr
    assert indexed(root) == {}  # the index follows HEAD, and was last brought up to date before the commit
    assert git(root, "log", "--oneline").stdout.count("\n") == 1


def test_a_path_that_does_not_exist_is_an_error_naming_it(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "corpus")
    for command in ("check", "fix"):
        done = run_cli(root, command, "news/nonexistent.txt")
        assert done.returncode == 2, done.stdout + done.stderr
        assert done.stderr.strip() == "newsmill: error: news/nonexistent.txt: no such file"


def test_a_fixed_dump_splits_into_the_articles_kept(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "corpus")
    new = root / "news" / "new.txt"
    new.write_text(dump(article("regatta", True), article("storm"), article("festival"), article("zoo", True)))
    done = run_cli(root, "fix", "news/new.txt")
    assert done.returncode == 1, done.stderr
    assert "news/new.txt: removed 1 duplicate articles and 5 paragraphs" in done.stdout
    whole = [a for a in read_articles(discover([root]), Config()) if a.source.path == "news/new.txt"]
    assert [a.title for a in whole] == [
        f"Council debates the future of the {topic} project this week" for topic in ("regatta", "festival", "zoo")
    ]
    assert all(BOILERPLATE not in a.text and len(a.paragraphs) == 2 and not a.removals for a in whole)
    dropped = [json.loads(line) for line in (root / ".newsmill" / "duplicates.log").read_text().splitlines()]
    assert [(d["id"], d["duplicate_of"], d["similarity"]) for d in dropped] == [("news/new.txt#2", "news/a.txt#3", 1.0)]
    again = run_cli(root, "fix", "news/new.txt")
    assert again.returncode == 0 and again.stdout == ""


def test_fix_rewrites_jsonl_lines_and_check_finds_duplicates_among_new_files(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "corpus")
    records = [
        {"id": "n1", "text": body("lake") + "\n\n" + BOILERPLATE, "url": "https://example.org/1"},
        {"id": "n2", "text": body("bridge")},
        {"id": "n3", "text": body("lake") + "\n\n" + BOILERPLATE},
    ]
    (root / "new.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    checked = run_cli(root, "check", "new.jsonl")
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        'new.jsonl:1-1: repeated in n1: "Subscribe to Coast Daily for unlimited access t…", 4 times in the corpus',
        "new.jsonl:2-2: exact duplicate of feed-bridge (feed.jsonl:1-1), similarity 1.00",
        "new.jsonl:3-3: exact duplicate of n1 (new.jsonl:1-1, also new), similarity 1.00",
    ]
    assert run_cli(root, "fix", "new.jsonl").returncode == 1
    assert [json.loads(line) for line in (root / "new.jsonl").read_text().splitlines()] == [
        {"id": "n1", "text": body("lake"), "url": "https://example.org/1"}
    ]
    assert run_cli(root, "check", "new.jsonl").returncode == 0


def test_a_near_variant_of_committed_boilerplate_is_found_without_reading_committed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_corpus(tmp_path / "corpus")
    notice = "You have {} free articles left this month, subscribe for more."
    (root / "news" / "c.txt").write_text(dump(article("museum", signed=False) + "\n\n" + notice.format(3)))
    commit(root, "notice")
    config = Config()
    with open_index(None, root, config) as index:
        newsmill.index.update(index, root, config)
        (root / "news" / "d.txt").write_text(dump(article("airport", signed=False) + "\n\n" + notice.format(7)))

        def no_reading(root: Path, blobs: dict[str, str], dest: Path) -> dict[str, Path]:
            assert not blobs, f"committed files were read: {sorted(blobs)}"
            return {}

        monkeypatch.setattr("newsmill.index.texts.export_blobs", no_reading)
        monkeypatch.setattr("newsmill.index.sync.export_blobs", no_reading)
        review = newsmill.check(["news/d.txt"], root=root, config=config, index=index)
    assert [f.line() for f in review.findings] == [
        f'news/d.txt:7-7: near-repeated in news/d.txt#1: "{notice.format(7)[:47]}…", 2 times in the corpus'
    ]
    assert review.exit_code == 1
    fixed = newsmill.fix(["news/d.txt"], root=root, config=config)
    assert fixed.changed == ["news/d.txt"] and notice.format(7) not in (root / "news" / "d.txt").read_text()
    assert newsmill.check(["news/d.txt"], root=root, config=config).findings == []


def test_languages_and_ignore_come_from_the_pyproject_table(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "corpus")
    (root / "pyproject.toml").write_text('[tool.newsmill]\nlanguages = ["en"]\nignore = ["drafts/*"]\n')
    (root / "drafts").mkdir()
    (root / "drafts" / "copy.txt").write_text((root / "news" / "a.txt").read_text())
    dutch = ("De gemeenteraad heeft dinsdagavond besloten dat de nieuwe veerdienst naar het eiland "
             "volgend jaar begint, na een debat van bijna drie jaar over de kosten en de dienstregeling.")
    (root / "nl.jsonl").write_text(json.dumps({"id": "nl-1", "text": dutch}) + "\n")
    done = run_cli(root, "check", "nl.jsonl", "drafts/copy.txt")
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["nl.jsonl:1-1: nl-1 is in nl, not in languages (en)"]


def test_outside_a_git_repository_the_hooks_exit_2(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "check")
    assert done.returncode == 2 and "is not inside a git repository" in done.stderr


def test_end_to_end_with_pre_commit_try_repo(tmp_path: Path) -> None:
    """SLOW (about a minute): pre-commit builds the hook environment from this checkout,
    as users get it from ``repo:``/``rev:``, and runs newsmill-check on a staged copy."""
    checkout = tmp_path / "newsmill"
    ignored = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__", ".pytest_cache", "out", "build")
    shutil.copytree(REPO, checkout, ignore=ignored)
    git(checkout, "init", "-q")
    commit(checkout, "snapshot of the working tree")  # try-repo needs the hooks file committed
    root = make_corpus(tmp_path / "corpus")
    (root / "news" / "copy.txt").write_text(dump(article("storm")))
    git(root, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    done = subprocess.run([PRE_COMMIT, "try-repo", str(checkout), "newsmill-check"], cwd=root,
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "news/copy.txt:1-7: exact duplicate of news/a.txt#3 (news/a.txt:19-25), similarity 1.00" in done.stdout
    assert (root / DEFAULT_LOCATION).is_file()
