"""Text helpers: the whole-text paragraph splitter agrees with the line-by-line one; the normal forms made
many at once equal the one-text definition; the tokens counted in numpy are those ``str.split`` makes."""

from __future__ import annotations

from collections import Counter
from itertools import chain
from unittest.mock import patch

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newsmill.hashing.shingles import folded_utf8
from newsmill.text import (
    joins_its_paragraphs,
    normal_forms,
    normal_hash,
    normal_slices,
    normal_utf8,
    paragraph_texts,
    paragraphs_of,
    split_counts,
    views,
)

#: Characters that matter to paragraph splitting: every kind of line break, blanks, letters.
_PIECES = st.sampled_from(
    ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", " ", "\t", "\xa0", "\x1f", "a", "B", "é"]
)


@given(st.lists(_PIECES, max_size=60).map("".join))
def test_paragraph_texts_equals_paragraphs_of_on_any_text(text):
    assert paragraph_texts(text) == [p for _, _, p in paragraphs_of(text.splitlines())]


@given(st.lists(_PIECES, max_size=60).map("".join))
def test_a_text_that_joins_its_paragraphs_splits_into_them_at_its_blank_lines(text):
    if joins_its_paragraphs(text):
        assert paragraph_texts(text) == text.split("\n\n")


#: Texts most of which join their paragraphs: words, single and double newlines, now and then another piece.
_MOSTLY_JOINED = st.lists(st.sampled_from(["word", " ", "é", "\n", "\n\n", "Ω."]) | _PIECES, max_size=40).map("".join)


@given(_MOSTLY_JOINED)
def test_a_text_joins_its_paragraphs_exactly_when_they_are_its_pieces_between_blank_lines(text):
    assert joins_its_paragraphs(text) == (paragraph_texts(text) == text.split("\n\n"))


def test_texts_that_do_not_join_their_paragraphs():
    for text in ["", "\nA", "A\n", "A ", "A\n\n\nB", "A \nB", "A\xa0\n\nB", "A\r\nB", "A\u2028B", "A\x1cB"]:
        assert not joins_its_paragraphs(text), repr(text)
    assert joins_its_paragraphs("One line\nand another\n\n Second, indented.")


def test_paragraph_texts_on_a_plain_article():
    text = "Title line  \n\n\nFirst para\nsecond line \t\n   \nLast para\n"
    assert paragraph_texts(text) == ["Title line", "First para\nsecond line", "Last para"]


@given(
    st.lists(
        st.sampled_from(
            ["\n", "\r", "\x1c", "\x85", "\u2028", " ", "\t", "\xa0", "\u3000", "\x1f", "A", "ß", "ﬁ", "İ", "Σ", "١"]
        ),
        max_size=40,
    ).map("".join)
)
def test_normalise_collapses_whitespace_as_the_regular_expression_did(text):
    import re
    import unicodedata

    from newsmill.text import normalise

    assert normalise(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).casefold().strip()


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_normalise_of_ascii_text_is_nfkc_and_case_folding(text):
    import unicodedata

    from newsmill.text import normalise

    assert normalise(text) == " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


#: Every whitespace character, letters that case-fold to longer or other text, and compatibility forms.
_NORMAL_PIECES = st.sampled_from(
    [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["a", "Q", "ß", "ﬁ", "İ", "Σ", "é", "E\u0301", "１", "😀"]
)


_NORMAL_TEXTS = st.lists(_NORMAL_PIECES, max_size=12).map("".join)


@given(st.lists(_NORMAL_TEXTS, max_size=8))
def test_normal_forms_of_many_texts_are_each_texts_normal_form(texts):
    forms = normal_forms([folded_utf8(text, lower_ascii=False) for text in texts])
    assert forms.texts(range(len(texts))) == [normal_utf8(text) for text in texts]
    assert forms.hashes().tolist() == [normal_hash(normal_utf8(text)) for text in texts]


@given(st.lists(st.tuples(_NORMAL_TEXTS, st.lists(_NORMAL_PIECES, max_size=3).map("".join)), max_size=8))
def test_normal_forms_of_slices_are_each_slices_normal_form_whatever_lies_between(texts_and_gaps):
    data, starts, ends = b"", [], []
    for text, gap in texts_and_gaps:
        data += gap.encode("utf-8")
        starts.append(len(data))
        data += folded_utf8(text, lower_ascii=False)
        ends.append(len(data))
    forms = normal_slices(bytearray(data + b"x"), np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64))
    texts = [text for text, _ in texts_and_gaps]
    assert forms.texts(range(len(texts))) == [normal_utf8(text) for text in texts]
    assert list(map(bytes, views(forms.buffer, forms.starts, forms.ends))) == [normal_utf8(text) for text in texts]


#: Every whitespace character, letters of one to four UTF-8 bytes, a NUL, a lone surrogate, and runs of
#: letters that make tokens of about the longest length read as a key (15 bytes) and longer.
_SPLIT_PIECES = st.sampled_from(
    [chr(c) for c in range(0x110000) if chr(c).isspace()]
    + ["a", "Q", "é", "€", "😀", "\x00", "\ud800", "abcdefg", "ëëëë", "-", "."]
)


@given(st.lists(st.lists(_SPLIT_PIECES, max_size=30).map("".join), max_size=6))
def test_split_counts_count_the_tokens_str_split_makes(texts):
    assert split_counts(texts) == Counter(chain.from_iterable(map(str.split, texts)))


@given(st.lists(st.lists(_SPLIT_PIECES, max_size=30).map("".join), max_size=6))
def test_split_counts_are_exact_when_the_keys_share_slots_and_over_blocks(texts):
    # Tables of 2, 4, 8... slots, so that most keys share one at first; a block per text or two.
    with patch("newsmill.text._FIRST_TABLE_BITS", 0), patch("newsmill.text.SPLIT_BLOCK_CHARS", 8):
        assert split_counts(texts) == Counter(chain.from_iterable(map(str.split, texts)))
