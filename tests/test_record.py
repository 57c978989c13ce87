"""The article record: its paragraphs packed, and the input fields newsmill does not own held as their JSON text."""

import dataclasses
import json
import pickle
import sys

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsmill.config import Config
from newsmill.pipeline import load
from newsmill.record import (
    OWN_KEYS,
    Article,
    CarriedFields,
    PackedParagraphs,
    Paragraph,
    Removal,
    Source,
    Translated,
    Untranslated,
    cut_paragraphs,
)
from newsmill.text import paragraph_texts

FIELDS = {
    "url": "https://example.org/a?b=1",
    "outlet": "Voorbeeld Nieuws — één",
    "score": 0.1 + 0.2,
    "big": 2**70,
    "flags": [True, False, None],
    "nested": {"z": 1, "a": [1.5e-300, "\u2028"]},
}


def test_carried_fields_read_back_as_given_in_their_order():
    carried = CarriedFields(FIELDS)
    assert carried == FIELDS and dict(carried) == FIELDS
    assert list(carried) == list(FIELDS) and list(carried.items()) == list(FIELDS.items())
    assert carried["score"] == 0.1 + 0.2 and carried["big"] == 2**70 and len(carried) == len(FIELDS)
    assert isinstance(carried.text, str) and "—" in carried.text  # one string, UTF-8 kept readable
    assert CarriedFields({}) == {} and CarriedFields({}).text == ""
    assert pickle.loads(pickle.dumps(carried)) == FIELDS  # the Dask engine ships articles


def test_a_jsonl_article_carries_its_other_fields_as_text_and_writes_them_back(tmp_path):
    record = {"id": "a1", "title": "T", "text": "One paragraph here.\n\nAnother one.", **FIELDS}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = load([path], Config(jobs=1))
    assert isinstance(article.extra, CarriedFields)
    written = article.to_json()
    assert list(written)[-len(FIELDS) :] == list(FIELDS)  # after newsmill's own fields, in input order
    assert {key: written[key] for key in FIELDS} == FIELDS
    restored = Article.from_json(json.loads(json.dumps(article.to_stage_json())))
    assert restored.extra == FIELDS and restored.to_json() == written


def paragraph_values(texts: st.SearchStrategy[str]) -> st.SearchStrategy[Paragraph]:
    return st.builds(
        Paragraph,
        texts,
        st.integers(0, 2**32 - 1),
        st.integers(0, 2**32 - 1),
        st.sampled_from(["und", "en", "nl", "zh-cn"]),
        st.floats(0, 1),
    )


# Any text (astral characters, blank lines within a paragraph), and ASCII-only articles, which are read by byte offsets.
@given(st.lists(paragraph_values(st.text())) | st.lists(paragraph_values(st.text(st.characters(max_codepoint=127)))))
def test_packed_paragraphs_read_back_as_given(paragraphs):
    article = Article("a", Source("a.txt", 1, 1, 1), "", paragraphs)
    assert article.paragraphs == tuple(paragraphs)
    assert article.paragraph_texts == [p.text for p in paragraphs]
    assert article.text == "\n\n".join(p.text for p in paragraphs)
    assert article.para_langs == [p.lang for p in paragraphs]
    assert [article.body.text_at(k) for k in range(len(paragraphs))] == article.paragraph_texts
    assert [article.body.utf8_at(k - len(paragraphs)) for k in range(len(paragraphs))] == article.body.encoded()
    assert article.body.encoded() == [text.encode("utf-8") for text in article.paragraph_texts]
    assert article.body.lengths() == [len(p.text) for p in paragraphs]
    assert article.body.characters() == sum(len(p.text) for p in paragraphs)
    assert article.body.length() == len(article.text)
    assert pickle.loads(pickle.dumps(article)) == article  # the worker pool and Dask ship articles
    found = [("en", 0.25 * k) for k in range(len(paragraphs))]
    relabelled = article.body.with_languages(found)
    assert [(p.text, p.line_start, p.line_end) for p in relabelled.paragraphs()] == [
        (p.text, p.line_start, p.line_end) for p in paragraphs
    ]
    assert [(p.lang, p.lang_prob) for p in relabelled.paragraphs()] == found


