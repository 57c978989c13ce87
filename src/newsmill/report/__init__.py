"""The HTML report of a results directory: ``newsmill report`` and ``run --report``.

Built from the files of the results directory alone, so that it works on any
earlier run's outputs, and written as one self-contained file (inline CSS and
SVG, no script, no network) that opens offline::

    from newsmill.report import write_report

    write_report("out/", "out/report.html")
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError
from ..results.read import ResultsDir
from .gather import Limits, gather_report
from .mark import REPORT_MARK
from .page import render_page

__all__ = ["Limits", "check_report_path", "render_report", "write_report"]


def render_report(results_dir: str | Path, limits: Limits = Limits()) -> str:
    """The HTML report of ``results_dir`` as a string."""
    return render_page(gather_report(ResultsDir.open(results_dir), limits))


def check_report_path(path: str | Path) -> None:
    """Refuse, before any work is done, a report path that cannot become a file, or
    that holds a file other than a previous newsmill report (a mistyped ``--report``
    must not replace a dump)."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path}: is a directory; give the report a file name such as report.html")
    if path.exists() and not _is_report(path):
        raise UsageError(f"{path}: refusing to replace a file that is not a newsmill report")


def _is_report(path: Path) -> bool:
    with path.open("rb") as file:
        return REPORT_MARK.encode() in file.read(1024)


def write_report(results_dir: str | Path, path: str | Path, limits: Limits = Limits()) -> None:
    """Write the report of ``results_dir`` to ``path`` atomically (a temporary
    sibling renamed into place), so a failed render leaves no half page."""
    check_report_path(path)
    target = Path(path)
    html = render_report(results_dir, limits)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with staging.open("w", encoding="utf-8", newline="\n") as file:
            file.write(html)
        os.replace(staging, target)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
