"""Boilerplate counts for staged articles, from the index plus the staged files themselves.

``newsmill run`` counts every paragraph over the corpus it reads
(:func:`newsmill.boilerplate.stage.count_paragraphs`); a check reads only the
staged files, and the committed rest of the corpus answers through the
index. :func:`indexed_counts` returns the same
:class:`~newsmill.boilerplate.stage.CorpusCounts` for the staged paragraphs, so
:func:`newsmill.boilerplate.stage.apply_boilerplate` takes one decision for both:

- exact repeats: a paragraph's hash is looked up in the postings (which
  committed articles hold it, and their families) and counted with the
  staged articles holding it;
- near-identical variants: the staged paragraphs' meeting keys
  (:func:`newsmill.boilerplate.near.meeting_keys`) find the committed paragraphs that
  :func:`newsmill.boilerplate.near.near_groups` could pair them with; the near search
  then runs on the staged texts and those committed texts together, and
  each group is counted over its staged members and the postings of its
  committed ones. At most ``NEAR_CANDIDATES`` committed paragraphs are
  fetched per staged one (plenty to count a template to ``COUNT_CAP``
  families). This reaches one hop into the committed corpus: a
  committed variant that is a variant only of another committed variant,
  not of a staged paragraph, is not fetched (its group still counts once
  the first is found, but without it).

Committed articles are counted up to :data:`COUNT_CAP` families per
paragraph or group (a paragraph may be in every committed article; the
decision needs ``boilerplate_min_count``), so the counts shown and logged
for a check are at most that. The committed versions of the staged files
(``exclude``) are left out, as they are being replaced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..boilerplate.near import meeting_keys, near_groups
from ..boilerplate.stage import CorpusCounts
from ..config import Config
from ..record import Article
from ..text import text_hash
from .base import Index
from .match import path_of

#: Committed families counted per paragraph or near group, at least (``boilerplate_min_count`` if higher).
COUNT_CAP = 10
#: Committed variants fetched per staged paragraph, at most.
NEAR_CANDIDATES = 100


@dataclass
class _Holders:
    """Who holds a paragraph (or a near group): occurrences and distinct families."""

    occurrences: int = 0
    families: set[str] = field(default_factory=set)

    def add(self, other: _Holders) -> None:
        self.occurrences += other.occurrences
        self.families |= other.families


def indexed_counts(
    articles: Sequence[Article], families: Sequence[str], index: Index, exclude: Collection[str], config: Config
) -> CorpusCounts:
    """:class:`CorpusCounts` of the paragraphs of ``articles`` (staged, in reading order), whose
    families are ``families``, counting the committed articles of ``index`` outside ``exclude``."""
    cap = max(COUNT_CAP, config.boilerplate_min_count)
    keys = [text_hash(p.text) for article in articles for p in article.paragraphs]
    owners = [number for number, article in enumerate(articles) for _ in article.paragraphs]
    texts: dict[int, str] = {}
    staged: dict[int, _Holders] = {}
    for key, owner, paragraph in zip(keys, owners, (p for a in articles for p in a.paragraphs), strict=False):
        texts.setdefault(key, paragraph.text)
        holders = staged.setdefault(key, _Holders())
        holders.occurrences += 1
        holders.families.add(families[owner])
    within = Counter(zip(keys, owners, strict=False))
    exact = {key: _with_committed(holders, key, index, exclude, cap) for key, holders in staged.items()}

    label_of, groups = _near(texts, staged, index, exclude, cap)
    near_within = Counter((label_of[key], owner) for key, owner in zip(keys, owners, strict=False) if key in label_of)
    return CorpusCounts(
        occurrences=np.array([exact[k].occurrences for k in keys], dtype=np.int64),
        families=np.array([len(exact[k].families) for k in keys], dtype=np.int64),
        within=np.array([within[k, o] for k, o in zip(keys, owners, strict=False)], dtype=np.int64),
        near_occurrences=np.array(
            [groups[label_of[k]].occurrences if k in label_of else 0 for k in keys], dtype=np.int64
        ),
        near_families=np.array(
            [len(groups[label_of[k]].families) if k in label_of else 0 for k in keys], dtype=np.int64
        ),
        near_within=np.array(
            [near_within[label_of[k], o] if k in label_of else 0 for k, o in zip(keys, owners, strict=False)],
            dtype=np.int64,
        ),
        # Contained copies (newsmill.boilerplate.contained) need every paragraph of the committed holders,
        # which the index does not keep: the hooks count every family (README, Pre-commit).
        container=np.full(len(articles), -1, dtype=np.int64),
    )


def _committed(index: Index, key: int, exclude: Collection[str], cap: int, known: set[str]) -> _Holders:
    """The committed articles holding paragraph ``key``, read until ``cap`` families are known."""
    found = _Holders()
    for article, family in index.postings(key):
        if len(known | found.families) >= cap:
            break
        if path_of(article) not in exclude:
            found.occurrences += 1
            found.families.add(family)
    return found


def _with_committed(staged: _Holders, key: int, index: Index, exclude: Collection[str], cap: int) -> _Holders:
    total = _Holders(staged.occurrences, set(staged.families))
    total.add(_committed(index, key, exclude, cap, staged.families))
    return total


def _near(
    texts: dict[int, str], staged: dict[int, _Holders], index: Index, exclude: Collection[str], cap: int
) -> tuple[dict[int, int], dict[int, _Holders]]:
    """The near group of each staged paragraph hash in one (``label_of``), and each group's holders."""
    own = list(texts)
    found: set[int] = set()
    for keys in meeting_keys([texts[k] for k in own]):
        found |= index.near_candidates(keys, NEAR_CANDIDATES) if keys else set()
    found -= set(own)
    committed = {}
    for paragraph, text in index.near_texts(found).items():
        holders = _committed(index, paragraph, exclude, cap, set())
        if holders.occurrences:  # held only by the files being replaced: not in the corpus any more
            committed[paragraph] = (text, holders)
    every = own + list(committed)
    labels = near_groups([texts[k] for k in own] + [text for text, _ in committed.values()])
    groups: dict[int, _Holders] = {}
    for key, label in zip(every, labels.tolist(), strict=False):
        if label >= 0:
            groups.setdefault(label, _Holders()).add(staged[key] if key in staged else committed[key][1])
    label_of = {key: label for key, label in zip(own, labels.tolist(), strict=False) if label >= 0}
    return label_of, groups
