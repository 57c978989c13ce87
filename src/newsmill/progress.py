"""Progress bars on stderr for the stages that take a while.

Stages take a :class:`Progress` and wrap their loops in :meth:`Progress.track`,
or report amounts with :meth:`Progress.counting` (bytes read, texts sketched);
the library default, :data:`SILENT`, passes items through untouched. The CLI
opens :func:`progress_bars`, which draws rich bars (description, bar, count
done of total, rate, elapsed time and, for a known total, time remaining) on
stderr only when stderr is a terminal and ``--quiet`` is not given, so piped
or logged runs stay clean and stdout never carries anything but data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from rich import filesize
from rich.console import Console
from rich.progress import (
    BarColumn,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

T = TypeVar("T")
BYTES = "bytes"

#: Redraws per bar at most, when amounts arrive in many small steps (lines read).
UPDATES_PER_BAR = 1000


def _ignore(amount: int) -> None:
    """Count nothing."""


class Progress:
    """Reports nothing: the progress of library calls and of quiet or piped runs."""

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        """Yield ``items``; ``description`` names the step, ``total`` the count expected (``None``: unknown)."""
        yield from items

    @contextlib.contextmanager
    def counting(self, description: str, total: int, unit: str = "") -> Iterator[Callable[[int], None]]:
        """A step done in amounts of ``total`` (in ``unit``, e.g. :data:`BYTES`): call the
        function yielded with each amount done. The bar is full when the block ends."""
        yield _ignore

    @contextlib.contextmanager
    def busy(self, description: str, size: int) -> Iterator[None]:
        """Mark a step that cannot report progress from inside (``size`` items go in)."""
        yield


SILENT = Progress()


class CountColumn(ProgressColumn):
    """Done of total: ``1,204/20,000`` items, or ``12.3/98.8 MB`` for a bar in bytes."""

    def render(self, task: Task) -> Text:
        if task.fields.get("unit") == BYTES:
            total = filesize.decimal(int(task.total)) if task.total is not None else "?"
            return Text(f"{filesize.decimal(int(task.completed))}/{total}", style="progress.download")
        total = f"{int(task.total):,}" if task.total is not None else "?"
        return Text(f"{int(task.completed):,}/{total}", style="progress.download")


def average_rate(task: Task) -> float | None:
    """Items (or bytes) per second since the bar started. Work arrives in chunks from the
    workers, several at once, so rich's rate over the last few samples can read a
    thousand times too fast; the average over the elapsed time does not."""
    elapsed = task.finished_time if task.finished else task.elapsed
    return task.completed / elapsed if elapsed and task.completed else None


class RateColumn(ProgressColumn):
    """Items (or bytes) per second since the bar started."""

    def render(self, task: Task) -> Text:
        speed = average_rate(task)
        if not speed:
            return Text("-/s", style="progress.data.speed")
        shown = filesize.decimal(int(speed)) if task.fields.get("unit") == BYTES else f"{speed:,.0f}"
        return Text(f"{shown}/s", style="progress.data.speed")


class RemainingColumn(ProgressColumn):
    """Time remaining at the average rate so far; blank while the total is unknown."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        speed = average_rate(task)
        if task.finished or not speed:
            return Text("-:--" if not task.finished else "00:00", style="progress.remaining")
        minutes, seconds = divmod(int((task.total - task.completed) / speed), 60)
        hours, minutes = divmod(minutes, 60)
        shown = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
        return Text(shown, style="progress.remaining")


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
    def counting(self, description: str, total: int, unit: str = "") -> Iterator[Callable[[int], None]]:
        task = self._bars.add_task(description, total=total, unit=unit)
        step = max(1, total // UPDATES_PER_BAR)
        pending = 0

        def advance(amount: int) -> None:
            nonlocal pending
            pending += amount
            if pending >= step:
                self._bars.advance(task, pending)
                pending = 0

        yield advance
        self._bars.update(task, completed=total)

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
        CountColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        RemainingColumn(),
    )
    with RichProgress(*columns, console=console) as bars:
        yield Bars(bars)