# Bodies (none, or empty ones too) of any text or ASCII only, and for each paragraph whether it is cut.
@given(
    st.lists(
        st.lists(st.tuples(paragraph_values(st.text()), st.booleans()))
        | st.lists(st.tuples(paragraph_values(st.text(st.characters(max_codepoint=127))), st.booleans())),
    )
)
def test_cutting_paragraphs_from_many_bodies_packs_what_is_left_and_reports_what_was_cut(bodies):
    cuts = [(owner, k) for owner, body in enumerate(bodies) for k, (_, cut) in enumerate(body) if cut]
    owner, number = (np.array([pair[i] for pair in cuts], dtype=np.int64) for i in range(2))
    result = cut_paragraphs([PackedParagraphs.of(p for p, _ in body) for body in bodies], owner, number)
    assert result.bodies == [PackedParagraphs.of(p for p, cut in body if not cut) for body in bodies]
    assert list(zip(result.texts, result.line_starts, result.line_ends, strict=True)) == [
        (p.text, p.line_start, p.line_end) for body in bodies for p, cut in body if cut
    ]


def test_a_removal_made_from_its_text_equals_one_made_from_its_paragraph():
    made = Removal.of_text("a#1", "Share this article", 7, 8, "repeated", 3)
    assert made == Removal("a#1", Paragraph("Share this article", 7, 8, "en", 0.9), "repeated", 3)


@given(st.lists(st.sampled_from(["word", " ", "ü", "€", "\n", "\n\n", "\n\n\n", "\r", "\t", "\u2029"]), max_size=40))
def test_the_paragraphs_of_a_text_pack_as_its_paragraph_texts(pieces):
    text = "".join(pieces)
    assert PackedParagraphs.of_text(text) == PackedParagraphs.pack(paragraph_texts(text))


def test_packed_paragraphs_hold_fewer_bytes_than_paragraph_objects():
    texts = [f"Paragraph {k} of a news article, about the harbour — and its ferry." for k in range(12)]
    packed = PackedParagraphs.pack(texts)
    held = sum(map(sys.getsizeof, (packed, packed.text, packed.layout, packed.langs)))
    listed = [Paragraph(text, 0, 0, "und", 0.5) for text in texts]
    objects = sys.getsizeof(listed) + sum(sys.getsizeof(p) + sys.getsizeof(p.text) + 24 for p in listed)
    assert held < objects - 100 * len(texts)  # at least 100 bytes a paragraph less
    assert len(packed.text) == len("\n\n".join(texts).encode("utf-8"))  # the text as one UTF-8 string


def test_a_paragraph_read_from_an_article_cannot_be_changed_in_place():
    article = Article("a", Source("a.txt", 1, 1, 1), "", [Paragraph("One.")])
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.paragraphs[0].lang = "en"  # type: ignore[misc]
    with pytest.raises(TypeError):
        article.paragraphs[0] = Paragraph("Two.")  # type: ignore[index]
    article.paragraphs = [Paragraph("Two.", 3, 4, "en", 0.9)]  # what a stage does
    assert article.paragraphs == (Paragraph("Two.", 3, 4, "en", 0.9),)


@pytest.mark.parametrize(
    "make",
    [
        lambda: PackedParagraphs.pack(["a", "b"], langs=["en"]),
        lambda: PackedParagraphs.pack(["a"], lines=[(-1, 2)]),
        lambda: PackedParagraphs.pack(["a"], lines=[(1, 2**32)]),
        lambda: PackedParagraphs(b"a", b"", ("en",)),
        lambda: PackedParagraphs.pack(["a"]).with_languages([]),
    ],
)
def test_packed_paragraphs_refuse_parts_that_do_not_match(make):
    with pytest.raises(ValueError):
        make()


def test_a_removal_keeps_the_text_and_lines_it_reports():
    removal = Removal("a#1", Paragraph("Share this article", 7, 8, "en", 0.9), "repeated", 3)
    assert (removal.text, removal.line_start, removal.line_end) == ("Share this article", 7, 8)
    assert removal.paragraph == Paragraph("Share this article", 7, 8)
    assert removal.to_json("a.txt") == {
        "article": "a#1", "text": "Share this article", "reason": "repeated", "count": 3,
        "path": "a.txt", "line_start": 7, "line_end": 8,
    }
    assert pickle.loads(pickle.dumps(removal)) == removal


