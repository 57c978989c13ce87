"""TextView and ParagraphTexts: texts made from records when read, so a stage holds no second copy of the corpus."""

import pickle

import pytest

from newsmill.record import Article, Paragraph, Source
from newsmill.textview import ParagraphTexts, TextView, article_texts


def article(name: str, *texts: str) -> Article:
    return Article(name, Source("a.txt", 1, 1, 1), "", [Paragraph(t) for t in texts])


def test_an_article_view_reads_each_text_as_it_is_now():
    articles = [article("a", "One.", "Two."), article("b", "Three.")]
    texts = article_texts(articles)
    assert len(texts) == 2 and texts[0] == "One.\n\nTwo." and texts[-1] == "Three."
    assert texts[0:2] == list(texts) == [a.text for a in articles]
    articles[0].paragraphs = articles[0].paragraphs[1:]  # a stage removed a paragraph
    assert texts[0] == "Two."
    with pytest.raises(IndexError):
        texts[2]


def test_a_view_pickles_with_its_records_for_the_dask_engine():
    texts = article_texts([article("a", "One."), article("b", "Two.")])
    assert list(pickle.loads(pickle.dumps(texts))) == ["One.", "Two."]


def test_text_of_must_be_callable():
    with pytest.raises(TypeError, match="text_of must be callable"):
        TextView(["x"], "text")  # type: ignore[arg-type]


def test_paragraph_texts_are_every_paragraph_in_reading_order():
    articles = [article("a", "One.", "Two."), article("b"), article("c", "Thrée —", "Four.", "Five.")]
    texts = ParagraphTexts(articles)
    flat = [text for a in articles for text in a.paragraph_texts]
    assert len(texts) == 5 and list(texts) == flat == ["One.", "Two.", "Thrée —", "Four.", "Five."]
    assert [texts[i] for i in range(-5, 5)] == flat + flat
    assert texts[1:4] == flat[1:4] and texts[::2] == flat[::2]
    assert all(texts[a:b] == flat[a:b] for a in range(-6, 7) for b in range(-6, 7))  # a worker's chunk
    encoded = [text.encode("utf-8") for text in flat]
    assert all(texts.utf8(a, b) == encoded[a:b] for a in range(6) for b in range(7))  # cut out, not decoded
    lengths = [len(text) for text in flat]
    assert all(texts.lengths(a, b) == lengths[a:b] for a in range(6) for b in range(7))  # read from the layouts
    with pytest.raises(IndexError):
        texts[5]
    with pytest.raises(IndexError):
        texts[-6]
    assert list(ParagraphTexts([])) == [] and len(ParagraphTexts([article("e")])) == 0
