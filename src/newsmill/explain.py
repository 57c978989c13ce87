"""``newsmill explain``: why one article was kept, dropped or changed.

Read from a results directory, like the report, so it answers for any
earlier run: the article's cluster and the similarity to the kept article,
every checked pair it was part of (including those below the threshold),
each paragraph stripped from it with how often that paragraph recurs, and
what translation did with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .report.coverage import model_name
from .results.read import ResultsDir, location
from .text import text_hash


@dataclass
class Explanation:
    """Everything the results directory records about one article."""

    id: str
    article: dict[str, Any]
    threshold: float | None
    keep: str | None
    cluster: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    exact: bool = False
    dry_run: bool = False

    @property
    def kept(self) -> bool:
        return self.article.get("duplicate_of") is None

    def to_json(self) -> dict[str, Any]:
        """The explanation as one JSON object (``newsmill explain --json``)."""
        return {
            "id": self.id,
            "status": "dry run" if self.dry_run else "kept" if self.kept else "dropped",
            "cluster": self.article.get("cluster", self.id),
            "duplicate_of": self.article.get("duplicate_of"),
            "similarity": self.article.get("similarity"),
            "exact": self.exact,
            "threshold": self.threshold,
            "cluster_members": self.cluster,
            "pairs": self.pairs,
            "removed": self.removed,
            "article": self.article,
        }


def explain(article_id: str, results_dir: str | Path) -> Explanation:
    """Gather what ``results_dir`` records about ``article_id``.

    Raises :class:`~newsmill.errors.InputError` (exit 2) when no article of
    the run has that id. A dry run records only the removed paragraphs, so
    its explanation is those of the article's.
    """
    results = ResultsDir.open(results_dir)
    if results.dry_run:
        return _explain_dry_run(article_id, results)
    article = next((r for r in results.every_article() if r.get("id") == article_id), None)
    if article is None:
        raise InputError(
            str(results.path),
            f"no article with id {article_id!r} (ids are in articles.jsonl and duplicates.jsonl)",
        )
    config = results.report.get("config", {})
    cluster_id = article.get("cluster", article_id)
    kept_id = article.get("duplicate_of")
    kept_text = next((r.get("text", "") for r in results.articles() if r.get("id") == kept_id), None)
    return Explanation(
        id=article_id,
        article=article,
        threshold=results.threshold,
        keep=config.get("keep"),
        cluster=[
            {"id": r["id"], "similarity": r.get("similarity")}
            for r in results.duplicates()
            if r.get("cluster") == cluster_id
        ],
        pairs=[
            {
                "other": p["b"] if p["a"] == article_id else p["a"],
                "similarity": p["similarity"],
                "exact": p.get("exact", False),
                "duplicate": p.get("duplicate", False),
            }
            for p in results.pairs()
            if article_id in (p["a"], p["b"])
        ],
        removed=[r for r in results.removed() if r.get("article") == article_id],
        exact=kept_text is not None and text_hash(kept_text) == text_hash(article.get("text", "")),
    )


def _explain_dry_run(article_id: str, results: ResultsDir) -> Explanation:
    removed = [r for r in results.removed() if r.get("article") == article_id]
    if not removed:
        raise InputError(
            str(results.path),
            f"no paragraph of {article_id!r} would be removed; a dry run records nothing else "
            "(rerun without --dry-run to explain its article)",
        )
    return Explanation(article_id, {"id": article_id}, results.threshold, None, removed=removed, dry_run=True)


def explanation_lines(explanation: Explanation) -> Iterator[str]:
    """The explanation for people, one fact per line."""
    article = explanation.article
    if explanation.dry_run:
        yield f"{explanation.id}: dry run: {len(explanation.removed)} paragraphs would be removed"
        yield from _removal_lines(explanation)
        return
    yield f"{explanation.id}: {_verdict(explanation)}"
    if article.get("title"):
        yield f"  title: {article['title']}"
    source = article.get("source") or {}
    if source:
        yield f"  source: {location(source)}"
    yield f"  language: {article.get('lang')} (probability {article.get('lang_prob')})"
    yield from _cluster_lines(explanation)
    yield from _pair_lines(explanation)
    yield from _removal_lines(explanation)
    yield f"  translation: {_translation(article)}"


def _verdict(explanation: Explanation) -> str:
    article = explanation.article
    removed = len(explanation.removed)
    changed = f", {removed} paragraph{'s' if removed != 1 else ''} removed" if removed else ", unchanged"
    if explanation.kept:
        return f"kept{changed}"
    similarity = article.get("similarity")
    copy = "an exact copy" if explanation.exact else "a near duplicate"
    return (
        f"dropped as {copy} of {article.get('duplicate_of')} "
        f"(similarity {similarity}, threshold {explanation.threshold}){changed}"
    )


def _cluster_lines(explanation: Explanation) -> Iterator[str]:
    article = explanation.article
    members = explanation.cluster
    if explanation.kept and not members:
        yield "  cluster: none (no other article reached the threshold)"
        return
    kept_id = explanation.id if explanation.kept else article.get("duplicate_of")
    yield (
        f"  cluster: {len(members) + 1} articles; {kept_id} kept by --keep {explanation.keep}; "
        "dropped, with similarity to the kept article:"
    )
    for member in members:
        this = "  (this article)" if member["id"] == explanation.id else ""
        yield f"    {member['id']}  {member['similarity']}{this}"


def _pair_lines(explanation: Explanation) -> Iterator[str]:
    if not explanation.pairs:
        return
    yield f"  pairs checked (threshold {explanation.threshold}):"
    for pair in sorted(explanation.pairs, key=lambda p: -p["similarity"]):
        verdict = "exact copy" if pair["exact"] else ("duplicate" if pair["duplicate"] else "below threshold")
        yield f"    {pair['other']}  {pair['similarity']}  {verdict}"


def _removal_lines(explanation: Explanation) -> Iterator[str]:
    if not explanation.removed:
        yield "  boilerplate: nothing removed"
        return
    yield "  boilerplate removed:"
    for removal in explanation.removed:
        yield (
            f"    {_quote(removal.get('text', ''))}  {removal.get('reason')}, "
            f"{removal.get('count')} times in the corpus, at {location(removal)}"
        )


def _quote(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _translation(article: dict[str, Any]) -> str:
    if article.get("translated") is True:
        model = model_name(article.get("translation_model"))
        return f"translated from {article.get('lang_original')} by {model}"
    if article.get("translated") is False:
        return f"not translated: {article.get('translation_reason')}"
    return "not translated (translation did not run, or the article was not in its source language)"
