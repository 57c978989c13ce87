"""The git plumbing the index needs: the corpus root, the committed tree, staged files, blobs.

The index describes the committed tree (``HEAD``): its files are listed
with their blob ids by ``git ls-tree``, so a changed file is recognised by
its id without being read, and blob contents are read with ``git
cat-file``. A repository without commits has an empty tree.
"""

from __future__ import annotations

import fnmatch
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError

#: The files the index and the hooks read: text dumps and JSONL.
CORPUS_SUFFIXES = (".txt", ".jsonl")


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, input=stdin, capture_output=True, check=True
        )
    except FileNotFoundError:
        raise UsageError("git is not installed; the index needs a git repository") from None
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed in {root}: {message[-1] if message else error}") from None
    return done.stdout


def toplevel(start: Path) -> Path:
    """The root of the git work tree holding ``start``: the corpus root."""
    try:
        return Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())
    except UsageError:
        raise UsageError(f"{start} is not inside a git repository (the index follows git)") from None


def is_corpus_file(path: str, ignore: Iterable[str]) -> bool:
    """A ``.txt``/``.jsonl`` path (relative, ``/``-separated) that no ``ignore`` glob matches."""
    return path.endswith(CORPUS_SUFFIXES) and not any(fnmatch.fnmatch(path, p) for p in ignore)


def has_commits(root: Path) -> bool:
    """Whether ``HEAD`` names a commit (not so before a new repository's first commit)."""
    try:
        return bool(_git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip())
    except UsageError:  # --verify --quiet exits 1, silently, when there is no such commit
        return False


def committed_files(root: Path, ignore: Iterable[str]) -> dict[str, str]:
    """The corpus files of ``HEAD``: relative path -> blob id."""
    if not has_commits(root):
        return {}
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", "HEAD")
    ignore = tuple(ignore)
    files = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        info, path = entry.decode("utf-8", "surrogateescape").split("\t", 1)
        _, kind, blob = info.split()
        if kind == "blob" and is_corpus_file(path, ignore):
            files[path] = blob
    return files


def staged_files(root: Path, ignore: Iterable[str]) -> list[str]:
    """Corpus files added, copied, modified or renamed in the staging area, relative to ``root``."""
    listing = _git(root, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
    ignore = tuple(ignore)
    paths = (p.decode("utf-8", "surrogateescape") for p in listing.split(b"\0") if p)
    return sorted(p for p in paths if is_corpus_file(p, ignore))


def export_blobs(root: Path, blobs: dict[str, str], dest: Path) -> dict[str, Path]:
    """Write each blob (relative path -> blob id) under ``dest`` at its path; where each went.

    One ``git cat-file --batch`` reads them all.
    """
    order = sorted(blobs.items())
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for _, b in order).encode())
    written = {}
    offset = 0
    for path, blob in order:
        header_end = output.index(b"\n", offset)
        header = output[offset:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise UsageError(f"git has no blob {blob} for {path}")
        size = int(header[2])
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output[header_end + 1 : header_end + 1 + size])
        written[path] = target
        offset = header_end + 1 + size + 1
    return written
