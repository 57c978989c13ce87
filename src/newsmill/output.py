"""The results directory, written as a whole.

``-o DIR`` receives:

``articles.jsonl``    kept articles (every article with ``keep_duplicates``)
``duplicates.jsonl``  every dropped duplicate, with ``duplicate_of`` and ``similarity``
``removed.jsonl``     every paragraph stripped: text, article, reason, recurrence count, lines
``pairs.jsonl``       every checked candidate pair with its similarity
``report.json``       counts per stage, the configuration, versions

The files are built in a temporary sibling directory and renamed into place
at the end, so a killed run leaves the previous results or none, never a
mixture. An existing ``DIR`` is replaced only when it is empty or holds a
previous ``report.json``, so a mistyped ``-o`` cannot wipe unrelated files.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import UsageError

ARTICLES = "articles.jsonl"
DUPLICATES = "duplicates.jsonl"
REMOVED = "removed.jsonl"
PAIRS = "pairs.jsonl"
REPORT = "report.json"


# Characters that JSON leaves raw but str.splitlines() and some JSONL readers
# treat as line breaks; escaping them keeps one record per line for everyone.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(record: dict[str, Any]) -> str:
    """One JSONL line: UTF-8 kept readable, key order as given, newline-terminated."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


def check_replaceable(out_dir: Path) -> None:
    """Refuse an output path that exists and is not a previous results directory."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / REPORT).is_file():
        raise UsageError(
            f"{out_dir}: refusing to replace a non-empty directory that is not newsmill results"
        )


def write_directory(out_dir: Path, files: dict[str, Iterable[str]]) -> None:
    """Write ``files`` (name → text chunks) into ``out_dir`` atomically, replacing it."""
    out_dir = Path(out_dir)
    check_replaceable(out_dir)
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=parent))
    try:
        for name, chunks in files.items():
            with (staging / name).open("w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(chunks)
                handle.flush()
                os.fsync(handle.fileno())
        _swap_into_place(staging, out_dir.resolve())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_into_place(staging: Path, target: Path) -> None:
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        retired.rmdir()
        target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
