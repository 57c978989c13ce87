"""Errors of the translation stage, each with a message a user can act on.

argos reports its own failures as a bare ``Exception``, an ``AttributeError``,
a log line or a ``RecursionError`` after a minute; newsmill checks the
conditions first and raises one of these instead. They are newsmill errors
(:class:`newsmill.errors.NewsmillError`), so the CLI prints their one-line
message and exits 2, without a traceback: each is a problem the user fixes
(a missing model, a bad file, no network).
"""

from __future__ import annotations

from newsmill.errors import EXIT_INPUT, NewsmillError


class TranslationError(NewsmillError):
    """Base class: something the translation stage cannot do, and why."""

    exit_code = EXIT_INPUT


class ModelNotInstalled(TranslationError):
    """No installed argos package translates the requested language pair."""


class InvalidModelFile(TranslationError):
    """A file given to ``models install`` is not an argos package."""


class ModelIndexUnavailable(TranslationError):
    """argos's package index (or a package download) cannot be reached."""
