"""Runs laid end to end in one array (a ragged array): the positions of their members.

Sets of shingles, buckets of band keys and the later partners of each member
of a bucket are all runs of varying length held in one flat array; these
two functions turn the runs' starts and lengths into positions without a
Python loop.
"""

from __future__ import annotations

import numpy as np


def offsets_in_runs(counts: np.ndarray) -> np.ndarray:
    """``0, 1, ..., counts[k] - 1`` for every ``k``, end to end (``counts.sum()`` values)."""
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


def ragged_positions(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``starts[k], starts[k] + 1, ..., starts[k] + counts[k] - 1`` for every ``k``, end to end:
    where the runs of ``counts`` members starting at ``starts`` lie."""
    return np.repeat(starts, counts) + offsets_in_runs(counts)
