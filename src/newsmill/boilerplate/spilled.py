"""Byte strings kept in a temporary file instead of memory, read back by row where needed.

The near search (:func:`newsmill.boilerplate.near.near_groups`) sketches every
paragraph that takes part, then checks its candidate pairs on shingle sets
made again from the paragraphs' skeletons. Fetching those paragraphs a second
time out of the articles cost the checking processes as much as making the
sets (at 1,000,000 generated articles 29 of 66 CPU seconds: random reads across
a 7 GB heap, each touching an article's objects), and keeping the 3.7 million
skeletons (about 260 bytes each) in memory would add about 1 GB to the run's
peak, which falls in the same step. So the skeletons are written to a
:class:`Spilled` file as the sketching processes hand them back, and the
checking processes map the file and read each task's rows in the order they
lie there. The file is unnamed on disk once closed (``tempfile``'s directory,
``TMPDIR``); the operating system's page cache, not the run's heap, holds it.
"""

from __future__ import annotations

import mmap
import tempfile
from types import TracebackType
from typing import Any

import numpy as np


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
        """The rows at ``numbers`` (ascending reads the file in order). The file is mapped for the
        call only: the pages a mapping has read count in the process's resident memory."""
        begins, ends = self.starts[numbers].tolist(), self.starts[numbers + 1].tolist()
        if self.starts[-1] == 0:  # mmap refuses an empty file
            return [b""] * len(begins)
        with open(self.path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return [data[begin:end] for begin, end in zip(begins, ends, strict=True)]
