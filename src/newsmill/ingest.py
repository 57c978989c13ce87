"""Ingest: find input files, read them safely and turn them into articles.

Inputs are text dumps (``.txt``, split by :mod:`newsmill.split`) and JSONL
(``.jsonl``, one article per line, ``text`` required; ``id``, ``title``,
``lang`` and ``url`` optional, any other key carried through). Directories
are searched recursively for both. Every article remembers its file
(relative to the input root given) and line range.

Files are streamed line by line; a line that is not UTF-8, or holds a NUL
byte (a binary file), is an :class:`~newsmill.errors.InputError` naming the
file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .errors import InputError
from .record import OWN_KEYS, Article, Paragraph, Removal, Source
from .split import SignatureStats, split_dump
from .text import paragraphs_of, text_hash

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it is, its name relative to the input root, its format."""

    path: Path
    name: str
    format: str  # "text" or "jsonl"


def discover(inputs: Iterable[str | Path]) -> list[InputFile]:
    """Resolve paths and directories into the files to read, in a stable order."""
    files: list[InputFile] = []
    for given in inputs:
        root = Path(given)
        if not root.exists():
            raise InputError(str(given), "no such file or directory")
        if root.is_dir():
            found = sorted(
                p for p in root.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES + JSONL_SUFFIXES
            )
            if not found:
                raise InputError(str(given), "directory holds no .txt or .jsonl files")
            files.extend(InputFile(p, p.relative_to(root).as_posix(), _format_of(p)) for p in found)
        else:
            files.append(InputFile(root, root.name, _format_of(root)))
    return files


def _format_of(path: Path) -> str:
    return "jsonl" if path.suffix in JSONL_SUFFIXES else "text"


def read_lines(path: Path) -> Iterator[str]:
    """Yield the decoded lines of a file without their line endings, streaming.

    A UTF-8 byte-order mark is dropped; ``\\r\\n`` and ``\\r`` endings are
    accepted.
    """
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if b"\0" in raw:
                raise InputError(str(path), "binary file (NUL byte)", number)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise InputError(
                    str(path), f"invalid UTF-8 at byte {error.start} of the line", number
                ) from None
            if number == 1:
                line = line.removeprefix("\ufeff")
            yield line.rstrip("\r\n").replace("\r", "\n")


def scan_signatures(files: list[InputFile]) -> SignatureStats:
    """First pass over the text dumps: the corpus-wide counts the splitter needs."""
    stats = SignatureStats()
    for file in files:
        if file.format == "text":
            stats.scan(file.name, read_lines(file.path))
    stats.finish()
    return stats


def read_articles(files: list[InputFile], config: Config) -> Iterator[Article]:
    """Yield every article of every file, in order. Ids must be unique across the run."""
    stats = None if config.separator else scan_signatures(files)
    readers = (
        _read_jsonl(file) if file.format == "jsonl" else _read_dump(file, stats, config)
        for file in files
    )
    yield from unique_ids(located for reader in readers for located in reader)


def unique_ids(located: Iterable[tuple[Article, str]]) -> Iterator[Article]:
    """Pass articles through, failing on an id seen before; ``where`` is "file:line"."""
    first_seen: dict[str, str] = {}
    for article, where in located:
        if article.id in first_seen:
            raise InputError(where, f"duplicate id {article.id!r} (first at {first_seen[article.id]})")
        first_seen[article.id] = where
        yield article


def _read_dump(
    file: InputFile, stats: SignatureStats | None, config: Config
) -> Iterator[tuple[Article, str]]:
    pieces = split_dump(file.name, read_lines(file.path), stats, config.separator)
    for index, piece in enumerate(pieces, start=1):
        article = Article(
            id=f"{file.name}#{index}",
            source=Source(file.name, piece.line_start, piece.line_end, index),
            title=piece.title.text if piece.title else "",
            paragraphs=piece.body,
        )
        article.removals = [
            Removal(article.id, p, "signature", stats.counts[text_hash(p.text)] if stats else 1)
            for p in piece.signature
        ]
        yield article, f"{file.path}:{piece.line_start}"


def _read_jsonl(file: InputFile) -> Iterator[tuple[Article, str]]:
    index = 0
    for number, line in enumerate(read_lines(file.path), start=1):
        if not line.strip():
            continue
        index += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(str(file.path), f"malformed JSON: {error.msg}", number) from None
        article = article_from_record(record, file.name, number, index, str(file.path))
        yield article, f"{file.path}:{number}"


def article_from_record(
    record: Any, name: str, line: int, index: int, shown_path: str | None = None
) -> Article:
    """Build an article from one JSON object; errors name ``shown_path`` (or ``name``) and ``line``."""
    where = shown_path or name
    if not isinstance(record, dict):
        raise InputError(where, "a JSONL line must be a JSON object", line)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(where, "missing or non-string 'text'", line)
    article_id = record.get("id", f"{name}#{index}")
    if not isinstance(article_id, (str, int)) or isinstance(article_id, bool):
        raise InputError(where, "'id' must be a string or an integer", line)
    title = record.get("title") or ""
    if not isinstance(title, str):
        raise InputError(where, "'title' must be a string", line)
    article = Article(
        id=str(article_id),
        source=Source(name, line, line, index),
        title=title,
        paragraphs=[Paragraph(p) for _, _, p in paragraphs_of(text.splitlines())],
        extra={k: v for k, v in record.items() if k not in OWN_KEYS},
    )
    lang = record.get("lang")
    if isinstance(lang, str) and lang:
        article.lang, article.lang_prob, article.lang_given = lang, 1.0, True
    return article
