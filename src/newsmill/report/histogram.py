"""Similarities of the candidate pairs, binned over [0, 1].

Exact pairs are left out: they are found by hash, not by similarity, and
would only pile up at 1.0. What remains shows whether the threshold sits in
a valley between "different story" and "same story" or cuts through a crowd.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..results.read import ResultsDir

BINS = 20


@dataclass
class Histogram:
    """Counts of candidate-pair similarities in ``len(counts)`` equal bins over [0, 1],
    and how many of the pairs reached the threshold (became duplicates)."""

    counts: list[int]
    duplicates: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts)

    def reached(self, index: int, threshold: float | None) -> bool:
        """Whether bin ``index`` starts at or above ``threshold``: its pairs became duplicates."""
        return threshold is not None and index / len(self.counts) >= threshold - 1e-9

    def add(self, similarity: float) -> None:
        """Count one similarity; 1.0 falls in the last bin, a bin edge in the bin above it."""
        bins = len(self.counts)
        # Rounding first keeps 0.35 * 20 = 6.999... in the bin that starts at 0.35.
        self.counts[min(int(round(similarity * bins, 9)), bins - 1)] += 1


def gather_histogram(results: ResultsDir, bins: int = BINS) -> Histogram:
    """Bin the similarity of every non-exact pair in ``pairs.jsonl``."""
    histogram = Histogram([0] * bins)
    for pair in results.pairs():
        if not pair.get("exact"):
            histogram.add(float(pair["similarity"]))
            histogram.duplicates += bool(pair.get("duplicate"))
    return histogram
