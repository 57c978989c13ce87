"""Reading an existing results directory, one record at a time.

The report and ``newsmill explain`` work from the files a run wrote (see
:mod:`newsmill.output`), not from a live run, so they work on any earlier
run's outputs. The JSONL files are streamed: a corpus of 100k articles is
never held in memory as records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..output import ARTICLES, DUPLICATES, PAIRS, REMOVED, REPORT


def location(where: dict[str, Any]) -> str:
    """``path:line`` or ``path:first–last`` of an article's ``source`` or a ``removed.jsonl`` row."""
    start, end = where.get("line_start"), where.get("line_end")
    return f"{where.get('path')}:{start}" if start == end else f"{where.get('path')}:{start}–{end}"


@dataclass(frozen=True)
class ResultsDir:
    """A results directory whose ``report.json`` has been read."""

    path: Path
    report: dict[str, Any]

    @classmethod
    def open(cls, path: str | Path) -> ResultsDir:
        """Check that ``path`` holds newsmill results and read its report.

        Raises :class:`~newsmill.errors.InputError` (exit 2) when it does not.
        """
        path = Path(path)
        if not path.is_dir():
            raise InputError(str(path), "no such results directory")
        report_file = path / REPORT
        if not report_file.is_file():
            raise InputError(str(path), f"not a newsmill results directory (no {REPORT})")
        try:
            report = json.loads(report_file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(str(report_file), f"malformed JSON ({error})") from None
        if not isinstance(report, dict) or not isinstance(report.get("counts"), dict):
            raise InputError(str(report_file), "not a newsmill report (no counts)")
        return cls(path, report)

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
        file = self.path / name
        if not file.is_file():
            raise InputError(str(file), "missing from the results directory")
        with file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise InputError(str(file), "malformed JSON", number) from None
                if not isinstance(record, dict):
                    raise InputError(str(file), "not a JSON object", number)
                yield record
