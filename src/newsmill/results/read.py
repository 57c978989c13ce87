"""Reading an existing results directory, one record at a time.

The report and ``newsmill explain`` work from the files a run wrote (see
:mod:`newsmill.results.write`), not from a live run, so they work on any earlier
run's outputs. The JSONL files are streamed: a corpus of 100k articles is
never held in memory as records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ingest.read import read_lines
from ..jsontext import parse_json
from .write import ARTICLES, DUPLICATES, PAIRS, REMOVED, RESULTS_FILES, Layout, read_report


def location(where: dict[str, Any]) -> str:
    """``path:line`` or ``path:first–last`` of an article's ``source`` or a ``removed.jsonl`` row."""
    start, end = where.get("line_start"), where.get("line_end")
    return f"{where.get('path')}:{start}" if start == end else f"{where.get('path')}:{start}–{end}"


@dataclass(frozen=True)
class ResultsDir:
    """A results directory whose ``report.json`` has been read.

    Its :class:`~newsmill.results.write.Layout` (``--gzip``, ``--dry-run``) comes from
    the configuration recorded there: compressed files are read as such, and a
    file a dry run does not write reads as empty (:attr:`dry_run` tells why).
    """

    path: Path
    report: dict[str, Any]

    @classmethod
    def open(cls, path: str | Path) -> ResultsDir:
        """Check that ``path`` holds newsmill results and read its report.

        Raises :class:`~newsmill.errors.InputError` (exit 2) when it does not.
        """
        path = Path(path)
        return cls(path, read_report(path))

    @property
    def layout(self) -> Layout:
        return Layout.of(self.report.get("config", {}))

    @property
    def dry_run(self) -> bool:
        """Whether the run was a dry run: no articles, duplicates or pairs were written."""
        return self.layout.dry_run

    def files(self) -> list[Path]:
        """The files of the directory that the report and ``newsmill explain`` read."""
        layout = self.layout
        return [path for name in RESULTS_FILES if layout.holds(name) for path in layout.paths(self.path, name)]

    @property
    def threshold(self) -> float | None:
        """The near-duplicate threshold the run used."""
        return self.report.get("config", {}).get("threshold")

    def articles(self) -> Iterator[dict[str, Any]]:
        """Kept articles; with ``--keep-duplicates`` runs, the marked duplicates are skipped
        here because :meth:`duplicates` yields them."""
        return (r for r in self._records(ARTICLES) if r.get("duplicate_of") is None)

    def duplicates(self) -> Iterator[dict[str, Any]]:
        """Every dropped duplicate."""
        return self._records(DUPLICATES)

    def every_article(self) -> Iterator[dict[str, Any]]:
        """Every article of the run once: kept ones first, then the duplicates."""
        yield from self.articles()
        yield from self.duplicates()

    def removed(self) -> Iterator[dict[str, Any]]:
        """Every paragraph stripped."""
        return self._records(REMOVED)

    def pairs(self) -> Iterator[dict[str, Any]]:
        """Every checked pair."""
        return self._records(PAIRS)

    def _records(self, name: str) -> Iterator[dict[str, Any]]:
        layout = self.layout
        if not layout.holds(name):
            return
        for file in layout.paths(self.path, name):
            if not file.is_file():
                raise InputError(str(file), "missing from the results directory")
            for number, line in enumerate(read_lines(file), start=1):
                record = parse_json(line, str(file), number)
                if not isinstance(record, dict):
                    raise InputError(str(file), "not a JSON object", number)
                yield record
