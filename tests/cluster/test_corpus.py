"""What the scheduler is told a partition of articles weighs (enough that it keeps tasks where the partitions
are), and what the driver keeps: no log of its messages, no ids it can leave on the workers."""

from __future__ import annotations

from operator import attrgetter

import numpy as np
import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed")

from dask.sizeof import sizeof

from newsmill.boilerplate.near import forms_of
from newsmill.cluster.boilerplate import forms_bytes  # noqa: F401  (registers the size of Forms)
from newsmill.cluster.corpus import ARTICLE_OVERHEAD, Corpus
from newsmill.config import Config
from newsmill.dedupe.dask_engine import connect
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


def test_the_driver_keeps_no_log_of_the_tasks_it_submits(scheduler):
    with connect(Config(engine="dask", scheduler=scheduler)) as client:
        big = client.submit(len, list(range(50_000)))  # its argument pickled into the message sent
        assert client.gather(big) == 50_000
        assert not client.scheduler_comm.recent_message_log  # Dask keeps its last 1,000 batches by default


def test_ids_at_gives_the_ids_that_at_gathers_without_the_driver_holding_them(scheduler):
    articles = load([{"id": f"n{i}", "text": f"Article {i}."} for i in range(25)], Config())
    chunks = [articles[:10], articles[10:12], articles[12:]]
    with connect(Config(engine="dask", scheduler=scheduler)) as client:
        corpus = Corpus(client, client.scatter(chunks), [len(chunk) for chunk in chunks])
        indices = client.scatter(np.array([0, 9, 10, 11, 12, 24], dtype=np.int64))
        ids = corpus.ids_at(indices)
        assert client.gather(ids) == {0: "n0", 9: "n9", 10: "n10", 11: "n11", 12: "n12", 24: "n24"}
        assert client.gather(ids) == corpus.at([0, 9, 10, 11, 12, 24], attrgetter("id"))
