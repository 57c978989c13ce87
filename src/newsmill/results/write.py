"""The results directory, written as a whole.

``-o DIR`` receives:

``articles.jsonl``    kept articles (every article with ``keep_duplicates``)
``duplicates.jsonl``  every dropped duplicate, with ``duplicate_of`` and ``similarity``
``removed.jsonl``     every paragraph stripped: text, article, reason, recurrence count, lines
``pairs.jsonl``       every checked candidate pair with its similarity
``stories.jsonl``     every verified cross-language story pair: ids, signal, score
``report.json``       counts per stage, the configuration, versions
``text/PATH``         with ``--format text``: one cleaned dump per input file

With ``--engine dask`` the workers write ``articles``, ``duplicates`` and
``removed`` as directories of numbered parts, one per input partition
(:data:`PARTED_FILES`, :meth:`Layout.part`); readers find either form with
:meth:`Layout.paths`.

A dry run writes only ``removed.jsonl`` and ``report.json``; ``--gzip``
compresses every file but ``report.json`` and adds ``.gz`` to its name
(deterministically: no name or time in the gzip header). :class:`Layout`
says which files a directory holds and under which names, from the
configuration in its ``report.json``; the writer here and every reader
(the report, ``newsmill explain``, stage commands given a results
directory) go through it.

The files are built in a temporary sibling directory and renamed into place
at the end, so a killed run leaves the previous results or none, never a
mixture. An existing ``DIR`` is replaced only when it is empty or holds a
previous ``report.json``, so a mistyped ``-o`` cannot wipe unrelated files.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, UsageError
from ..ingest.split import SEPARATOR_LINE
from ..jsontext import parse_json
from ..jsonutf8 import json_text
from ..record import Article

ARTICLES = "articles.jsonl"
DUPLICATES = "duplicates.jsonl"
REMOVED = "removed.jsonl"
PAIRS = "pairs.jsonl"
STORIES = "stories.jsonl"
REPORT = "report.json"
TEXT_DIR = "text"
RESULTS_FILES = (ARTICLES, DUPLICATES, REMOVED, PAIRS, STORIES, REPORT)
DRY_RUN_FILES = (REMOVED, REPORT)
#: The files that ``--engine dask`` writes as numbered parts, one per input partition, each by
#: the worker holding it: ``articles/part-00000.jsonl`` (``.gz`` with ``--gzip``) and so on.
PARTED_FILES = (ARTICLES, DUPLICATES, REMOVED)


def part_directory(name: str) -> str:
    """The directory holding the parts of file ``name``: ``articles`` for ``articles.jsonl``."""
    return name.removesuffix(".jsonl")


@dataclass(frozen=True)
class Layout:
    """Which files of a results directory were written, and the name each has on disk.

    compressed
        ``--gzip``: every file but ``report.json`` is stored as ``NAME.gz``.
    dry_run
        ``--dry-run``: only ``removed.jsonl`` and ``report.json`` were written.
    keep_duplicates
        ``--keep-duplicates``: ``articles.jsonl`` holds every article, so the
        duplicates are in it as well as in ``duplicates.jsonl``.
    parts
        ``--engine dask``: the :data:`PARTED_FILES` are directories of numbered
        parts (:meth:`part`); readers find either form with :meth:`paths`.
    """

    compressed: bool = False
    dry_run: bool = False
    keep_duplicates: bool = False
    parts: bool = False

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> Layout:
        """The layout a run with ``config`` (a :class:`~newsmill.config.Config` as JSON) writes."""
        return cls(
            compressed=bool(config.get("gzip")),
            dry_run=bool(config.get("dry_run")),
            keep_duplicates=bool(config.get("keep_duplicates")),
            parts=config.get("engine") == "dask",
        )

    def holds(self, name: str) -> bool:
        """Whether file ``name`` (as named in the table above) was written."""
        return not self.dry_run or name in DRY_RUN_FILES

    def stored(self, name: str) -> str:
        """The name file ``name`` has on disk."""
        return f"{name}.gz" if self.compressed and name != REPORT else name

    def written(self) -> list[str]:
        """The stored names of the files (or part directories) written, ``text/`` dumps aside."""
        return [
            part_directory(name) if self.parts and name in PARTED_FILES else self.stored(name)
            for name in RESULTS_FILES
            if self.holds(name)
        ]

    def part(self, name: str, number: int) -> str:
        """The stored name of part ``number`` of file ``name`` (one of :data:`PARTED_FILES`)."""
        return f"{part_directory(name)}/{self.stored(f'part-{number:05d}.jsonl')}"

    def paths(self, directory: Path, name: str) -> list[Path]:
        """The files in results ``directory`` that hold file ``name``, in order: its numbered
        parts when the directory has them (written by ``--engine dask``), else the one file."""
        parts = directory / part_directory(name)
        if name in PARTED_FILES and parts.is_dir():
            return sorted(parts.glob("part-*.jsonl*"))
        stored = directory / self.stored(name)
        if not stored.exists():  # compressed, or decompressed, by hand since the run: read under the other name
            other = stored.with_name(stored.name.removesuffix(".gz") if self.compressed else f"{stored.name}.gz")
            if other.is_file():
                return [other]
        return [stored]

    def article_files(self) -> list[str]:
        """The files that hold every article of the run exactly once (none on a dry run)."""
        if self.dry_run:
            return []
        return [ARTICLES] if self.keep_duplicates else [ARTICLES, DUPLICATES]


def read_report(directory: Path) -> dict[str, Any]:
    """The ``report.json`` of results directory ``directory``.

    Raises :class:`~newsmill.errors.InputError` (exit 2) when ``directory``
    does not hold newsmill results.
    """
    if not directory.is_dir():
        raise InputError(str(directory), "no such results directory")
    report_file = directory / REPORT
    if not report_file.is_file():
        raise InputError(str(directory), f"not a newsmill results directory (no {REPORT})")
    try:
        text = report_file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(str(report_file), f"invalid UTF-8 ({error})") from None
    report = parse_json(text, str(report_file))
    if not isinstance(report, dict) or not isinstance(report.get("counts"), dict):
        raise InputError(str(report_file), "not a newsmill report (no counts)")
    return report


def is_results_directory(path: Path) -> bool:
    """Whether ``path`` is a directory newsmill wrote results into (it holds ``report.json``)."""
    return (path / REPORT).is_file()


# Characters that JSON leaves raw but str.splitlines() and some JSONL readers
# treat as line breaks; escaping them keeps one record per line for everyone.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(record: dict[str, Any]) -> str:
    """One JSONL line: UTF-8 kept readable, key order as given, newline-terminated."""
    return text_line(json_text(record))


def text_line(record_json: str) -> str:
    """One JSONL line from a record's JSON text (``json.dumps`` with ``ensure_ascii=False``):
    what :func:`json_line` gives for that record."""
    return _on_one_line(record_json) + "\n"


def text_lines(record_jsons: Sequence[str]) -> str:
    """The :func:`text_line` of each JSON text, joined."""
    # Escaped in one pass over the whole: the newlines that end the lines are not among the breaks escaped.
    return _on_one_line("\n".join([*record_jsons, ""]))


def utf8_lines(record_jsons: Sequence[bytes]) -> bytes:
    """The :func:`text_line` of each record's JSON text in UTF-8 (``json.dumps`` with
    ``ensure_ascii=False``, encoded), joined, in UTF-8."""
    return b"\n".join([*map(_utf8_on_one_line, record_jsons), b""])


def _utf8_on_one_line(record_json: bytes) -> bytes:
    """:func:`_on_one_line` of a JSON text in UTF-8 (itself when it holds no line break to escape)."""
    # A substring search in bytes ran at about 1 GB/s here; decoded, each is a memchr: 5x faster with the decoding.
    # One record at a time: a chunk decoded whole is a large block, whose pages cost more than its fewer calls save.
    text = record_json.decode("utf-8")
    escaped = _on_one_line(text)
    return record_json if escaped is text else escaped.encode("utf-8")


def _on_one_line(json_text: str) -> str:
    """``json_text`` with the :data:`_LINE_BREAKS` escaped (itself when it holds none)."""
    # str.translate looks every character up; three substring scans are 10x cheaper, and rare hits pay.
    if "\x85" in json_text or "\u2028" in json_text or "\u2029" in json_text:
        return json_text.translate(_LINE_BREAKS)
    return json_text


def check_replaceable(out_dir: Path) -> None:
    """Refuse an output path that exists and is not a previous results directory."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / REPORT).is_file():
        raise UsageError(
            f"{out_dir}: refusing to replace a non-empty directory that is not newsmill results"
        )


