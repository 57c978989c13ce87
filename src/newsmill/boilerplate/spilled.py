"""Byte strings kept in a temporary file instead of memory, read back by row where needed.

The boilerplate stage's near search (:func:`newsmill.boilerplate.near.near_groups_in`)
reads each short paragraph twice: once to sketch it, once to check its candidate
pairs on shingle sets made again. Fetching the paragraphs out of the articles
each time cost the workers as much as the work itself (at 1,000,000 generated
articles 58 CPU seconds: random reads across a 7 GB heap, each touching an
article's objects), and keeping them in memory would add about 1 GB to the
run's peak, which falls in the same step. So the paragraph hashing writes the
normal forms of those paragraphs to a :class:`Spilled` file, the sketching
writes their skeletons to another, and the workers read back the rows they
need with ``os.pread``. The files are in ``tempfile``'s directory (``TMPDIR``)
and deleted when the stage ends; the operating system's page cache, not the
run's heap, holds them.
"""

from __future__ import annotations

import os
import tempfile
from types import TracebackType
from typing import Any

import numpy as np

#: Bytes between two rows read at once rather than with a read each (a read costs about 0.8 µs).
GAP = 4096


class Spilled:
    """Rows of bytes appended in order to a temporary file, then read back by row number.

    Use as a context manager (the file is deleted on leaving it): :meth:`append` rows,
    :meth:`seal`, then :meth:`rows` in this process or in others; pickled (for processes
    not forked from this one), it is the file's path and the rows' offsets.
    """

    def __init__(self) -> None:
        self._file: Any = tempfile.NamedTemporaryFile(prefix="newsmill-", suffix=".rows")  # noqa: SIM115 - closed by __exit__
        self.path = self._file.name
        self._sizes: list[np.ndarray] = []
        #: Where each row begins in the file, then its end (set by :meth:`seal`).
        self.starts = np.zeros(1, dtype=np.int64)

    def __enter__(self) -> Spilled:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "starts": self.starts}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path, self.starts = state["path"], state["starts"]
        self._file, self._sizes = None, []

    def append(self, joined: bytes, sizes: np.ndarray) -> None:
        """Append rows given end to end: ``joined``, cut after ``sizes[0]``, ``sizes[0] + sizes[1]``, ... bytes."""
        if int(np.sum(sizes)) != len(joined):
            raise ValueError(f"rows of {int(np.sum(sizes))} bytes in all, given {len(joined)} bytes")
        self._file.write(joined)
        self._sizes.append(np.asarray(sizes, dtype=np.int64))

    def seal(self) -> None:
        """End the writing: the rows appended so far are those read."""
        self._file.flush()
        self.starts = np.concatenate(([0], np.cumsum(np.concatenate([np.zeros(0, np.int64), *self._sizes]))))
        self._sizes = []

    def rows(self, numbers: np.ndarray) -> list[bytes]:
        """The rows at ``numbers``, in that order. Rows that lie close together in the file (less
        than ``GAP`` bytes apart) are read with one ``os.pread``: a chunk of the near search reads
        one stretch, a checking task one read per row or run of rows. (A mapping of the file made
        for each call cost a page fault per row scattered through it, 3.6 µs against 0.8 µs for a
        read, and one kept would count the pages read in the process's resident memory.)"""
        numbers = np.asarray(numbers, dtype=np.int64)
        order = np.argsort(self.starts[numbers], kind="stable")
        begins, ends = self.starts[numbers[order]], self.starts[numbers[order] + 1]
        reach = np.maximum.accumulate(ends) if len(ends) else ends
        opens = np.ones(len(begins), dtype=bool)
        opens[1:] = begins[1:] > reach[:-1] + GAP
        span_of = np.cumsum(opens) - 1
        span_begins = begins[opens]
        span_ends = reach[np.append(np.flatnonzero(opens)[1:] - 1, len(begins) - 1)] if len(begins) else ends
        with open(self.path, "rb", buffering=0) as file:
            spans = [
                os.pread(file.fileno(), end - begin, begin)
                for begin, end in zip(span_begins.tolist(), span_ends.tolist(), strict=True)
            ]
        found: list[bytes] = [b""] * len(numbers)
        within = (begins - span_begins[span_of]).tolist()
        sizes = (ends - begins).tolist()
        for at, span, start, size in zip(order.tolist(), span_of.tolist(), within, sizes, strict=True):
            found[at] = spans[span][start : start + size]
        return found
