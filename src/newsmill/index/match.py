"""Find which of a batch of articles duplicate indexed articles, or each other.

Used by both sides of the index: an update labels each new article with
its duplicate *family*, and a check reports the duplicates it finds.
Indexed candidates come from the index's LSH band keys and are verified
with the exact Jaccard similarity of the shingle sets, as
:mod:`newsmill.dedupe` verifies its candidates (duplicates within the batch
are left to :func:`newsmill.dedupe.find_pairs` itself).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..config import Config
from ..dedupe.sketch import Sketch, sketch
from ..hashing.shingles import jaccard, shingle_set
from ..record import Article
from .base import Index
from .schema import IndexedArticle
from .texts import CommittedTexts


@dataclass(frozen=True)
class IndexedMatch:
    """The indexed article a batch article duplicates, and their similarity (1.0 for an exact copy)."""

    article: IndexedArticle
    similarity: float
    exact: bool


def sketch_articles(articles: Sequence[Article], index: Index) -> Sketch:
    """The dedupe :class:`~newsmill.dedupe.sketch.Sketch` of the articles' texts, with the
    index's spec: the exact keys and band keys the index stores and is queried with."""
    return sketch([a.text for a in articles], index.params.spec)


def band_keys_of(sketched: Sketch, number: int) -> tuple[int, ...]:
    """The band keys of the ``number``-th text of ``sketched`` (none for a text without words)."""
    return tuple(sketched.keys[number].tolist()) if sketched.has_words[number] else ()


def path_of(key: str) -> str:
    """The file of an indexed article key ``path#k``."""
    return key.rsplit("#", 1)[0]


def indexed_matches(
    articles: Sequence[Article],
    sketched: Sketch,
    index: Index,
    exclude: Collection[str],
    texts: CommittedTexts,
    config: Config,
) -> list[IndexedMatch | None]:
    """For each article, the most similar indexed article at or above ``config.threshold``
    (ties: the first key), leaving out the indexed files in ``exclude``."""
    found: list[IndexedMatch | None] = []
    for number, article in enumerate(articles):
        bands = band_keys_of(sketched, number)
        if not bands:
            found.append(None)
            continue
        exact = int(sketched.exact[number])
        keys = {k for k in index.candidates(bands) if path_of(k) not in exclude}
        candidates = index.articles(keys)
        texts.load({c.path for c in candidates if c.content_hash != exact})
        best: IndexedMatch | None = None
        shingles = None
        for candidate in candidates:
            if candidate.content_hash == exact:
                match = IndexedMatch(candidate, 1.0, True)
            else:
                shingles = shingles if shingles is not None else shingle_set(article.text, config.ngram)
                similarity = jaccard(shingles, shingle_set(texts.text(candidate), config.ngram))
                match = IndexedMatch(candidate, round(similarity, 4), False)
            if match.similarity >= config.threshold and (best is None or match.similarity > best.similarity):
                best = match
        found.append(best)
    return found