def test_carried_fields_refuse_the_keys_newsmill_writes_itself():
    with pytest.raises(ValueError, match="'text'"):
        CarriedFields({"outlet": "X", "text": "a second text"})


# Carried fields that the writer may splice as they are, and ones that hold a staged key somewhere.
CARRIED = st.one_of(
    st.just({}),
    st.just(FIELDS),
    st.just({"story": "theirs", "outlet": "X"}),  # a staged key: the story stage's value is written, at the end
    st.just({"meta": {"translated": "nested", "story": 1}}),  # staged keys nested only
    st.dictionaries(st.text(max_size=5).filter(lambda key: key not in OWN_KEYS), st.text(max_size=5), max_size=3),
)


# Texts made mostly of what JSON escapes, and of what it must not.
TRICKY_TEXTS = st.text(st.sampled_from(['"', "\\", "\n", "\t", "\x00", "\x85", "é", "\u2028", "😀", "a"]))


# Mostly texts without the control characters that send a text to json.dumps (the way the writer takes).
PARAGRAPH_TEXTS = st.one_of(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1), st.text(min_size=1))


@given(
    st.lists(PARAGRAPH_TEXTS, min_size=1, max_size=3),
    st.text(),
    CARRIED,
    st.booleans(),
    st.sampled_from([None, Translated("Tekst", "Titel", "nl", {"name": "m"}), Untranslated("too long")]),
    st.sampled_from([None, "a7"]),
)
@example(["x"], "t", {"story": "theirs", "outlet": "X"}, True, None, "a7")
@example(["x"], "t", {"translated": "theirs"}, True, Untranslated("too long"), None)
def test_an_article_is_written_in_utf8_as_json_dumps_writes_its_record(
    texts, title, carried, wrapped, translation, story
):
    article = Article(
        "a1",
        Source("in.jsonl", 3, 3, 1),
        title,
        [Paragraph(text, 3, 3, "en", 0.5) for text in texts],
        extra=CarriedFields(carried) if wrapped else carried,
        translation=translation,
        story=story,
    )
    assert article.json_utf8() == json.dumps(article.to_json(), ensure_ascii=False).encode("utf-8")


@given(st.text(), TRICKY_TEXTS, st.text(max_size=20), st.integers(min_value=0), st.text(), st.integers(0, 2**32 - 1))
def test_a_removal_is_written_as_json_dumps_writes_its_record(article_id, text, reason, count, path, line):
    removal = Removal.of_text(article_id, text, line, line + 1, reason, count)
    assert removal.json_text(path) == json.dumps(removal.to_json(path), ensure_ascii=False)


# Values the stages do not set but a restored record may hold (``from_json`` keeps them as read).
ODD_VALUES = st.one_of(
    st.none(), st.text(), st.integers(), st.floats(), st.booleans(), st.lists(st.integers(), max_size=2)
)


@given(PARAGRAPH_TEXTS, TRICKY_TEXTS, ODD_VALUES, ODD_VALUES, ODD_VALUES, ODD_VALUES, st.floats(), st.integers(0, 3))
def test_an_article_with_any_field_values_is_written_as_json_dumps_writes_its_record(
    text, title, cluster, duplicate_of, similarity, contained_in, lang_prob, removed_before
):
    article = Article(
        "\u2028id",
        Source("dir/in \"x\".jsonl", 0, 2**32 - 1, 7),
        title,
        [Paragraph(text, 1, 1, "nl", 0.25), Paragraph("b", 2, 2, "\u00e9n", 1.0)],
        lang="nl",
        lang_prob=lang_prob,
        cluster=cluster,  # type: ignore[arg-type]
        duplicate_of=duplicate_of,  # type: ignore[arg-type]
        similarity=similarity,  # type: ignore[arg-type]
        contained_in=contained_in,  # type: ignore[arg-type]
        removed_before=removed_before,
        extra=CarriedFields(FIELDS),
    )
    assert article.json_utf8() == json.dumps(article.to_json(), ensure_ascii=False).encode("utf-8")
