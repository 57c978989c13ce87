"""Boundary precision and recall of newsmill's splitter on annotated example dumps.

The dumps in ``tests/data/split/`` carry annotation lines (``>>> note``)
before the first line of every article (see that folder's README). They are
removed, the dumps are split together as one corpus, and the article start
lines the splitter finds are compared with the annotated ones:

precision = correct starts / starts found, recall = correct starts / annotated starts.

Usage::

    python benchmarks/split_quality.py [DIR]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from newsmill.split import SignatureStats, split_dump

DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "split"
MARK = ">>> "


@dataclass(frozen=True)
class AnnotatedDump:
    """A dump without its annotation lines, and the 1-based lines where articles start."""

    name: str
    lines: list[str]
    starts: frozenset[int]


@dataclass(frozen=True)
class Score:
    """Starts found, annotated, and found correctly."""

    found: int
    annotated: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.annotated if self.annotated else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.found + other.found, self.annotated + other.annotated, self.correct + other.correct)


def load_annotated(path: Path) -> AnnotatedDump:
    """Read one annotated dump: a ``>>>`` line marks the next non-blank line as a start."""
    lines: list[str] = []
    starts: set[int] = set()
    pending = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(MARK):
            pending = True
            continue
        lines.append(line)
        if pending and line.strip():
            starts.add(len(lines))
            pending = False
    return AnnotatedDump(path.name, lines, frozenset(starts))


def score_dumps(dumps: list[AnnotatedDump]) -> dict[str, Score]:
    """Split the dumps as one corpus; the score of each."""
    stats = SignatureStats()
    for dump in dumps:
        stats.scan(dump.name, dump.lines)
    stats.finish()
    scores = {}
    for dump in dumps:
        found = {piece.line_start for piece in split_dump(dump.name, dump.lines, stats)}
        scores[dump.name] = Score(len(found), len(dump.starts), len(found & dump.starts))
    return scores


def score_directory(directory: Path = DATA_DIR) -> dict[str, Score]:
    """Scores of every annotated ``.txt`` dump in ``directory``."""
    return score_dumps([load_annotated(path) for path in sorted(directory.glob("*.txt"))])


def main(argv: list[str]) -> None:
    scores = score_directory(Path(argv[0]) if argv else DATA_DIR)
    total = sum(scores.values(), Score(0, 0, 0))
    print(f"{'dump':<18} {'found':>5} {'gold':>5} {'right':>5} {'precision':>9} {'recall':>7}")
    for name, score in [*scores.items(), ("all", total)]:
        print(
            f"{name:<18} {score.found:>5} {score.annotated:>5} {score.correct:>5} "
            f"{score.precision:>9.3f} {score.recall:>7.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
