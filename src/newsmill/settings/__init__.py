"""Settings by stage: one frozen section per stage, each field declared once with its option metadata.

:class:`newsmill.config.Config` gathers the sections; :mod:`newsmill.cli`
builds its options and the README's options table from the same fields.
"""

from .base import OPTION, Option, Section, SettingError, option_of, setting
from .sections import (
    BoilerplateSettings,
    DedupeSettings,
    HookSettings,
    IngestSettings,
    OutputSettings,
    StorySettings,
    TranslateSettings,
    WorkerSettings,
)

__all__ = [
    "OPTION",
    "BoilerplateSettings",
    "DedupeSettings",
    "HookSettings",
    "IngestSettings",
    "Option",
    "OutputSettings",
    "Section",
    "SettingError",
    "StorySettings",
    "TranslateSettings",
    "WorkerSettings",
    "option_of",
    "setting",
]