def write_directory(
    out_dir: Path, files: Mapping[str, Iterable[str | bytes]], verify: Callable[[], None] | None = None
) -> None:
    """Write ``files`` (name → chunks of text or UTF-8 bytes) into ``out_dir`` atomically, replacing it.

    ``verify`` runs once every file is written and before the swap: when it
    raises, the previous results stay as they were.
    """
    with staged_directory(Path(out_dir)) as staging:
        for name, chunks in files.items():
            write_file(staging / name, chunks)
        if verify is not None:
            verify()


@contextlib.contextmanager
def staged_directory(out_dir: Path) -> Iterator[Path]:
    """A temporary sibling of ``out_dir`` to write results into, swapped into its place when
    the block ends, or deleted (the previous results kept) when the block raises."""
    check_replaceable(out_dir)
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted(out_dir.resolve())
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-{os.getpid()}-", dir=parent))
    try:
        yield staging
        _swap_into_place(staging, out_dir.resolve())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_file(path: Path, chunks: Iterable[str | bytes]) -> None:
    """Write chunks (text, or UTF-8 bytes) to ``path`` (gzip-compressed when it ends in ``.gz``) and sync it to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw:
        write_chunks(raw, chunks, compress=path.name.endswith(".gz"))
        raw.flush()
        os.fsync(raw.fileno())


def write_chunks(raw: IO[bytes], chunks: Iterable[str | bytes], compress: bool) -> None:
    """Write chunks to a binary stream, text as UTF-8 and bytes as they are, gzip-compressed when
    ``compress`` (with an empty name and time 0 in the header, so the bytes depend on the text only)."""
    with contextlib.ExitStack() as stack:
        handle: IO[bytes] | gzip.GzipFile = raw
        if compress:
            handle = stack.enter_context(gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0))
        for chunk in chunks:
            handle.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))


def select_files(files: Mapping[str, Iterable[str | bytes]], layout: Layout) -> dict[str, Iterable[str | bytes]]:
    """The files ``layout`` writes out of all a run could, under their stored names."""
    return {layout.stored(name): chunks for name, chunks in files.items() if layout.holds(name)}


def dump_name(source_path: str) -> str:
    """The text dump an input file's cleaned articles go to: its path, ending in ``.txt``."""
    name = source_path.removesuffix(".gz")
    return name if name.endswith(".txt") else f"{name}.txt"


