"""Translation coverage of a results directory, counted from the article records.

The translation stage marks the articles it was asked to translate with
``translated`` (and ``translation_model`` or ``translation_reason``); the
others carry no such field. A run without the stage has no marked article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..results.read import ResultsDir


@dataclass
class Coverage:
    """How many articles were translated, by which model, and why the rest were not."""

    translated: int = 0
    untranslated: int = 0
    not_applicable: int = 0
    models: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def ran(self) -> bool:
        """Whether any article was marked by the translation stage."""
        return bool(self.translated or self.untranslated)


def model_name(model: Any) -> str:
    """A readable name for a ``translation_model`` value (a dict or a plain string)."""
    if isinstance(model, dict):
        pair = f" ({model.get('source')}→{model.get('target')})" if model.get("source") else ""
        return f"{model.get('name', '?')} {model.get('version', '')}".strip() + pair
    return str(model)


def gather_coverage(results: ResultsDir) -> Coverage:
    """Count every article of the run by its translation fields."""
    coverage = Coverage()
    for record in results.every_article():
        translated = record.get("translated")
        if translated is True:
            coverage.translated += 1
            coverage.models[model_name(record.get("translation_model"))] += 1
        elif translated is False:
            coverage.untranslated += 1
            coverage.reasons[record.get("translation_reason") or "no reason given"] += 1
        else:
            coverage.not_applicable += 1
    return coverage
