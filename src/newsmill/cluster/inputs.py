"""Inputs of a cluster run: listed on the driver, read on the workers through fsspec.

The driver only lists files (:func:`plan`): a local path is resolved as
:func:`newsmill.ingest.discover` resolves it (directories searched with
``include``/``exclude``, results directories read for their articles); a URL
(``s3://bucket/dumps/``, anything fsspec opens) is listed with fsspec and
filtered the same way. Each file is one :class:`Partition`, except an
uncompressed JSONL file larger than ``block_bytes``, which is cut into byte
ranges: a range holds the lines that *start* inside it, so every line is read
by exactly one partition, and a first pass (:func:`count_lines`, on the
workers) gives each range the number of its first line and of the articles
before it, so line numbers and made ids (``NAME#k``) are those of the local
engine. A gzip file (recognised by its magic bytes) is one partition.

A worker reads its partition with the local engine's code
(:func:`newsmill.ingest.decode_lines`, :func:`~newsmill.ingest.jsonl_articles`,
the splitter for text dumps with the corpus-wide :class:`~newsmill.ingest.split.SignatureStats`
scanned by one task, :func:`signature_scan`), so the articles are the same.

Stdin (``-``) is the one input the workers cannot open: the driver reads it
(:func:`read_stdin`) in chunks of whole lines of about ``STDIN_CHUNK_BYTES``
and scatters each to a worker as soon as it is read, so stdin costs the
driver bandwidth (every byte passes through it once), not memory. Its format
is sniffed as the local engine sniffs it (:func:`newsmill.ingest.read.sniff_format`);
a JSONL stdin is cut into partitions as a file is (the chunks that start in
each ``block_bytes``, numbered like a file's byte ranges), and a text dump
on stdin is one partition whose lines are all the chunks (the splitter reads
a dump as a whole). The chunks reach the worker
functions as their ``chunks`` argument, in place of the file.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

import fsspec

from ..config import Config
from ..errors import InputError, UsageError
from ..ingest.read import (
    GZIP_MAGIC,
    STDIN,
    STDIN_NAME,
    STDIN_SHOWN,
    InputFile,
    _selected,
    articles_of_pieces,
    decode_lines,
    discover,
    holds_record,
    jsonl_articles,
    signature_stats,
    sniff_format,
    split_rule,
    unique_ids,
)
from ..ingest.split import SignatureStats, split_dump
from ..record import Article

if TYPE_CHECKING:
    from distributed import Future

#: Byte ranges of a large uncompressed JSONL file: each one partition.
PARTITION_BYTES = 64 * 2**20
#: The most of stdin the driver holds at once (the chunks it scatters, whole lines each).
STDIN_CHUNK_BYTES = 8 * 2**20


@dataclass(frozen=True)
class Partition:
    """A file, or the lines starting in bytes ``start``..``end`` of one (``end`` ``None``: the whole file).

    url: what fsspec opens (a local path or a URL), or ``<stdin>``; name: the file's name in
    the articles' ``source.path`` (relative to the input root); format:
    ``text`` or ``jsonl``. For stdin, ``start``..``end`` number the partition among stdin's
    (:func:`read_stdin`), whose chunks the worker functions are given.
    """

    url: str
    name: str
    format: str
    start: int = 0
    end: int | None = None

    @property
    def whole(self) -> bool:
        return self.end is None

    @property
    def from_stdin(self) -> bool:
        return self.url == STDIN_SHOWN

    def raw_lines(self, chunks: Sequence[bytes] = ()) -> Iterator[bytes]:
        """The raw lines of the partition, decompressed when the whole file is gzip; those of
        ``chunks`` (read from stdin by the driver) for a partition of stdin."""
        if self.from_stdin:
            for chunk in chunks:
                yield from chunk.splitlines(keepends=True)
            return
        with fsspec.open(self.url, "rb") as handle:
            if self.whole:
                compressed = handle.read(2) == GZIP_MAGIC
                handle.seek(0)
                yield from gzip.GzipFile(fileobj=handle, mode="rb") if compressed else handle
                return
            if self.start > 0:  # the line running into the range belongs to the range before
                handle.seek(self.start - 1)
                handle.readline()
            while handle.tell() < self.end:
                line = handle.readline()
                if not line:
                    return
                yield line


@dataclass(frozen=True)
class Placed:
    """A partition with the number of its first line in its file and the non-blank lines
    (JSONL articles) of its file before it."""

    partition: Partition
    first_line: int = 1
    articles_before: int = 0

    def lines(self, chunks: Sequence[bytes] = ()) -> Iterator[str]:
        return decode_lines(self.partition.raw_lines(chunks), self.partition.url, first=self.first_line)


def plan(inputs: Sequence[str | Path], config: Config, block_bytes: int = PARTITION_BYTES) -> list[Partition]:
    """The partitions of ``inputs``, in the local engine's reading order; stdin (``-``) stands
    as one partition of format ``stdin`` until :func:`read_stdin` reads it."""
    partitions: list[Partition] = []
    for given in inputs:
        if str(given) == STDIN:
            if any(p.from_stdin for p in partitions):
                raise InputError(STDIN_SHOWN, "stdin given more than once")
            partitions.append(Partition(STDIN_SHOWN, STDIN_NAME, STDIN))
            continue
        for url, name, fmt in _listed(str(given), config):
            partitions.extend(_cut(url, name, fmt, block_bytes))
    if not partitions:
        raise InputError(", ".join(map(str, inputs)), "no input given")
    return partitions


def _listed(given: str, config: Config) -> list[tuple[str, str, str]]:
    """``(url, name, format)`` of each file ``given`` names."""
    if "://" not in given:
        return [(str(f.path), f.name, f.format) for f in discover([given], config)]
    fs, root = fsspec.core.url_to_fs(given)
    if not fs.exists(root):
        raise InputError(given, "no such file or directory")
    if not fs.isdir(root):
        name = PurePosixPath(root).name
        return [(given, name, _format(name, config))]
    protocol = given.split("://", 1)[0]
    found = sorted(
        PurePosixPath(path) for path in fs.find(root) if _selected(PurePosixPath(path), PurePosixPath(root), config)
    )
    if not found:
        raise InputError(given, f"directory holds no files matching {', '.join(config.include)}")
    return [
        (f"{protocol}://{path}", path.relative_to(root).as_posix(), _format(path.name, config)) for path in found
    ]


def _format(name: str, config: Config) -> str:
    return config.input_format or ("jsonl" if name.removesuffix(".gz").endswith(".jsonl") else "text")


def _cut(url: str, name: str, fmt: str, block_bytes: int) -> list[Partition]:
    """One partition for the file, or byte ranges of ``block_bytes`` for a large uncompressed JSONL file."""
    if fmt != "jsonl":
        return [Partition(url, name, fmt)]
    fs, path = fsspec.core.url_to_fs(url)
    size = fs.size(path)
    if size <= block_bytes:
        return [Partition(url, name, fmt)]
    with fs.open(path, "rb") as handle:
        if handle.read(2) == GZIP_MAGIC:
            return [Partition(url, name, fmt)]
    return [Partition(url, name, fmt, start, min(start + block_bytes, size)) for start in range(0, size, block_bytes)]


def read_stdin(
    partition: Partition, config: Config, block_bytes: int, scatter: Callable[[bytes], Future], stdin: IO[bytes]
) -> list[tuple[Partition, list[Future]]]:
    """The partitions of stdin (``partition``, as :func:`plan` left it), each with the futures of
    its chunks, scattered by ``scatter`` as they are read (see the module docstring): a JSONL
    partition is the chunks that start in ``block_bytes`` of stdin, as a file's byte range."""
    chunks: list[tuple[int, Future]] = []
    fmt, read, lines = config.input_format, 0, 0
    for chunk in _chunks(stdin, min(block_bytes, STDIN_CHUNK_BYTES)):
        if not fmt:  # until a chunk with a non-blank line tells it
            raw = chunk.splitlines()
            fmt = sniff_format(decode_lines(raw, STDIN_SHOWN, first=lines + 1))
            lines += len(raw)
        chunks.append((read // block_bytes, scatter(chunk)))
        read += len(chunk)
    if fmt in (None, "text"):
        return [(replace(partition, format="text"), [chunk for _, chunk in chunks])]
    return [
        (replace(partition, format="jsonl", start=n, end=n + 1), [chunk for _, chunk in group])
        for n, group in groupby(chunks, key=itemgetter(0))
    ]


def _chunks(stdin: IO[bytes], chunk_bytes: int) -> Iterator[bytes]:
    """Whole lines of ``stdin``, about ``chunk_bytes`` at a time."""
    lines = iter(stdin)
    first = next(lines, b"")
    if first.startswith(GZIP_MAGIC):
        raise UsageError(f"{STDIN_SHOWN}: gzip data on stdin is not read by --engine dask; pipe it through zcat")
    held: list[bytes] = []
    size = 0
    for line in chain([first] if first else [], lines):
        held.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield b"".join(held)
            held, size = [], 0
    if held:
        yield b"".join(held)


def count_lines(partition: Partition, chunks: Sequence[bytes] = ()) -> tuple[int, int]:
    """Lines of a byte-range partition, and how many are records (:func:`~newsmill.ingest.read.holds_record`;
    a worker's first pass)."""
    lines = records = 0
    # The line numbers are not known yet; an error found here is reported by the read, with them.
    for raw in partition.raw_lines(chunks):
        lines += 1
        records += holds_record(raw)
    return lines, records


def place(partitions: Sequence[Partition], counts: Sequence[tuple[int, int] | None]) -> list[Placed]:
    """Each partition with its first line and the articles before it in its file, from the
    :func:`count_lines` of the byte ranges before it (``None`` for a whole file)."""
    placed: list[Placed] = []
    line, before, previous = 1, 0, None
    for partition, count in zip(partitions, counts, strict=True):
        if partition.url != previous:
            line, before, previous = 1, 0, partition.url
        placed.append(Placed(partition, line, before))
        if count is not None:
            line, before = line + count[0], before + count[1]
    return placed


def signature_scan(partitions: Iterable[Partition], chunks: Sequence[Sequence[bytes]]) -> SignatureStats:
    """The splitter's corpus-wide counts over every text dump among ``partitions`` (one task;
    ``chunks``: each partition's chunks of stdin, empty for a file)."""
    return signature_stats(
        (p.name, Placed(p).lines(c)) for p, c in zip(partitions, chunks, strict=True) if p.format == "text"
    )


def read_partition(
    placed: Placed, stats: SignatureStats | None, config: Config, chunks: Sequence[bytes] = ()
) -> list[Article]:
    """The articles of one partition, as the local engine reads them (ids checked within it;
    ``chunks``: its lines, for a partition of stdin)."""
    partition = placed.partition
    lines = placed.lines(chunks)
    if partition.format == "jsonl":
        numbered = enumerate(lines, start=placed.first_line)
        located = jsonl_articles(partition.name, partition.url, numbered, placed.articles_before)
    else:
        rule = split_rule(InputFile(Path(partition.url), partition.name, "text"), config)
        pieces = split_dump(partition.name, lines, stats, config.separator, rule)
        located = (
            (article, f"{partition.url}:{article.source.line_start}", True)
            for article in articles_of_pieces(partition.name, pieces, stats, config)
        )
    return list(unique_ids(located))
