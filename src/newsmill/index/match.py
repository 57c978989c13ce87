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

from datasketch import LeanMinHash

from ..config import Config
from ..dedupe.minhash import signature
from ..dedupe.shingles import jaccard, shingle_set
from ..record import Article
from ..text import text_hash
from .base import Index
from .schema import IndexedArticle, Params, band_keys
from .texts import CommittedTexts


@dataclass(frozen=True)
class Sketch:
    """An article's content hash, MinHash (``None`` without words) and LSH band keys."""

    content_hash: int
    minhash: LeanMinHash | None
    bands: tuple[bytes, ...]


@dataclass(frozen=True)
class IndexedMatch:
    """The indexed article a batch article duplicates, and their similarity (1.0 for an exact copy)."""

    article: IndexedArticle
    similarity: float
    exact: bool


def sketch(article: Article, params: Params) -> Sketch:
    """The :class:`Sketch` of ``article``'s text."""
    text = article.text
    minhash = signature(text, params.ngram, params.num_perm)
    bands = band_keys(minhash, params) if minhash is not None else ()
    return Sketch(text_hash(text), minhash, bands)


def path_of(key: str) -> str:
    """The file of an indexed article key ``path#k``."""
    return key.rsplit("#", 1)[0]


def indexed_matches(
    articles: Sequence[Article],
    sketches: Sequence[Sketch],
    index: Index,
    exclude: Collection[str],
    texts: CommittedTexts,
    config: Config,
) -> list[IndexedMatch | None]:
    """For each article, the most similar indexed article at or above ``config.threshold``
    (ties: the first key), leaving out the indexed files in ``exclude``."""
    found: list[IndexedMatch | None] = []
    for article, sk in zip(articles, sketches):
        if sk.minhash is None:
            found.append(None)
            continue
        keys = {k for k in index.candidates(sk.minhash, sk.bands) if path_of(k) not in exclude}
        candidates = index.articles(keys)
        texts.load({c.path for c in candidates if c.content_hash != sk.content_hash})
        best: IndexedMatch | None = None
        shingles = None
        for candidate in candidates:
            if candidate.content_hash == sk.content_hash:
                match = IndexedMatch(candidate, 1.0, True)
            else:
                shingles = shingles if shingles is not None else shingle_set(article.text, config.ngram)
                similarity = jaccard(shingles, shingle_set(texts.text(candidate), config.ngram))
                match = IndexedMatch(candidate, round(similarity, 4), False)
            if match.similarity >= config.threshold and (best is None or match.similarity > best.similarity):
                best = match
        found.append(best)
    return found

