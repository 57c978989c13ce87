"""Ingest: find input files, read them safely and turn them into articles.

Inputs are text dumps (``.txt``, split by :mod:`newsmill.ingest.split`) and JSONL
(``.jsonl``, one article per line, ``text`` required; ``id``, ``title``,
``lang`` and ``url`` optional, any other key carried through), either of them
gzip-compressed (``.gz``, decompressed while streaming). Directories are
searched recursively for the files matching ``config.include`` and not
``config.exclude``, except a results directory (one holding ``report.json``),
whose article records are read: ``articles.jsonl`` and ``duplicates.jsonl``
(compressed or not, see :class:`newsmill.results.write.Layout`). ``-`` reads stdin, which is spooled to a temporary file
(the splitter reads its input twice) and whose format is sniffed: JSONL when
its first non-blank line starts with ``{``. ``config.input_format`` overrides
the guess for every input. Every article remembers its file (relative to the
input root given) and line range.

A JSONL line that newsmill wrote itself (a stage record, or any record with
a ``source`` object and ``para_langs``) is restored with
:meth:`Article.from_json`, so stage commands compose.

Files are streamed line by line; a line that is not UTF-8, or holds a NUL
byte (a binary file), or a corrupt gzip stream is an
:class:`~newsmill.errors.InputError` naming the file and line. An
uncompressed JSONL file larger than ``RANGE_BYTES`` is read on the worker
processes instead, in byte ranges cut at line ends (:class:`LineRange`).
"""

from __future__ import annotations

import contextlib
import fnmatch
import gzip
import io
import pickle
import re
import shutil
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path, PurePath
from typing import IO, Any, TypeVar

from ..config import Config
from ..errors import InputError
from ..heap import collector_paused
from ..jsontext import parse_json
from ..progress import BYTES, SILENT, Progress
from ..record import OWN_KEY_SET, STAGE_KEY, Article, CarriedFields, PackedParagraphs, Removal, Source
from ..results.write import Layout, is_results_directory, read_report
from ..text import text_hash
from ..workers import Workers
from .split import Piece, SignatureStats, SplitRule, split_dump

