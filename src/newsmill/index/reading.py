"""Read a few corpus files into articles as if the whole corpus had been read.

Splitting a text dump needs corpus-wide counts of its short paragraphs
(:class:`newsmill.ingest.split.SignatureStats`): a signature line is recognised
because it recurs across the corpus. The files read here are scanned as
usual, and the index supplies what the rest of the committed corpus knows
about the same short paragraphs (:class:`~newsmill.index.schema.ShortStats`,
looked up by hash), so a changed file splits exactly as ``newsmill run`` on
the whole corpus would split it, while only the changed files are read.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..config import Config
from ..ingest.read import InputFile, dump_articles, read_articles, read_lines
from ..ingest.split import CLOSER_MAX_WORDS, END, SIGNATURE_MAX_WORDS, SignatureStats
from ..record import Article
from ..text import paragraphs_of, text_hash, word_count
from .base import Index
from .schema import ShortStats


def corpus_file(path: Path, name: str, shown: str = "") -> InputFile:
    """The :class:`InputFile` of a corpus file; ``.jsonl`` is JSONL, anything else a text dump."""
    return InputFile(path, name, "jsonl" if name.endswith(".jsonl") else "text", shown)


def file_shorts(file: InputFile) -> tuple[ShortStats, ...]:
    """What a scan of this one text dump learns about its short paragraphs (stored per file)."""
    if file.format != "text":
        return ()
    stats = SignatureStats()
    stats.scan(file.name, read_lines(file.path, file.where))
    return tuple(
        ShortStats(
            file.name,
            key,
            count,
            key in stats.capitalised,
            tuple(sorted(stats.before.get(key, ()))),
            tuple(sorted(stats.after.get(key, ()))),
            key in stats.long,
        )
        for key, count in sorted(stats.counts.items())
    )


def split_stats(files: list[InputFile], index: Index | None, exclude: Collection[str]) -> SignatureStats:
    """Scan ``files`` and add the index's statistics of their short paragraphs, leaving
    out the indexed files in ``exclude`` (the old versions of files being replaced).

    A longer closer (a promo block) is counted only in the dumps that repeat it,
    so one that a staged dump holds once is looked up too: the committed dumps
    that repeat it make it a closer there, as a scan of the whole corpus would.
    """
    stats = SignatureStats()
    closer_sized: set[int] = set()
    for file in files:
        if file.format == "text":
            lines = list(read_lines(file.path, file.where))  # staged files: read once, used twice
            stats.scan(file.name, lines)
            closer_sized |= _closer_sized(lines)
    if index is not None:
        local = list(stats.counts)
        for key in local:
            _merge(stats, _indexed(index, key, exclude))
        for key in closer_sized - set(local):
            row = _indexed(index, key, exclude)
            if row.long:
                _merge(stats, row)
        following = {n for key in stats.counts for n in stats.after.get(key, ())}
        for key in following - set(stats.counts) - {END}:
            stats.counts[key] += _indexed(index, key, exclude, counts_only=True).count
    stats.finish()
    return stats


def _closer_sized(lines: list[str]) -> set[int]:
    """Hashes of the paragraphs of a dump's ``lines`` long enough to be longer closers."""
    return {
        text_hash(text)
        for _, _, text in paragraphs_of(lines)
        if SIGNATURE_MAX_WORDS < word_count(text) <= CLOSER_MAX_WORDS
    }


def _indexed(index: Index, key: int, exclude: Collection[str], counts_only: bool = False) -> ShortStats:
    """The index's rows for ``key`` merged, read until more could change no decision.

    The splitter asks whether a short paragraph recurs (two occurrences), is
    capitalised, and has two distinct paragraphs before and after it; once
    all is settled the remaining rows (a signature may close thousands of
    articles) are not read. A longer closer's count is compared with its
    block's other paragraphs, so all of its rows are read.
    """
    count, capitalised, long = 0, False, False
    before: set[int] = set()
    after: set[int] = set()
    for row in index.shorts(key):
        if row.path in exclude:
            continue
        count += row.count
        capitalised |= row.capitalised
        before.update(row.before)
        after.update(row.after)
        long |= row.long
        if not long and count >= 2 and (counts_only or (capitalised and len(before) >= 2 and len(after) >= 2)):
            break
    return ShortStats("", key, count, capitalised, tuple(before), tuple(after), long)


def _merge(stats: SignatureStats, row: ShortStats) -> None:
    stats.counts[row.key] += row.count
    if row.long:
        stats.long.add(row.key)
    if row.capitalised:
        stats.capitalised.add(row.key)
    if row.before:
        stats.before.setdefault(row.key, set()).update(row.before)
    if row.after:
        stats.after.setdefault(row.key, set()).update(row.after)


def read_files(
    files: list[InputFile], index: Index | None, exclude: Collection[str], config: Config
) -> list[Article]:
    """The articles of ``files`` in order, as ``newsmill run`` reads them (:func:`newsmill.ingest.read.dump_articles`:
    ids ``path#k`` for dumps, signature lines recorded as removals unless ``always_keep`` matches them)."""
    stats = None if config.separator else split_stats(files, index, exclude)
    articles: list[Article] = []
    for file in files:
        if file.format == "jsonl":
            articles.extend(read_articles([file], config))
        else:
            articles.extend(dump_articles(file, stats, config))
    return articles