def text_dump(articles: Iterable[Article]) -> Iterator[str]:
    """The articles as a text dump: title, paragraphs, then a separator line, each
    followed by a blank line. :mod:`newsmill.ingest.split` reads it back into the same articles."""
    for article in articles:
        parts = ([article.title] if article.title else []) + article.paragraph_texts
        yield "".join(f"{part}\n\n" for part in parts) + f"{SEPARATOR_LINE}\n\n"


def text_dumps(articles: Sequence[Article]) -> dict[str, Iterator[str]]:
    """``text/NAME`` → dump of the articles from each input file, in input order."""
    by_dump: dict[str, list[Article]] = {}
    for article in articles:
        by_dump.setdefault(f"{TEXT_DIR}/{dump_name(article.source.path)}", []).append(article)
    return {name: text_dump(members) for name, members in by_dump.items()}


def recover_interrupted(target: Path) -> None:
    """Tidy up after runs that were killed while writing ``target``.

    Their staging directories (``.NAME.tmp-PID-*``) are deleted. A previous
    result set aside for the swap (``.NAME.old-PID-*``) is put back when the
    kill came between the two renames and ``target`` is missing, else deleted.
    Only directories of processes that no longer run are touched.
    """
    for leftover in sorted(target.parent.glob(f".{target.name}.*-*-*")):
        kind, _, rest = leftover.name[len(target.name) + 2 :].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("tmp", "old") or not pid.isdigit() or _running(int(pid)):
            continue
        if kind == "old" and not target.exists():
            leftover.rename(target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_into_place(staging: Path, target: Path) -> None:
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
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
