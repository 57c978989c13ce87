"""JSON read from input text: the value ``json.loads`` reads, or its error naming the file and line."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsmill.errors import InputError
from newsmill.jsontext import parse_json

#: Pieces of JSON texts, well formed or not: values, separators, whitespace JSON allows and one it does not,
#: a byte-order mark, escapes.
_PIECES = st.sampled_from(
    ['{"a": ', "[", "]", "}", ", ", "1", "-2.5e3", '"x\\n\\u00e9"', "true", "null"]
    + [" ", "\t", "\n", "\xa0", "\ufeff", '"']
)


def _loaded(text):
    """What ``json.loads`` reads from ``text``, or the message of the error ``parse_json`` makes of its failure."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return f"where:3: malformed JSON: {error.msg}"


@given(st.lists(_PIECES, max_size=12).map("".join))
@example('{"a": 1} ')
@example(' {"a": 1}')
@example("\ufeff[1]")
@example("[1][2]")
def test_parse_json_reads_what_json_loads_reads(text):
    try:
        parsed = parse_json(text, "where", 3)
    except InputError as error:
        parsed = str(error)
    assert parsed == _loaded(text)


def test_parse_json_names_the_file_and_line_of_text_nested_too_deeply():
    with pytest.raises(InputError, match="where:3: JSON nested too deeply"):
        parse_json("[" * 100_000 + "]" * 100_000, "where", 3)


@pytest.mark.parametrize(
    "text",
    ['{"text": "a\\ud800b"}', '{"text": "ok", "extra": ["\\uDC00"]}', '{"\\udbff": 1}', '["\\ud83d\\ud83d\\ude00"]'],
)
def test_a_lone_surrogate_is_an_input_error_naming_the_line(text):
    """JSON allows an escaped surrogate without its pair; no UTF-8 output can hold the string it reads as."""
    with pytest.raises(InputError, match=r"^where:3: a JSON string holds \\ud[89a-f][0-9a-f]{2} without its pair"):
        parse_json(text, "where", 3)


def test_an_escaped_surrogate_pair_is_one_character():
    assert parse_json('{"text": "smile \\ud83d\\ude00 \\u00e9"}', "where", 1) == {"text": "smile 😀 é"}
