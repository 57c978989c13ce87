"""The ``newsmill`` command: a thin layer over the library API, its options generated from the settings.

:mod:`.app` declares the app and how commands run; :mod:`.options` builds
options from the settings' metadata; :mod:`.pipeline` (``run``, the stage
commands, ``report``, ``explain``), :mod:`.hooks` (``check``, ``fix``,
``index``) and :mod:`.models` (``models``, ``cache``) declare the commands;
:mod:`.docs` writes the README's options table. Exit codes follow
:mod:`newsmill.errors` in every command.
"""

from __future__ import annotations

import sys

from ..errors import stdout_closed
from .app import app

# Importing a module registers its commands; help lists them in this order.
# isort: off
from . import pipeline  # noqa: F401, E402
from . import models  # noqa: F401, E402
from . import hooks  # noqa: F401, E402
# isort: on

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except SystemExit as done:
        code = done.code
    try:
        sys.stdout.flush()  # the last buffered output may meet a closed pipe too
    except BrokenPipeError:
        code = stdout_closed()
    sys.exit(code)
