"""TextView and ParagraphTexts: texts made from records when read, so a stage holds no second copy of the corpus."""

import pickle
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmill.hashing.shingles import folded_utf8
from newsmill.record import Article, Paragraph, Source
from newsmill.textview import JoinedParagraphs, ParagraphTexts, TextView, article_texts


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
    assert all(_slices(texts.joined(a, b)) == encoded[a:b] for a in range(6) for b in range(7))  # cut out, not decoded
    lengths = [len(text) for text in flat]
    assert all(texts.joined(a, b).characters.tolist() == lengths[a:b] for a in range(6) for b in range(7))
    with pytest.raises(IndexError):
        texts[5]
    with pytest.raises(IndexError):
        texts[-6]
    assert list(ParagraphTexts([])) == [] and len(ParagraphTexts([article("e")])) == 0


def _slices(joined: JoinedParagraphs) -> list[bytes]:
    return [joined.data[start:end] for start, end in zip(joined.starts.tolist(), joined.ends.tolist(), strict=True)]


#: Pieces of paragraphs: ASCII, settled non-ASCII characters (folded as they are), characters that NFKC or case
#: folding change (some into more bytes), a combining mark, Hangul jamo that NFKC composes, and line breaks.
_PARAGRAPH_PIECES = st.sampled_from(
    ["a", "Z", " ", ".", "é", "—", "€", "😀", "É", "ß", "ﬁ", "１", "\u0301", "\u1100", "\u1161", "\n", "\n\n", "İ"]
)
_ARTICLES = st.lists(st.lists(st.lists(_PARAGRAPH_PIECES, max_size=10).map("".join), max_size=4), max_size=5)


@given(_ARTICLES, st.integers(0, 12), st.integers(0, 12))
def test_joined_paragraphs_are_each_paragraphs_utf8_transformed_on_its_own(paragraphs, start, stop):
    articles = [article(str(number), *texts) for number, texts in enumerate(paragraphs)]
    flat = [text for a in articles for text in a.paragraph_texts]
    fold = partial(folded_utf8, lower_ascii=False)
    texts = ParagraphTexts(articles)
    joined = texts.joined(start, stop, fold)
    assert _slices(joined) == [fold(text.encode("utf-8")) for text in flat[start:stop]]
    assert joined.characters.tolist() == [len(text) for text in flat[start:stop]]
    assert _slices(texts.joined(start, stop)) == [text.encode("utf-8") for text in flat[start:stop]]
