"""The numpy XXH3-64 and the bulk shingle hashes equal xxhash and the per-shingle definition."""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import pytest
import xxhash
from hypothesis import given
from hypothesis import strategies as st

from newsmill.dedupe.sketch import SketchSpec, exact_key, is_blank, sketch
from newsmill.dedupe.verify import array_jaccard, shingle_array, similarities
from newsmill.hashing.lsh import band_keys
from newsmill.hashing.shingles import (
    BLOCK_TEXTS,
    _settled,
    fold,
    folded_hashes,
    folded_utf8,
    hash_runs,
    shingle_hash,
    shingle_hashes,
    shingles,
)
from newsmill.hashing.signatures import signatures
from newsmill.hashing.xxh3 import BLOCK_ROWS, MAX_LENGTH, xxh3_64, xxh3_64_windows

UNICODE_WORDS = ["één", "straße", "ﬁx", "日本語", "한국어", "עברית", "😀", "x\u0301y", "٣٤", "½", "naïve", "ǅ"]


def reference(data: bytes, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    pairs = zip(starts.tolist(), lengths.tolist(), strict=False)
    return np.array([xxhash.xxh3_64_intdigest(data[s : s + n]) for s, n in pairs], dtype=np.uint64)


@pytest.mark.parametrize("length", range(MAX_LENGTH + 20))
def test_every_length_equals_xxhash_on_random_bytes(length):
    rng = np.random.default_rng(length)
    data = rng.integers(0, 256, 4096, dtype=np.uint8).tobytes()
    starts = rng.integers(0, len(data) - length + 1, 3000)
    lengths = np.full(3000, length)
    assert (xxh3_64(data, starts, lengths) == reference(data, starts, lengths)).all()


def test_mixed_lengths_in_one_call_spanning_blocks():
    rng = np.random.default_rng(1)
    data = rng.integers(0, 256, 100_000, dtype=np.uint8)
    lengths = rng.integers(0, 400, 3 * BLOCK_ROWS)
    starts = rng.integers(0, len(data) - lengths + 1)
    assert (xxh3_64(data, starts, lengths) == reference(data.tobytes(), starts, lengths)).all()
    assert xxh3_64(b"", np.zeros(0, np.int64), np.zeros(0, np.int64)).shape == (0,)


@given(st.data())
def test_any_strings_of_a_buffer_equal_xxhash(data):
    # Strings at the very start and end of the buffer too: a 9-16 byte string is read as the 16
    # bytes at its start (past the buffer's end there), mix16B as one 16-byte read.
    buffer = data.draw(st.binary(max_size=300))
    size = len(buffer)
    string = st.integers(0, size).flatmap(lambda start: st.tuples(st.just(start), st.integers(0, size - start)))
    slices = data.draw(st.lists(string, min_size=1, max_size=30))
    starts, lengths = (np.array(column, dtype=np.int64) for column in zip(*slices, strict=True))
    assert xxh3_64(buffer, starts, lengths).tolist() == reference(buffer, starts, lengths).tolist()


SEPARATORS = [" ", "  ", ", ", "\n\n", " — ", "\x01", "\t"]
WORDS = ["a", "bb", "de", "een", "wordy", "straße", "日本語", "x" * 14, "y" * 31, "z" * 70]


@given(
    st.lists(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=9), max_size=8),
    st.integers(1, 6),
)
def test_hash_runs_equal_the_definition(pieces, ngram):
    # Texts of no words, fewer than ngram, exactly ngram and more, next to each other.
    texts = ["".join(word + separator for word, separator in text) for text in pieces]
    hashes, counts = hash_runs([folded_utf8(text, lower_ascii=False) for text in texts], ngram)
    expected = [[shingle_hash(s.encode("utf-8")) for s in shingles(text, ngram)] for text in texts]
    assert counts.tolist() == [len(e) for e in expected]
    assert hashes.tolist() == [h for e in expected for h in e]


@pytest.mark.parametrize("width", range(4, 9))
def test_every_window_equals_xxhash(width):
    rng = random.Random(width)
    for size in (0, width - 1, width, width + 1, BLOCK_ROWS + 2 * width + 3):
        data = bytes(rng.randrange(256) for _ in range(size))
        expected = [xxhash.xxh3_64_intdigest(data[i : i + width]) for i in range(size - width + 1)]
        assert xxh3_64_windows(data, width).tolist() == expected
    with pytest.raises(ValueError, match="4 to 8 bytes"):
        xxh3_64_windows(b"abcdefghij", 9)


def test_utf8_strings_equal_xxhash():
    rng = random.Random(2)
    texts = [" ".join(rng.choices(UNICODE_WORDS + ["ascii", "word", "x"], k=rng.randint(0, 40))) for _ in range(2000)]
    encoded = [t.encode("utf-8") for t in texts]
    data = b"".join(encoded)
    lengths = np.array([len(e) for e in encoded])
    starts = np.cumsum(lengths) - lengths
    assert (xxh3_64(data, starts, lengths) == reference(data, starts, lengths)).all()


