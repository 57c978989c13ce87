"""Progress bars on stderr for the stages that take a while.

Stages take a :class:`Progress` and wrap their loops in :meth:`Progress.track`;
the library default, :data:`SILENT`, passes items through untouched. The CLI
opens :func:`progress_bars`, which draws rich bars (description, bar, count
done of total, items per second, elapsed time) on stderr only when stderr is
a terminal and ``--quiet`` is not given, so piped or logged runs stay clean
and stdout never carries anything but data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

T = TypeVar("T")


class Progress:
    """Reports nothing: the progress of library calls and of quiet or piped runs."""

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        """Yield ``items``; ``description`` names the step, ``total`` the count expected (``None``: unknown)."""
        yield from items

    @contextlib.contextmanager
    def busy(self, description: str, size: int) -> Iterator[None]:
        """Mark a step that cannot report progress from inside (``size`` items go in)."""
        yield


SILENT = Progress()


class RateColumn(ProgressColumn):
    """Items per second, as rich measures it over the last few seconds."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "-/s", style="progress.data.speed")


class Bars(Progress):
    """Draws one rich bar per tracked loop."""

    def __init__(self, bars: RichProgress) -> None:
        self._bars = bars

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        task = self._bars.add_task(description, total=total)
        for item in items:
            yield item
            self._bars.advance(task)
        self._bars.update(task, total=self._bars.tasks[task].completed)

    @contextlib.contextmanager
    def busy(self, description: str, size: int) -> Iterator[None]:
        task = self._bars.add_task(description, total=None)
        yield
        self._bars.update(task, total=size, completed=size)


@contextlib.contextmanager
def progress_bars(quiet: bool, console: Console | None = None) -> Iterator[Progress]:
    """Bars on ``console`` (default: stderr) when it is a terminal and not ``quiet``; else :data:`SILENT`."""
    console = console or Console(stderr=True)
    if quiet or not console.is_terminal:
        yield SILENT
        return
    columns = (
        TextColumn("{task.description:<11}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=console) as bars:
        yield Bars(bars)
