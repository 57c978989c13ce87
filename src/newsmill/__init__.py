"""newsmill: clean multilingual news corpora.

The library API mirrors ``newsmill run``::

    import newsmill

    results = newsmill.clean(["dumps/"])            # paths, or article dicts
    results.write("out/")                           # the results directory

See :func:`newsmill.pipeline.clean`, :class:`newsmill.config.Config` and the
record contract in :mod:`newsmill.record`.
"""

from importlib.metadata import PackageNotFoundError, version

from .config import Config
from .errors import InputError, NewsmillError, UsageError
from .pipeline import Results, clean
from .record import Article

try:
    __version__ = version("newsmill")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

__all__ = ["Article", "Config", "InputError", "NewsmillError", "Results", "UsageError", "clean"]