STDIN = "-"
STDIN_NAME = "stdin"
STDIN_SHOWN = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
#: Bytes of an uncompressed JSONL file that one worker task reads (:class:`LineRange`): about
#: 1,300 generated articles, enough to amortise a round trip, few enough that the ``2 · jobs``
#: ranges in flight hold little memory (``newsmill split`` peaks 37 MB above reading in order
#: on 20,000 articles, 44 MB on 100,000).
RANGE_BYTES = 4 * 2**20


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it is, its name relative to the input root, its
    format (``text`` or ``jsonl``) and how errors name it."""

    path: Path
    name: str
    format: str
    shown: str = ""

    @property
    def where(self) -> str:
        return self.shown or str(self.path)


def discover(inputs: Iterable[str | Path], config: Config | None = None) -> list[InputFile]:
    """Resolve paths and directories into the files to read, in a stable order.

    Files named directly are always read; directories contribute the files
    matching ``config.include`` and not ``config.exclude``. ``-`` (stdin) is
    handled by :func:`open_inputs`.
    """
    config = config or Config()
    files: list[InputFile] = []
    for given in inputs:
        root = Path(given)
        if not root.exists():
            raise InputError(str(given), "no such file or directory")
        if root.is_dir() and is_results_directory(root):
            files.extend(_results_files(root))
        elif root.is_dir():
            found = sorted(p for p in root.rglob("*") if p.is_file() and _selected(p, root, config))
            if not found:
                raise InputError(str(given), f"directory holds no files matching {', '.join(config.include)}")
            files.extend(
                InputFile(p, p.relative_to(root).as_posix(), _format_of(p, config)) for p in found
            )
        else:
            files.append(InputFile(root, root.name, _format_of(root, config)))
    return files


def _results_files(root: Path) -> list[InputFile]:
    """The files of a results directory that hold its articles, each once, in
    whatever :class:`~newsmill.results.write.Layout` it was written."""
    layout = Layout.of(read_report(root).get("config", {}))
    if layout.dry_run:
        raise InputError(str(root), "dry-run results hold no articles; rerun without --dry-run to read them")
    files: list[InputFile] = []
    for name in layout.article_files():
        single = root / layout.stored(name)
        files.extend(
            InputFile(path, name if path == single else path.relative_to(root).as_posix(), "jsonl")
            for path in layout.paths(root, name)
        )
    return files


@contextlib.contextmanager
def open_inputs(
    inputs: Sequence[str | Path], config: Config, stdin: IO[bytes] | None = None
) -> Iterator[list[InputFile]]:
    """:func:`discover`, with ``-`` read from ``stdin`` (default: the process's) into a
    temporary file that exists while the context is open."""
    with tempfile.TemporaryDirectory(prefix="newsmill-stdin-") as spool_dir:
        files: list[InputFile] = []
        for given in inputs:
            if str(given) != STDIN:
                files.extend(discover([given], config))
                continue
            if any(f.name == STDIN_NAME for f in files):
                raise InputError(STDIN_SHOWN, "stdin given more than once")
            spool = Path(spool_dir) / "stdin"
            with spool.open("wb") as handle:
                shutil.copyfileobj(stdin or sys.stdin.buffer, handle)
            fmt = config.input_format or sniff_format(read_lines(spool, STDIN_SHOWN)) or "text"
            files.append(InputFile(spool, STDIN_NAME, fmt, STDIN_SHOWN))
        yield files


def _selected(path: PurePath, root: PurePath, config: Config) -> bool:
    relative = path.relative_to(root).as_posix()
    return any(_glob_matches(relative, g) for g in config.include) and not any(
        _glob_matches(relative, g) for g in config.exclude
    )


def _glob_matches(relative: str, glob: str) -> bool:
    """A glob with a ``/`` matches the path relative to the input root; one without, the file name."""
    return fnmatch.fnmatchcase(relative if "/" in glob else relative.rpartition("/")[2], glob)


def split_rule(file: InputFile, config: Config) -> SplitRule | None:
    """The ``[tool.newsmill.split."GLOB"]`` rule of the first glob matching ``file``, if any.

    A glob matches as ``include`` does (the path relative to the input
    directory, or the file name), or the path as given (``dumps/a.txt``).
    """
    for glob, table in config.split.items():
        if _glob_matches(file.name, glob) or _glob_matches(file.path.as_posix(), glob):
            return SplitRule.from_table(glob, table)
    return None


def split_file(
    file: InputFile,
    stats: SignatureStats | None,
    config: Config,
    consumed: Callable[[int], None] | None = None,
) -> Iterator[Piece]:
    """The pieces of one text dump, with the separator and per-path rule ``config`` gives for it."""
    lines = read_lines(file.path, file.where, consumed)
    return split_dump(file.name, lines, stats, config.separator, split_rule(file, config))


def _format_of(path: Path, config: Config) -> str:
    if config.input_format:
        return config.input_format
    name = path.name.removesuffix(".gz")
    return "jsonl" if name.endswith(".jsonl") else "text"


def sniff_format(lines: Iterable[str]) -> str | None:
    """The format of an input without a name to tell it (stdin): ``jsonl`` when its first
    non-blank line starts with ``{``, else ``text``; ``None`` when every line is blank."""
    for line in lines:
        if line.strip():
            return "jsonl" if line.lstrip().startswith("{") else "text"
    return None


def read_lines(path: Path, shown: str | None = None, consumed: Callable[[int], None] | None = None) -> Iterator[str]:
    """Yield the decoded lines of a file without their line endings, streaming.

    A gzip file (recognised by its magic bytes) is decompressed on the fly. A
    UTF-8 byte-order mark is dropped; ``\\r\\n`` and ``\\r`` endings are
    accepted. Errors name ``shown`` (default: the path) and the line.
    ``consumed`` is called with the (decompressed) bytes of each line read.
    """
    with _open_binary(path) as handle:
        yield from decode_lines(handle, shown or str(path), consumed)


def decode_lines(
    raw_lines: Iterable[bytes], where: str, consumed: Callable[[int], None] | None = None, first: int = 1
) -> Iterator[str]:
    """:func:`read_lines` over lines already read as bytes (an open file, or a byte range of one
    whose first line is line ``first``): checked, decoded and stripped of their line endings."""
    number = first - 1
    try:
        for number, raw in enumerate(raw_lines, start=first):
            if consumed is not None:
                consumed(len(raw))
            if b"\0" in raw:
                raise InputError(where, "binary file (NUL byte)", number)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise InputError(
                    where, f"invalid UTF-8 at byte {error.start} of the line", number
                ) from None
            if number == 1:
                line = line.removeprefix("\ufeff")
            yield line.rstrip("\r\n").replace("\r", "\n")
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise InputError(where, f"corrupt gzip data: {error or 'truncated'}", number + 1) from None


def _open_binary(path: Path) -> io.BufferedIOBase:
    return gzip.open(path, "rb") if is_gzip(path) else path.open("rb")


def is_gzip(path: Path) -> bool:
    """Whether ``path`` holds gzip data (by its magic bytes, whatever its name)."""
    with path.open("rb") as probe:
        return probe.read(2) == GZIP_MAGIC


def content_size(path: Path) -> int:
    """Bytes of text in ``path``: its size, or the uncompressed size a gzip file's
    trailer records (modulo 4 GiB, as gzip stores it), the total of a progress bar."""
    with path.open("rb") as file:
        size = path.stat().st_size
        if file.read(2) != GZIP_MAGIC or size < 4:  # a truncated gzip file is an error later
            return size
        file.seek(-4, 2)
        return int.from_bytes(file.read(4), "little")


def scan_signatures(files: list[InputFile], progress: Progress = SILENT) -> SignatureStats:
    """First pass over the text dumps: the corpus-wide counts the splitter needs."""
    dumps = [file for file in files if file.format == "text"]
    with progress.counting("scan", sum(content_size(f.path) for f in dumps), BYTES) as consumed:
        return signature_stats((file.name, read_lines(file.path, file.where, consumed)) for file in dumps)


def signature_stats(dumps: Iterable[tuple[str, Iterable[str]]]) -> SignatureStats:
    """The splitter's corpus-wide counts over ``(name, lines)`` of every text dump, in order."""
    stats = SignatureStats()
    for name, lines in dumps:
        stats.scan(name, lines)
    stats.finish()
    return stats


def read_articles(files: list[InputFile], config: Config, progress: Progress = SILENT) -> Iterator[Article]:
    """Yield every article of every file, in order. Ids must be unique across the run.
    Progress is the bytes read of all the input's.

    With several text dumps and ``config.jobs`` other than 1, each dump is
    split on a worker process (:class:`~newsmill.workers.Workers`),
    a whole dump per task: the splitter needs nothing of the other dumps but
    the corpus-wide counts of the first pass, so the articles are the same
    for any ``jobs``. Up to ``2 · jobs`` dumps' articles are then held at
    once; with one job or one dump, articles stream one at a time. A JSONL
    file is read on the workers too, in byte ranges, when it is uncompressed
    and larger than one (:func:`read_jsonl_ranges`).

    Python's cyclic garbage collector is paused while the articles are read
    (:func:`newsmill.heap.collector_paused`: its scans of the growing corpus
    took 1.0 s of the 3.8 s reading 100,000 JSONL articles, 1.6 s of 2.6 when
    the articles came from the workers), in this process and so in the
    workers forked for the reading.
    """
    dumps = [file for file in files if file.format == "text"]
    # No text dump, nothing to scan (and no empty "scan" bar for a JSONL corpus).
    stats = scan_signatures(files, progress) if dumps and not config.separator else None
    with (
        collector_paused(),
        progress.counting("read", sum(content_size(f.path) for f in files), BYTES) as consumed,
        Workers((stats, config), config.jobs) as workers,
    ):
        split = iter(workers.map(_split_whole, dumps)) if workers.count > 1 and len(dumps) > 1 else None

        def reader(file: InputFile) -> Iterator[tuple[Article, str, bool]]:
            if file.format == "jsonl" and workers.count > 1 and _read_in_ranges(file):
                return read_jsonl_ranges(file, workers, consumed)
            if file.format == "jsonl":
                return _read_jsonl(file, consumed)
            if split is None:
                return _read_dump(file, stats, config, consumed)
            articles = next(split)
            consumed(content_size(file.path))
            return _located(file, articles)

        yield from unique_ids(pair for file in files for pair in reader(file))


def _split_whole(shared: tuple[SignatureStats | None, Config], file: InputFile) -> list[Article]:
    """On a worker: every article of one text dump."""
    stats, config = shared
    return list(dump_articles(file, stats, config))


def unique_ids(located: Iterable[tuple[Article, str, bool]]) -> Iterator[Article]:
    """Pass articles through, failing on an id seen before.

    Each item is ``(article, where, made)``: ``where`` is "file:line" and
    ``made`` tells that the reader made the id itself (``NAME#k``), which
    makes it unique by construction. Only the other ids, those that came
    with the input, are remembered, and made ids are checked against them,
    so memory does not grow with the size of the dumps.
    """
    given: dict[str, str] = {}
    made: dict[str, tuple[int, str]] = {}  # file name -> (ids made so far, where the first was)
    for article, where, is_made in located:
        name, _, index = article.id.rpartition("#")
        count, first_made = made.get(name, (0, where))
        first = given.get(article.id)
        if first is None and index.isdigit() and 0 < int(index) <= count:
            first = f"{first_made}, article {index} of that file"
        if first is not None:
            raise InputError(where, f"duplicate id {article.id!r} (first at {first})")
        if is_made:
            made[name] = (int(index), first_made)
        else:
            given[article.id] = where
        yield article


def _read_dump(
    file: InputFile, stats: SignatureStats | None, config: Config, consumed: Callable[[int], None]
) -> Iterator[tuple[Article, str, bool]]:
    return _located(file, dump_articles(file, stats, config, consumed))


def _located(file: InputFile, articles: Iterable[Article]) -> Iterator[tuple[Article, str, bool]]:
    """A dump's articles as :func:`unique_ids` takes them: where each starts, and its id made by the reader."""
    for article in articles:
        yield article, f"{file.where}:{article.source.line_start}", True


def dump_articles(
    file: InputFile,
    stats: SignatureStats | None,
    config: Config,
    consumed: Callable[[int], None] | None = None,
) -> Iterator[Article]:
    """The articles of one text dump, ids ``NAME#k``: each split piece's title and body, its
    signature lines recorded as removals (reason ``signature``, counted in ``stats``) unless
    ``always_keep`` matches them. ``stats`` must have scanned the whole corpus (unused with a
    ``separator``); the hooks pass the index's counts (:func:`newsmill.index.reading.read_files`).
    ``consumed`` is told the bytes read (see :func:`read_lines`)."""
    return articles_of_pieces(file.name, split_file(file, stats, config, consumed), stats, config)


def articles_of_pieces(
    name: str, pieces: Iterable[Piece], stats: SignatureStats | None, config: Config
) -> Iterator[Article]:
    """The articles of the split pieces of dump ``name``, as :func:`dump_articles` describes."""
    keep = [re.compile(pattern) for pattern in config.always_keep]
    for index, piece in enumerate(pieces, start=1):
        # A signature line the user always keeps still ends the article, and stays in it.
        kept_lines = [p for p in piece.signature if any(k.search(p.text) for k in keep)]
        article = Article(
            id=f"{name}#{index}",
            source=Source(name, piece.line_start, piece.line_end, index),
            title=piece.title.text if piece.title else "",
            paragraphs=piece.body + kept_lines,
        )
        article.removals = [
            Removal(article.id, p, "signature", stats.counts[text_hash(p.text)] if stats else 1)
            for p in piece.signature
            if p not in kept_lines
        ]
        yield article


def _read_jsonl(file: InputFile, consumed: Callable[[int], None]) -> Iterator[tuple[Article, str, bool]]:
    return jsonl_articles(file.name, file.where, enumerate(read_lines(file.path, file.where, consumed), start=1))


@dataclass(frozen=True)
class LineRange:
    """The lines of ``file`` that bytes ``start``..``end`` hold (cut at line ends), the first of
    them line ``first_line`` of the file, after ``records_before`` of its non-blank lines."""

    file: InputFile
    start: int
    end: int
    first_line: int = 1
    records_before: int = 0

    def raw_lines(self) -> list[bytes]:
        """The range's lines as bytes, without their ``\\n`` (as a file's lines, split at ``\\n`` only)."""
        return _cut_lines(self._bytes())

    def lines(self) -> Iterable[str]:
        """The range's lines as :func:`decode_lines` gives them (the same errors, naming the file and
        line, raised when the bad line is reached).

        When the range holds neither a NUL byte nor a ``\\r`` (no line to refuse or to strip of
        one), as every range of a generated corpus, its lines are only decoded, in one pass in C;
        one that is not UTF-8 has them read again line by line, to find it. (Decoding the whole
        range at once, then cutting it, took twice as long: one character beyond Latin-1 makes
        the whole text two bytes a character, and each line is narrowed again when cut.)
        """
        data = self._bytes()
        raw_lines = _cut_lines(data)
        if b"\0" not in data and b"\r" not in data:
            with contextlib.suppress(UnicodeDecodeError):
                lines = list(map(bytes.decode, raw_lines))
                if self.first_line == 1 and lines:
                    lines[0] = lines[0].removeprefix("\ufeff")
                return lines
        return decode_lines(raw_lines, self.file.where, first=self.first_line)

    def counts(self) -> tuple[int, int]:
        """How many lines the range holds (:meth:`raw_lines`) and how many of them are records
        (:func:`holds_record`: hold a ``{``), counted in place.

        Each line's end and first ``{`` are found by ``bytes.find`` (``memchr``), one call each
        in a line of a generated corpus, without cutting the range into lines: 1.1 ms a range of
        1,314 generated articles, against 2.7 for its lines cut and each searched.
        """
        data = self._bytes()
        find, size = data.find, len(data)
        lines = records = start = 0
        while start < size:
            end = find(b"\n", start)
            if end < 0:  # the last line, without its line end
                end = size
            lines += 1
            records += find(b"{", start, end) >= 0
            start = end + 1
        return lines, records

    def _bytes(self) -> bytes:
        with self.file.path.open("rb") as handle:
            handle.seek(self.start)
            return handle.read(self.end - self.start)


def _cut_lines(data: bytes) -> list[bytes]:
    """The lines of ``data`` without their ``\\n``: no line after the last ``\\n``."""
    lines = data.split(b"\n")
    if not lines[-1]:
        lines.pop()
    return lines


def _read_in_ranges(file: InputFile) -> bool:
    """Whether a JSONL file is read in :class:`LineRange` s: it is uncompressed and larger than one."""
    return file.path.stat().st_size > RANGE_BYTES and not is_gzip(file.path)


def line_ranges(file: InputFile, size: int) -> list[LineRange]:
    """An uncompressed ``file`` in ranges of at least ``size`` bytes (but the last), each
    running to the end of the line its ``size``-th byte is in; ``first_line`` and
    ``records_before`` are left to :func:`read_jsonl_ranges`."""
    total = file.path.stat().st_size
    ranges: list[LineRange] = []
    with file.path.open("rb") as handle:
        start = 0
        while start < total:
            handle.seek(min(start + size, total))
            handle.readline()
            ranges.append(LineRange(file, start, handle.tell()))
            start = handle.tell()
    return ranges


def read_jsonl_ranges(
    file: InputFile, workers: Workers[Any], consumed: Callable[[int], None]
) -> Iterator[tuple[Article, str, bool]]:
    """:func:`jsonl_articles` of an uncompressed JSONL file, read on ``workers`` in ranges of
    ``RANGE_BYTES`` (``2 · jobs`` of them in flight), the same articles in the same order.

    Two passes: the workers first count each range's lines and records
    (:func:`_count_range`), which gives every range the number of its first
    line and of the records before it (the ``k`` of a made id ``NAME#k``);
    then they read the ranges into articles (:func:`_read_range`). A bad
    line's error comes after the articles before it, as when read in order.

    A worker pickles a range's articles itself and they are unpickled here,
    in the thread that consumes them: unpickled by the executor, on its
    result thread, their texts came from another malloc arena than the
    main thread's, which did not reuse them once a later stage replaced
    them (boilerplate): a 100,000-article ``newsmill run`` peaked at 864 MB
    in the main process against 785 MB reading in order (787 against 789
    unpickled here).
    """
    ranges = line_ranges(file, RANGE_BYTES)
    placed: list[LineRange] = []
    line, records = 1, 0
    for part, (lines, nonblank) in zip(ranges, workers.map(_count_range, ranges), strict=True):
        placed.append(replace(part, first_line=line, records_before=records))
        line, records = line + lines, records + nonblank
    for part, pickled in zip(placed, workers.map(_read_range, placed), strict=True):
        sent, error = pickle.loads(pickled)
        consumed(part.end - part.start)
        yield from ((unflat(values), where, made) for values, where, made in sent)
        if error is not None:
            raise error


def _count_range(shared: object, part: LineRange) -> tuple[int, int]:
    """On a worker: the lines of ``part`` and its records (:func:`holds_record`)."""
    return part.counts()


def holds_record(raw: bytes) -> bool:
    """Whether a raw JSONL line counts as a record when the lines are counted before they are
    read (a made id ``NAME#k`` numbers the records): whether it holds a ``{``.

    Those are its non-blank lines as far as they are read: a JSONL record is
    an object, and a non-blank line without ``{`` is an error, which ends the
    read before any later line's number is used. (Stripping the bytes would
    count a line of Unicode whitespace, a no-break space, that the reader
    skips as blank.)
    """
    return b"{" in raw


def _read_range(shared: object, part: LineRange) -> bytes:
    """On a worker: the located articles of ``part`` (:func:`jsonl_articles`), each :func:`flat`,
    up to its first bad line, and that line's error (``None`` when none), pickled."""
    file = part.file
    numbered = enumerate(part.lines(), part.first_line)
    sent: list[tuple[tuple[Any, ...], str, bool]] = []
    try:
        sent.extend(_jsonl_located(file.name, file.where, numbered, part.records_before, _flat_article))
    except InputError as error:
        return pickle.dumps((sent, error), pickle.HIGHEST_PROTOCOL)
    return pickle.dumps((sent, None), pickle.HIGHEST_PROTOCOL)


#: Where an :class:`~newsmill.record.Article`'s carried fields are, in its fields and in its :func:`flat` tuple.
_EXTRA_AT = Article.__slots__.index("extra")
#: The fields of an article after its paragraphs and before its carried fields, and those after them, in
#: its order (that of its constructor).
_FIELDS_BEFORE_EXTRA = attrgetter(*Article.__slots__[Article.__slots__.index("body") + 1 : _EXTRA_AT])
_FIELDS_AFTER_EXTRA = attrgetter(*Article.__slots__[_EXTRA_AT + 1 :])


def flat(article: Article) -> tuple[Any, ...]:
    """``article`` as a tuple of plain values in the order of its fields, its source and packed
    paragraphs as tuples of theirs and its carried fields as their JSON text (:class:`CarriedFields`),
    as a worker sends it back (:func:`unflat` makes it again).

    An article pickles as nested objects, each reduced on its own; the flat
    tuples pickle at C speed. Per generated article, sending one costs 5.8 µs
    in all, 1.5 of them in the main process (unpickle, :func:`unflat`), against
    8.6 and 2.9 µs for the article itself (best of runs, one machine). The
    carried fields as an object (a slotted one, reduced to a dict of its
    state) took three times the pickling of the rest of the tuple: 8.4 ms
    against 2.8 for a range of 1,314 generated articles.
    """
    source, body, carried = article.source, article.body, article.extra
    return (
        article.id,
        (source.path, source.line_start, source.line_end, source.index),
        article.title,
        (body.text, body.layout, body.langs),
        *_FIELDS_BEFORE_EXTRA(article),
        (carried if isinstance(carried, CarriedFields) else CarriedFields(carried)).text,
        *_FIELDS_AFTER_EXTRA(article),
    )


def unflat(values: tuple[Any, ...]) -> Article:
    """The article :func:`flat` gave ``values`` for (positional: a quarter of the time of keywords)."""
    later = (*values[4:_EXTRA_AT], CarriedFields.of_text(values[_EXTRA_AT]), *values[_EXTRA_AT + 1 :])
    return Article(values[0], Source(*values[1]), values[2], PackedParagraphs(*values[3]), *later)


def jsonl_articles(
    name: str, where: str, numbered_lines: Iterable[tuple[int, str]], index: int = 0
) -> Iterator[tuple[Article, str, bool]]:
    """The articles of JSONL lines ``(number, line)`` of file ``name`` (errors name ``where``),
    each with its "file:line" and whether its id was made (``NAME#k``, ``k`` counting the
    non-blank lines after the first ``index``), as :func:`unique_ids` takes them."""
    return _jsonl_located(name, where, numbered_lines, index, _jsonl_article)


#: What :func:`_jsonl_located` makes of a record: from the record, file name, line number, index and where.
Made = TypeVar("Made")


def _jsonl_located(
    name: str,
    where: str,
    numbered_lines: Iterable[tuple[int, str]],
    index: int,
    make: Callable[[Any, str, int, int, str], Made],
) -> Iterator[tuple[Made, str, bool]]:
    """:func:`jsonl_articles`, each article what ``make`` makes of its record (an article, or :func:`flat` values)."""
    for number, line in numbered_lines:
        if not line.strip():
            continue
        index += 1
        record = parse_json(line, where, number)
        yield make(record, name, number, index, where), f"{where}:{number}", "id" not in record


def _jsonl_article(record: Any, name: str, line: int, index: int, where: str) -> Article:
    """The article of a JSONL record: restored when newsmill wrote it, else read, its carried fields held as text."""
    if _written_by_newsmill(record):
        return _restore(record, where, line)
    article = article_from_record(record, name, line, index, where)
    article.extra = CarriedFields(article.extra)  # read from JSON: held as its text
    return article


def _flat_article(record: Any, name: str, line: int, index: int, where: str) -> tuple[Any, ...]:
    """``flat(_jsonl_article(...))``, made without the article of a record that newsmill did not write:
    its fields in their order, as :class:`~newsmill.record.Article` sets them for the record (the
    article made with keywords, then flattened, took 2 to 3 µs of the 35 to 40 of a generated one
    on a worker). The tests compare the articles read in ranges with those read in order, whole."""
    if _written_by_newsmill(record):
        return flat(_restore(record, where, line))
    article_id, title, text, lang = _checked_fields(record, name, line, index, where)
    body = PackedParagraphs.of_text(text)
    carried = CarriedFields({k: v for k, v in record.items() if k not in OWN_KEY_SET})
    given = bool(lang)
    return (
        article_id,
        (name, line, line, index),
        title,
        (body.text, body.layout, body.langs),
        *((lang, 1.0, True) if given else ("und", 0.0, False)),
        None,  # cluster
        None,  # duplicate_of
        None,  # similarity
        None,  # contained_in
        [],  # removals
        carried.text,
        None,  # translation
        None,  # story
        0,  # removed_before
    )


def _written_by_newsmill(record: Any) -> bool:
    return isinstance(record, dict) and (
        STAGE_KEY in record or (isinstance(record.get("source"), dict) and "para_langs" in record)
    )


def _restore(record: dict[str, Any], where: str, line: int) -> Article:
    try:
        return Article.from_json(record)
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(where, f"malformed newsmill record: {error}", line) from None


def article_from_record(record: Any, name: str, line: int, index: int, shown_path: str | None = None) -> Article:
    """Build an article from one JSON object; errors name ``shown_path`` (or ``name``) and ``line``."""
    article_id, title, text, lang = _checked_fields(record, name, line, index, shown_path or name)
    article = Article(
        id=article_id,
        source=Source(name, line, line, index),
        title=title,
        paragraphs=PackedParagraphs.of_text(text),
        extra={k: v for k, v in record.items() if k not in OWN_KEY_SET},
    )
    if lang:
        article.lang, article.lang_prob, article.lang_given = lang, 1.0, True
    return article


def _checked_fields(record: Any, name: str, line: int, index: int, where: str) -> tuple[str, str, str, str]:
    """The id (``NAME#k`` when none is given), title, text and language (``""`` when none) of a JSON
    object, checked: errors name ``where`` and ``line``."""
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
    lang = record.get("lang")
    return str(article_id), title, text, lang if isinstance(lang, str) else ""
