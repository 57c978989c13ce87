"""Errors and the exit-code contract shared by every subcommand.

=====  ==================================================================
code   meaning
=====  ==================================================================
0      success
1      findings where a mode asks for them (check mode, ``--require-translation``)
2      usage or input error: one line on stderr naming the file and line
3      internal error: one line plus where to report it (traceback with ``--debug``)
=====  ==================================================================

A reader that closes stdout early (``newsmill split dumps/ | head``) is not an
error: newsmill stops writing and exits 0, as ``head`` expects.
"""

from __future__ import annotations

import os
import sys

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

def stdout_closed() -> int:
    """Point stdout at ``/dev/null`` after its reader closed the pipe, so that
    nothing (Python's flush at exit included) fails on it again; the exit code."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout without a file descriptor (tests) has nothing to redirect
        pass
    finally:
        os.close(devnull)
    return EXIT_OK


ISSUE_TRACKER = "https://github.com/newsmill/newsmill/issues"


class NewsmillError(Exception):
    """Base class of the errors newsmill reports without a traceback."""

    exit_code = EXIT_INTERNAL


class InputError(NewsmillError):
    """Bad input: names the file and, where it applies, the line."""

    exit_code = EXIT_INPUT

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        # raised in a worker process, it is pickled back to the run; its arguments are not ``args``
        return type(self), (self.path, self.message, self.line)


class UsageError(NewsmillError):
    """A bad option or combination of options."""

    exit_code = EXIT_INPUT
