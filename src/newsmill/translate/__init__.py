"""Offline translation of articles with argos packages: batched, cached, honest when no model is there.

Entry point: :func:`translate_articles`. Models are argos packages managed
with :func:`installed_models`, :func:`install_model_file`,
:func:`install_model_for_pair` and :func:`remove_model`; sentence
translations are cached in a :class:`TranslationCache`.
"""

from newsmill.translate.batch import BatchTranslator
from newsmill.translate.cache import CacheStats, TranslationCache, default_cache_dir
from newsmill.translate.errors import (
    InvalidModelFile,
    ModelIndexUnavailable,
    ModelNotInstalled,
    TranslationError,
)
from newsmill.translate.models import (
    InstalledModel,
    find_model,
    install_hint,
    install_model_file,
    install_model_for_pair,
    installed_models,
    packages_dir,
    remove_model,
)
from newsmill.translate.stage import TranslationSummary, translate_articles

__all__ = [
    "BatchTranslator",
    "CacheStats",
    "InstalledModel",
    "InvalidModelFile",
    "ModelIndexUnavailable",
    "ModelNotInstalled",
    "TranslationCache",
    "TranslationError",
    "TranslationSummary",
    "default_cache_dir",
    "find_model",
    "install_hint",
    "install_model_file",
    "install_model_for_pair",
    "installed_models",
    "packages_dir",
    "remove_model",
    "translate_articles",
]
