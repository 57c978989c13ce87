"""Do the hooks clean what ``newsmill run`` cleans? Lines removed by each, on a corpus kept in git.

Some dumps are committed to a new git repository, the others added to the
working tree; then

- ``newsmill run`` on the whole tree lists what it removes from the added
  files: the line ranges of their records in ``removed.jsonl`` and of
  their articles in ``duplicates.jsonl``;
- ``newsmill fix`` on the added files rewrites them, and the lines it
  deleted are found by diffing each file before and after (lines it adds,
  such as separator lines, are not deletions);
- ``newsmill check`` on the rewritten files must then pass, and ``newsmill
  run`` on the tree must remove nothing more from them.

Only non-blank lines are compared (fix also drops a blank line left doubled by a cut),
and only text dumps: fix rewrites a JSONL line's ``text`` rather than deleting lines.

Run by hand::

    python benchmarks/hook_parity.py --dumps ../shared/corpus --commit 000 001 003 --add 002 004

Prints, per added file and in all: non-blank lines removed by ``run``,
deleted by ``fix``, deleted by both, and the exit code of the final check.
``tests/index/test_hook_parity.py`` asserts the same on ``../shared/corpus`` and
``examples/corpus``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

NEWSMILL = [sys.executable, "-m", "newsmill"]
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


@dataclass
class Parity:
    """Non-blank line numbers per added file: removed by ``run``, deleted by ``fix``, and
    removed by ``run`` from the fixed files; the reasons ``run`` gave; the exit code and output of ``newsmill
    check`` on the fixed files, and what ``newsmill fix`` printed."""

    by_run: dict[str, set[int]]
    by_fix: dict[str, set[int]]
    left_by_run: dict[str, set[int]]
    reasons: set[str]
    check_code: int
    check_output: str
    fix_output: str

    def rows(self) -> list[tuple[str, int, int, int]]:
        """``(file, run, fix, both)`` per added file, then ``all``."""
        rows = [(name, len(self.by_run[name]), len(self.by_fix[name]), len(self.by_run[name] & self.by_fix[name]))
                for name in sorted(self.by_run)]
        return [*rows, ("all", *(sum(row[k] for row in rows) for k in (1, 2, 3)))]


def _call(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV})


def prepare(root: Path, committed: list[Path], added: list[Path], pyproject: str = "") -> list[str]:
    """A git repository at ``root`` with ``committed`` committed (under ``news/``) and ``added``
    copied beside them, uncommitted; the added files' paths relative to ``root``."""
    (root / "news").mkdir(parents=True)
    _call(["git", "init", "-q"], root)
    (root / ".gitignore").write_text(".newsmill/\nout/\n")
    if pyproject:
        (root / "pyproject.toml").write_text(pyproject)
    for path in committed:
        shutil.copy(path, root / "news" / path.name)
    _call(["git", "add", "-A"], root)
    done = _call(["git", "commit", "-q", "--no-verify", "-m", "corpus"], root)
    assert done.returncode == 0, done.stderr
    for path in added:
        shutil.copy(path, root / "news" / path.name)
    return [f"news/{path.name}" for path in added]


def removed_by_run(root: Path, names: list[str], out: str = "out") -> dict[str, set[int]]:
    """Non-blank lines of ``names`` that ``newsmill run`` on the tree removes or drops as duplicates."""
    done = _call([*NEWSMILL, "run", "news", "-o", out, "--quiet"], root)
    assert done.returncode in (0, 1), done.stderr
    lines: dict[str, set[int]] = {name: set() for name in names}
    for record in removal_records(root / out, names):
        lines[f"news/{record['path']}"].update(range(record["line_start"], record["line_end"] + 1))
    for record in _records(root / out / "duplicates.jsonl"):
        source = record["source"]
        path = f"news/{source['path']}"
        if path in lines:
            lines[path].update(range(source["line_start"], source["line_end"] + 1))
    return {name: _non_blank(root / name, numbers) for name, numbers in lines.items()}


def parity(root: Path, names: list[str]) -> Parity:
    """Run ``newsmill run``, then ``newsmill fix`` and ``newsmill check`` on ``names`` in ``root``."""
    by_run = removed_by_run(root, names)
    reasons = {r["reason"] for r in removal_records(root / "out", names)}
    before = {name: (root / name).read_text(encoding="utf-8").splitlines() for name in names}
    fixed = _call([*NEWSMILL, "fix", *names], root)
    by_fix = {name: _deleted(before[name], (root / name).read_text(encoding="utf-8").splitlines())
              for name in names}
    checked = _call([*NEWSMILL, "check", *names], root)
    left = removed_by_run(root, names, "out-after-fix")
    return Parity(
        by_run, by_fix, left, reasons, checked.returncode, checked.stdout + checked.stderr, fixed.stdout + fixed.stderr
    )


def removal_records(out: Path, names: list[str]) -> list[dict]:
    """The records of ``out/removed.jsonl`` for the files ``names``."""
    return [r for r in _records(out / "removed.jsonl") if f"news/{r['path']}" in names]


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _non_blank(path: Path, numbers: set[int]) -> set[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {n for n in numbers if lines[n - 1].strip()}


def _deleted(before: list[str], after: list[str]) -> set[int]:
    """Line numbers (from 1) of the non-blank lines of ``before`` that ``after`` no longer has."""
    gone: set[int] = set()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, start, end, _, _ in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            gone.update(n + 1 for n in range(start, end) if before[n].strip())
    return gone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dumps", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--commit", nargs="+", default=["000", "001", "003"], help="file name prefixes to commit")
    parser.add_argument("--add", nargs="+", default=["002", "004"], help="file name prefixes to add")
    parser.add_argument("--pyproject", type=Path, help="a pyproject.toml to put at the corpus root")
    args = parser.parse_args()

    def pick(prefixes: list[str]) -> list[Path]:
        return [p for prefix in prefixes for p in sorted(args.dumps.glob(f"{prefix}*"))]

    with tempfile.TemporaryDirectory(prefix="newsmill-parity-") as tmp:
        root = Path(tmp)
        pyproject = args.pyproject.read_text() if args.pyproject else ""
        names = prepare(root, pick(args.commit), pick(args.add), pyproject)
        result = parity(root, names)
    print(" file                              |  run |  fix | both")
    print("-----------------------------------+------+------+-----")
    for name, run, fix, both in result.rows():
        print(f" {name:<34}| {run:4d} | {fix:4d} | {both:4d}")
    print(f"newsmill check afterwards: exit {result.check_code}")
    print(f"newsmill run afterwards removes {sum(map(len, result.left_by_run.values()))} more lines from them")
    print(result.fix_output.rstrip())


if __name__ == "__main__":
    main()
