"""Precision and recall of ``--strip-junk``'s rules on annotated example lines.

``tests/data/junk/lines.tsv`` holds one line per row: the rule expected to
fire (or ``keep``), a tab, the line. A line counts as found when a rule
fires, and as correct when the rule is the expected one.

precision = correct / lines a rule fired on, recall = correct / junk lines.

Usage::

    python benchmarks/junk_quality.py [FILE]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from newsmill.boilerplate.junk import RULES, junk_rule

DATA_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "junk" / "lines.tsv"
KEEP = "keep"


def load_labelled(path: Path = DATA_FILE) -> list[tuple[str, str]]:
    """``(expected rule or "keep", line)`` for every row; ``#`` rows are comments."""
    rows = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.startswith("#"):
            label, line = row.split("\t", 1)
            rows.append((label, line))
    return rows


def confusion(rows: list[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """Counts of ``(expected, fired)`` pairs, ``fired`` being ``keep`` when no rule fires."""
    return Counter((label, junk_rule(line) or KEEP) for label, line in rows)


def precision_recall(counts: Counter[tuple[str, str]], rule: str | None = None) -> tuple[float, float]:
    """Precision and recall of one rule, or of all rules together (``None``)."""
    rules = (rule,) if rule else RULES
    fired = sum(n for (_, got), n in counts.items() if got in rules)
    junk = sum(n for (label, _), n in counts.items() if label in rules)
    correct = sum(n for (label, got), n in counts.items() if got in rules and label == got)
    return (correct / fired if fired else 1.0), (correct / junk if junk else 1.0)


def main(argv: list[str]) -> None:
    rows = load_labelled(Path(argv[0]) if argv else DATA_FILE)
    counts = confusion(rows)
    print(f"{len(rows)} lines, {sum(label != KEEP for label, _ in rows)} of them junk")
    print(f"{'rule':<13} {'precision':>9} {'recall':>7}")
    for rule in (*RULES, None):
        precision, recall = precision_recall(counts, rule)
        print(f"{rule or 'all':<13} {precision:>9.3f} {recall:>7.3f}")
    for (label, got), n in sorted(counts.items()):
        if label != got:
            print(f"  expected {label}, got {got}: {n}")


if __name__ == "__main__":
    main(sys.argv[1:])
