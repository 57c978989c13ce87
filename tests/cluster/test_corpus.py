"""What the scheduler is told a partition of articles weighs: enough that it keeps tasks where the partitions are."""

from __future__ import annotations

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed")

from dask.sizeof import sizeof

from newsmill.boilerplate.near import forms_of
from newsmill.cluster.boilerplate import forms_bytes  # noqa: F401  (registers the size of Forms)
from newsmill.cluster.corpus import ARTICLE_OVERHEAD
from newsmill.config import Config
from newsmill.pipeline import load
from newsmill.record import Paragraph, Removal

RECORDS = [
    {"id": "a", "title": "Budget vote", "text": "The council voted on the budget.\n\nSubscribe to our newsletter."},
    {"id": "b", "title": "", "text": "Short."},
]


def test_an_article_weighs_at_least_its_texts():
    articles = load(RECORDS, Config())
    for article in articles:
        assert sizeof(article) >= ARTICLE_OVERHEAD + len(article.title) + len(article.text)
    assert sizeof(articles) >= sum(sizeof(a) for a in articles)  # a short list is summed, not sampled


def test_removed_paragraphs_still_count():
    article = load(RECORDS, Config())[0]
    before = sizeof(article)
    *kept, removed = article.paragraphs
    article.paragraphs = kept
    stripped = sizeof(article)
    assert stripped <= before - len(removed.text)
    article.removals.append(Removal(article.id, removed, "repeated", 2))
    assert sizeof(article) >= stripped + len(removed.text)  # the removed text is still held
    article.paragraphs = [*kept, Paragraph("x" * 10_000)]
    assert sizeof(article) >= before + 10_000


def test_the_near_variant_sketches_weigh_their_arrays():
    forms = forms_of(["You have 3 free articles left this month.", "Subscribe for unlimited access today."])
    assert sizeof(forms) >= forms.sets.nbytes + forms.profiles.nbytes + forms.bands.nbytes > 512