def random_text(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABC0123456789_"
    pieces = []
    for _ in range(rng.randint(0, 300)):
        kind = rng.random()
        if kind < 0.7:
            pieces.append("".join(rng.choices(alphabet, k=rng.choice([1, 2, 3, 5, 8, 13, 40, 130]))))
        elif kind < 0.9:
            pieces.append(rng.choice(UNICODE_WORDS))
        else:
            pieces.append(rng.choice([",", ".", "—", "“x”", "\u00a0", "\u3000", "\x01", "\t\n", "'", "ß-ß", "\u2028"]))
        pieces.append(rng.choice([" ", "  ", "\n", "", "-", " \x1c "]))
    return "".join(pieces)


@pytest.mark.parametrize("ngram", [1, 2, 3, 5])
def test_folded_hashes_equal_the_definition(ngram):
    rng = random.Random(ngram)
    texts = [random_text(rng) for _ in range(300)] + ["", " ", "one", "two words", "x" * 300 + " y", "\x01 a \x01"]
    for text, hashes in zip(texts, folded_hashes([folded_utf8(t) for t in texts], ngram), strict=True):
        expected = [shingle_hash(s.encode("utf-8")) for s in shingles(text, ngram)]
        assert hashes.dtype == np.uint32 and hashes.tolist() == expected, text[:60]
        assert shingle_hashes(text, ngram).tolist() == expected
    assert folded_hashes([], ngram) == []


def test_folded_utf8_is_the_encoded_fold():
    rng = random.Random(11)
    texts = [random_text(rng) for _ in range(300)] + [
        "ABC xyz 09 !?",
        "\x00\x7f\tMIXED Case",
        "Stra\u00dfe \u212b \ufb01",
    ]
    assert any(t.isascii() for t in texts) and not all(t.isascii() for t in texts)
    for text in texts:
        assert folded_utf8(text) == folded_utf8(text.encode("utf-8")) == fold(text).encode("utf-8"), text[:60]


def test_folded_utf8_is_the_encoded_fold_around_every_character():
    # Each character between ASCII neighbours, and after one that NFKC may compose it with.
    for code in range(0x80, 0x30000):
        if not 0xD800 <= code < 0xE000:
            for text in (f"Ab{chr(code)}C d", f"e{chr(code)}", f"\u1100{chr(code)}", f"{chr(code)}\u0301"):
                assert folded_utf8(text) == folded_utf8(text.encode("utf-8")) == fold(text).encode("utf-8"), hex(code)


def test_no_second_character_of_a_canonical_pair_is_settled():
    # NFKC composes such a character with the one before it (quick check Maybe): a text holding one
    # must not be taken as normal. ASCII, never checked, must not be one either.
    seconds = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    assert len(seconds) > 60  # 85 in Unicode 14
    assert [hex(ord(c)) for c in sorted(seconds) if c.isascii() or _settled(c)] == []
    hangul = [chr(c) for c in range(0x1161, 0x1176)] + [chr(c) for c in range(0x11A8, 0x11C3)]
    assert not any(map(_settled, hangul))
    assert all(map(_settled, "éïëàçñø’“”—–€日本語한"))
    assert not any(map(_settled, "…½ﬁÉß\u0301\u00a0"))  # NFKC changes them, or casefold does


def test_sketch_equals_per_text_signatures():
    rng = random.Random(5)
    texts = [random_text(rng) for _ in range(200)]
    # Copies of earlier texts (verbatim, or with the same normal form: case and spacing changed), in
    # the same block of BLOCK_TEXTS and in later ones, take their first's band keys.
    for _ in range(250):
        text = rng.choice(texts)
        texts.append(rng.choice([text, text.upper(), f"  {text}\n", random_text(rng)]))
    assert BLOCK_TEXTS < len(texts) and len({exact_key(t) for t in texts}) < len(texts) - 100
    spec = SketchSpec(3, 128, 16, 8)
    chunked = sketch(texts, spec)
    assert chunked.exact.tolist() == [exact_key(t) for t in texts]
    for index, text in enumerate(texts):
        hashes = shingle_hashes(text, 3)
        assert chunked.has_words[index] == bool(len(hashes))
        if len(hashes):
            expected = band_keys(signatures([hashes], 128), 16, 8)[0]
            assert chunked.keys[index].tobytes() == expected.tobytes()


def test_sketch_of_the_utf8_equals_the_sketch_of_the_texts():
    rng = random.Random(7)
    texts = [random_text(rng) for _ in range(300)] + ["", " ", "\x1c\t", "\u3000 \u00a0", " \u00e9", "\x1c x"]
    spec = SketchSpec(5, 128, 14, 9)
    of_texts, of_utf8 = sketch(texts, spec), sketch([t.encode("utf-8") for t in texts], spec)
    for field in ("exact", "blank", "has_words", "keys"):
        assert getattr(of_utf8, field).tobytes() == getattr(of_texts, field).tobytes(), field
    assert of_texts.blank.tolist()[-6:] == [True, True, True, True, False, False]
    assert of_texts.exact.tolist() == [exact_key(t) for t in texts]


def test_is_blank_of_the_utf8_is_str_isspace():
    for code in range(0x3001):
        for text in (chr(code), f" {chr(code)}", f"\t{chr(code)} ", f"{chr(code)}x"):
            assert is_blank(text.encode("utf-8")) == is_blank(text) == (not text or text.isspace()), hex(code)


def test_similarities_equal_per_text_jaccard():
    rng = random.Random(6)
    texts = dict(enumerate(random_text(rng) for _ in range(40)))
    pairs = np.array([(a, b) for a in range(40) for b in range(a + 1, 40, 7)], dtype=np.int64)
    expected = [array_jaccard(shingle_array(texts[a], 3), shingle_array(texts[b], 3)) for a, b in pairs.tolist()]
    assert similarities(pairs, texts, 3) == expected
    assert similarities(np.zeros((0, 2), dtype=np.int64), {}, 3) == []
