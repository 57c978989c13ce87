"""The main process's objects over a run: the corpus is long-lived, so the garbage collector leaves it alone.

A run holds its articles from ingest to the end, a few tracked objects each.
CPython's cyclic collector walks every tracked object of the oldest
generation in each full collection, and starts one whenever the objects that
survived into it grew by a quarter: at 100,000 generated articles the main
process ran 12 full collections, 7 of them while reading, each slower as the
corpus grew (4.4 s of a run on a loaded machine). The articles hold no
reference cycles, so walking them finds nothing to free; reference counting
frees them when they go.

So the input is read with the collector paused (:func:`collector_paused`, in
:func:`newsmill.ingest.read.read_articles`), and so are the boilerplate stage's
new bodies and removals made (:func:`newsmill.boilerplate.stage.strip_paragraphs`),
and, between stages of a run,
what is alive is moved out of every later collection (:func:`settle`,
``gc.freeze``), which also keeps the collections of the worker processes
forked afterwards from writing to the inherited pages.
Frozen objects are still freed by reference counting when the program drops
them (a run's records hold no cycles); only garbage in reference cycles among
them would stay until the process ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside (reading builds long-lived objects only); what exists on
    leaving is :func:`settle`-d. The collector's previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
    settle()


def settle() -> None:
    """Move every object alive now out of later collections (``gc.freeze``): between stages,
    what is alive is the corpus."""
    gc.freeze()

