"""newsmill: clean multilingual news corpora.

The library API mirrors ``newsmill run``::

    import newsmill

    results = newsmill.clean(["dumps/"])            # paths, or article dicts
    results.write("out/")                           # the results directory

and the pre-commit hooks, with the same rules::

    review = newsmill.check(["news/new.txt"], root="corpus")   # default: the staged files
    for finding in review.findings:
        print(finding.line())
    newsmill.fix(["news/new.txt"], root="corpus")              # rewrites, logs in .newsmill/

    with newsmill.open_index(None, root, config) as index:     # the index, closed at the end
        newsmill.check(paths, root=root, config=config, index=index)

See :func:`newsmill.pipeline.clean`, :mod:`newsmill.hook`, :class:`newsmill.config.Config` and the
record contract in :mod:`newsmill.record`.
"""

from importlib.metadata import PackageNotFoundError, version

from .config import Config
from .errors import InputError, NewsmillError, UsageError
from .hook import check, fix
from .index import open_index
from .pipeline import Results, clean
from .record import Article

try:
    __version__ = version("newsmill")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

__all__ = [
    "Article",
    "Config",
    "InputError",
    "NewsmillError",
    "Results",
    "UsageError",
    "check",
    "clean",
    "fix",
    "open_index",
]
