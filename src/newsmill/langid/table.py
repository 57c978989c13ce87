"""Rows for 64-bit keys, looked up for a whole array of keys at once: langid's caches.

The scorer looks up every word occurrence of a batch (tens of thousands)
by its 64-bit id, and langid every paragraph by its hash. A Python
``dict`` needs one call per key, and sorting the keys first (``np.unique``)
to look each distinct key up once costs ``O(n log n)``; this table takes
a few numpy passes over the keys.

Open addressing with linear probing: key ``k`` lives in the first free
slot from ``home(k)`` on, ``home(k)`` being the top bits of ``k · M``
(Fibonacci hashing, ``M`` = 2^64 / golden ratio, so that keys with equal
low bits spread too). The slots double whenever more than half would be
full, so a lookup probes about 1.5 slots on average (the keys met first,
a text's common words, mostly sit in their home slot). A lookup
runs every pending key's probe as one vector step: keys found or met by an
empty slot leave, the others move to the next slot.

A key's row is its number in order of arrival: the caller keeps its values
at that row of its own arrays. When new keys would take the table past its
capacity it starts again, empty, and numbers them from 0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: Fibonacci hashing's multiplier, 2^64 divided by the golden ratio (odd).
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
#: The row of an empty slot, and of a key not in the table.
EMPTY = -1
#: Slots of a new table.
MIN_SLOTS = 1024


class KeyRows:
    """``uint64`` keys → rows ``0, 1, ...`` in order of arrival (a batch's new keys in increasing
    order), for up to ``capacity`` keys."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._make_slots(MIN_SLOTS)

    def _make_slots(self, count: int) -> None:
        """``count`` empty slots (a power of two), the table empty."""
        self._shift = np.uint64(64 - count.bit_length() + 1)
        self._mask = count - 1
        self._keys = np.zeros(count, dtype=np.uint64)
        self._rows = np.full(count, EMPTY, dtype=np.int64)
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def _home(self, keys: np.ndarray) -> np.ndarray:
        """Each key's home slot: the top bits of ``key · M`` (wrapping, as ``uint64`` does)."""
        return ((keys * _GOLDEN) >> self._shift).astype(np.int64)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The row of each of ``keys`` (``uint64``), ``EMPTY`` for a key not in the table."""
        slots = self._home(keys)
        found = self._rows[slots]
        hit = self._keys[slots] == keys  # (an empty slot's row is EMPTY, whatever its key)
        rows = np.where(hit, found, EMPTY)
        pending = np.flatnonzero((found != EMPTY) & ~hit)
        slots = slots[pending]
        while len(pending):
            slots = (slots + 1) & self._mask
            found = self._rows[slots]
            hit = self._keys[slots] == keys[pending]
            rows[pending[hit]] = found[hit]
            going_on = (found != EMPTY) & ~hit
            pending, slots = pending[going_on], slots[going_on]
        return rows

    def rows(self, keys: np.ndarray, fill: Callable[[np.ndarray, int], None]) -> np.ndarray:
        """The row of each of ``keys`` (``uint64``), adding the keys not in the table.

        fill: called as ``fill(at, start)`` when keys are added: ``at`` holds
            the position in ``keys`` of one occurrence of each new key, in the
            order of their rows, ``start`` the row of the first (0 when the
            table started again); it stores their values at those rows.
        """
        rows = self.find(keys)
        missing = np.flatnonzero(rows == EMPTY)
        if not len(missing):
            return rows
        new, first, inverse = np.unique(keys[missing], return_index=True, return_inverse=True)
        if self.size + len(new) > self.capacity:  # start again (all of these keys, however many)
            self._make_slots(MIN_SLOTS)
            missing = np.arange(len(keys))
            new, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        start = self.size
        fill(missing[first], start)
        if 2 * (start + len(new)) > len(self._rows):
            held = np.flatnonzero(self._rows != EMPTY)
            old_keys, old_rows = self._keys[held], self._rows[held]
            self._make_slots(1 << (2 * (start + len(new)) - 1).bit_length())
            self._insert(old_keys, old_rows)
        self._insert(new, np.arange(start, start + len(new)))
        rows[missing] = start + inverse
        return rows

    def _insert(self, keys: np.ndarray, rows: np.ndarray) -> None:
        """Put distinct ``keys``, none in the table yet, with their ``rows``.

        Each pending key probes its slot; of the keys that find the same free
        slot, the first takes it and the others probe it again next step.
        """
        pending = np.arange(len(keys))
        slots = self._home(keys)
        while len(pending):
            free = self._rows[slots] == EMPTY
            taken, first = np.unique(slots[free], return_index=True)
            placed = np.flatnonzero(free)[first]
            self._keys[taken] = keys[pending[placed]]
            self._rows[taken] = rows[pending[placed]]
            slots[~free] = (slots[~free] + 1) & self._mask
            left = np.ones(len(pending), dtype=bool)  # the losers keep their slot, to find it taken next step
            left[placed] = False
            pending, slots = pending[left], slots[left]
        self.size += len(keys)


def grown(values: np.ndarray, rows: int) -> np.ndarray:
    """``values`` with room for ``rows`` rows (along its first axis): itself when it has them,
    else a copy at least twice as long, zeros after ``values``."""
    if rows <= len(values):
        return values
    more = np.zeros((max(rows, 2 * len(values)), *values.shape[1:]), dtype=values.dtype)
    more[: len(values)] = values
    return more
