"""Output paths kept apart from what is read, checked before anything is read or written.

An output that is an input file would overwrite it (``--report dumps/a.txt``);
one inside an input directory is read back by the next run over that
directory (``-o dumps/out`` makes ``newsmill run dumps`` read its own
results); one that holds an input would replace it (``-o .`` around
``./a.txt``). Each is refused with exit 2, naming the option and both paths.
Paths are compared resolved, so ``dumps/../dumps/a.txt`` and symbolic links
count as what they point to.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from .config import Config
from .errors import UsageError
from .ingest.read import STDIN
from .results.write import TEXT_DIR, Layout
from .translate.cache import CACHE_DIR_ENV


def refuse_overlaps(
    protected: Iterable[str | Path], outputs: Mapping[str, str | Path | None], role: str = "input"
) -> None:
    """Raise :class:`~newsmill.errors.UsageError` when an output (option → path;
    ``None``: not given) is one of the ``protected`` paths, lies inside one, or holds one."""
    kept_apart = [(str(path), Path(path).resolve()) for path in protected if str(path) != STDIN]
    for option, given in outputs.items():
        if given is None:
            continue
        target = Path(given).resolve()
        for shown, source in kept_apart:
            if target == source:
                relation = f"is the {role}"
            elif target.is_relative_to(source):
                relation = f"lies inside the {role} directory"
            elif source.is_relative_to(target):
                relation = f"holds the {role}"
            else:
                continue
            raise UsageError(f"{option} {given} {relation} {shown}; write outputs apart from what is read")


def check_run_paths(
    inputs: Iterable[str | Path], config: Config, output: Path | None, report: Path | None = None
) -> None:
    """The outputs of ``newsmill run`` or a stage command against its inputs, and the
    HTML report against the results files it must not replace."""
    cache = {"--cache-dir": config.cache_dir}
    if config.cache_dir is None and config.translate and os.environ.get(CACHE_DIR_ENV):
        cache = {f"${CACHE_DIR_ENV}": os.environ[CACHE_DIR_ENV]}
    if output is not None and str(output) == STDIN:
        raise UsageError(
            "-o - is not a directory: results are written to -o DIR"
            " (a stage command without -o writes its article records on stdout)"
        )
    refuse_overlaps(inputs, {"-o": output, "--report": report, **cache})
    if output is not None and report is not None:
        written = [output / name for name in [*Layout.of(config.to_json()).written(), TEXT_DIR]]
        refuse_overlaps(written, {"--report": report}, role="results file")
