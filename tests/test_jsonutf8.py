"""JSON written as json.dumps(..., ensure_ascii=False) writes it: values, and strings escaped in UTF-8 bytes."""

import json

from hypothesis import given
from hypothesis import strategies as st

from newsmill.jsonutf8 import json_scalar, json_string_utf8, json_text

# Texts made mostly of what json.dumps escapes, and of what it must not (non-ASCII, U+007F, line separators).
TRICKY = st.text(st.sampled_from(['"', "\\", "\n", "\t", "\r", "\x00", "\x1f", "\x7f", "é", "\u2028", "😀", "a", " "]))


@given(st.one_of(st.text(), TRICKY))
def test_a_text_is_escaped_as_json_dumps_escapes_it_or_left_to_it(text):
    escaped = json_string_utf8(text.encode("utf-8"))
    if any(ord(char) < 0x20 and char != "\n" for char in text):
        assert escaped is None
    else:
        assert escaped == json.dumps(text, ensure_ascii=False).encode("utf-8")


def test_news_text_is_escaped_in_its_bytes():
    text = 'He said "no" to C:\\temp.\n\nÉén — twee 😀\u2028'
    assert json_string_utf8(text.encode("utf-8")) == json.dumps(text, ensure_ascii=False).encode("utf-8")
    assert json_string_utf8(b"tab\there") is None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | TRICKY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_a_value_is_written_as_json_dumps_writes_it(value):
    assert json_text(value) == json.dumps(value, ensure_ascii=False)


@given(st.one_of(JSON_VALUES, st.integers(min_value=-(2**80), max_value=2**80), st.floats()))
def test_a_scalar_is_written_as_json_dumps_writes_it(value):
    assert json_scalar(value) == json.dumps(value, ensure_ascii=False)
