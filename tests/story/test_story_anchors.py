"""Anchors: numbers, names, URLs and handles that survive translation."""

import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmill.story import anchors
from newsmill.story.anchors import (
    CaseStats,
    anchor_table,
    case_counts,
    fold_name,
    handles,
    names,
    number_value,
    numbers,
    text_anchors,
    urls,
)


@pytest.mark.parametrize(
    ("digits", "value"),
    [
        ("1,000", "1000"),
        ("1.000", "1000"),
        ("1 000", "1000"),
        ("1000", "1000"),
        ("2.500.000", "2500000"),
        ("16,5", "16.5"),
        ("16.5", "16.5"),
        ("1.234,50", "1234.5"),
        ("1,234.50", "1234.5"),
        ("0,125", "0.125"),
        ("3.0", "3"),
        ("2019", "2019"),
    ],
)
def test_number_values_agree_across_formats(digits, value):
    assert number_value(digits) == value


def test_dutch_and_english_figures_give_the_same_anchors():
    dutch = "De schade bedroeg 1.250.000 euro, 16,5 procent meer dan in 2019; 3 000 mensen en 7% minder."
    english = "The damage came to 1,250,000 euros, 16.5 percent more than in 2019; 3,000 people and 7 per cent less."
    expected = ["n:1250000", "p:16.5%", "n:2019", "n:3000", "p:7%"]
    assert [anchor for _, anchor in numbers(dutch)] == expected
    assert [anchor for _, anchor in numbers(english)] == expected


def test_numbers_do_not_run_into_each_other():
    assert [a for _, a in numbers("in 2014 100 people, 5-0-0 and 29-year-old")] == [
        "n:2014", "n:100", "n:5", "n:0", "n:0", "n:29"
    ]


def test_urls_are_normalised():
    text = "Lees meer op https://www.Example.org/rapport/. Zie ook nos.nl of http://bbc.co.uk/news/123."
    assert [a for _, a in urls(text)] == ["u:example.org/rapport", "u:nos.nl", "u:bbc.co.uk/news/123"]


def test_case_counts_skip_sentence_initial_words():
    inside = case_counts(["The mayor met Paul  Rowlett. Then: Rowlett left", '"The end" of The'])
    # "The" opens the first text, "Then" and the second "Rowlett" follow a break; '"The' has no break before it
    assert inside["The"] == 2 and inside["Then"] == 0 and inside["Rowlett"] == 1 and inside["mayor"] == 1


def test_names_are_learnt_from_case_in_the_corpus():
    texts = [
        "Wins For Paul Rowlett As The Court Agrees\nThe court said Paul Rowlett wins, as the court agrees for once.",
        "Rowlett went home to Jackson with the FBI.",
        "The judge in Jackson agreed.",
    ]
    first, second, third = anchor_table(texts).sequences()
    # headline words written in lower case elsewhere are not names; the run is one anchor
    assert first == ["r:paul rowlett", "w:paul", "w:rowlett"]
    # a sentence-initial name counts once the corpus shows it capitalised inside a sentence
    assert second == ["w:rowlett", "w:jackson", "w:fbi"]
    assert third == ["w:jackson"]


def test_runs_need_single_spaces_and_no_word_between():
    stats = CaseStats()
    stats.add(case_counts(["with Paul and Rowlett and Jackson and Smith"]))
    found = [anchor for _, anchor in names("met Paul Rowlett, Paul  Jackson, Paul x Smith, iPaul Smith", stats.names())]
    assert "r:paul rowlett" in found and "r:paul jackson" not in found and "r:paul smith" not in found
    assert found.count("w:paul") == 3  # not the "Paul" inside "iPaul"


def test_name_share_decides_mixed_words():
    stats = CaseStats(name_share=0.5)
    stats.add(case_counts(["we saw a Turkey. then a turkey and a turkey. Then Turkey again in Turkey"]))
    assert stats.name("Turkey") == "turkey"  # 3 capitalised of 5 in-sentence uses
    strict = CaseStats(name_share=0.6, upper=stats.upper, lower=stats.lower)
    assert strict.name("Turkey") == ""


# The definition the fast scan must agree with: every word in turn, as first written.
def reference_sequences(texts, name_share=0.5):
    breaks = set(".!?:;\n…")

    def words(text):
        end = 0
        for match in re.finditer(r"\w+", text):
            gap, end = text[end : match.start()], match.end()
            if match.group()[0].isalpha():
                yield match.group(), match.start(), match.start() == 0 or bool(breaks & set(gap)), gap == " "

    def acronym(word):
        return len(word) >= 2 and word.isalpha() and word.isupper()

    normal = [unicodedata.normalize("NFKC", text) for text in texts]
    upper, lower = Counter(), Counter()
    for text in normal:
        for word, _, initial, _ in words(text):
            if not initial and not acronym(word):
                (upper if word[0].isupper() else lower)[fold_name(word)] += 1

    def is_name(word):
        key = fold_name(word)
        capitalised = word[0].isupper() and len(word) >= 2
        return acronym(word) or (capitalised and upper[key] > name_share * (upper[key] + lower[key]))

    sequences = []
    for text in normal:
        found, run = [], []
        for word, start, _, joined in words(text):
            if not is_name(word) or not joined:
                if len(run) > 1:
                    found.append((run[0][0], "r:" + " ".join(fold_name(w) for _, w in run)))
                run = []
            if is_name(word):
                found.append((start, "w:" + fold_name(word)))
                run.append((start, word))
        if len(run) > 1:
            found.append((run[0][0], "r:" + " ".join(fold_name(w) for _, w in run)))
        located = sorted(numbers(text) + urls(text) + handles(text) + found)
        sequences.append(list(dict.fromkeys(anchor for _, anchor in located)))
    return sequences


PIECES = ["Paul", "Rowlett", "paul", "NASA", "iPhone", "José", "ÉCLAIR", "éclair", "x", "2019", "²b", "_a",
          " ", "  ", ". ", ", ", ": ", "\n", "…", '"', "-", "@nos", "#tag", "www.nos.nl", "3,5 %"]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), min_size=1, max_size=4), st.integers(1, 2))
def test_the_fast_scan_finds_what_reading_every_word_finds(texts, jobs):
    assert anchor_table(texts, jobs=jobs).sequences() == reference_sequences(texts)


def test_accents_and_case_are_folded():
    assert anchor_table(["Mayor José Müller spoke.", "Burgemeester Jose Muller sprak."]).sequences() == [
        ["r:jose muller", "w:jose", "w:muller"],
        ["r:jose muller", "w:jose", "w:muller"],
    ]


# Characters that exercise each scan's edges: whitespace that str.split and \w treat alike, letters of
# both cases in and out of ASCII, digits, separators, a numeral that is no digit, sentence breaks.
SCAN_ALPHABET = list("aZéÉß1 9_²,.:;!?%@#-'\"()\t\n") + ["\u00a0", "\u2028", "…", " percent", " PCT", ".com", "www."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SCAN_ALPHABET), max_size=40).map("".join), max_size=4))
def test_case_counts_count_every_word_inside_a_sentence(texts):
    inside = Counter(word for text in texts for word in re.findall(r"\w+", text))
    for text in texts:
        inside.subtract(re.findall(r"[.!?:;\n…]\W*(\w+)", text))
        inside.subtract(re.findall(r"^\w+", text))
    assert +case_counts(texts) == +inside and -case_counts(texts) == -inside


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SCAN_ALPHABET), max_size=60).map("".join))
def test_scans_that_skip_ahead_find_what_the_plain_patterns_find(text):
    # the plain patterns, each look-behind before the character it guards: what the definitions say
    number = re.compile(
        r"(?<![\w.,])(\d{1,3}(?:([., ])\d{3})(?:\2\d{3})*(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?)"
        r"(\s?%|\s?(?:percent|procent|per\s+cent|pct)\b)?",
        re.IGNORECASE,
    )
    capital = re.compile(r"(?<!\w)[^\W\da-z_]\w*")
    url_hint = re.compile(r"://|www\.|\.(?:com|org|net|edu|gov|int|info|io|eu|nl|be|uk|de|fr)\b", re.IGNORECASE)
    # the one scan finds each kind (the number's percent suffix looked at, not consumed) in one pass
    found = list(anchors._SCAN.finditer(text))
    assert [(m.start(), (m[0], m["percent"])) for m in found if m.lastgroup == "number"] == [
        (m.start(), (m[1], m[3])) for m in number.finditer(text)
    ]
    assert [m.span() for m in found if m.lastgroup == "name"] == [m.span() for m in capital.finditer(text)]
    assert any(m.lastgroup == "url" for m in found) == bool(url_hint.search(text))
    assert bool(anchors._URL_HINT.search(text)) == bool(url_hint.search(text))
    handle = re.compile(r"(?<!\w)[@#]\w+")
    assert [m.span() for m in anchors._HANDLE.finditer(text)] == [m.span() for m in handle.finditer(text)]


URL_PARTS = ["nos", "NOS", "x-y", "_", "2", ".", ".nl", ".COM", ".info", "://", "http", "https://", "www.", "WWW.",
             "/", "/a", " ", "  ", "\n", "\t", "\u00a0", "\u2028", ",", "(", ")", "'", "@", "é"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(URL_PARTS), max_size=30).map("".join))
def test_urls_read_around_each_hint_are_those_of_the_whole_text(text):
    whole = [(m.start(), anchors.url_anchor(m[0])) for m in anchors._URL.finditer(text)]
    assert urls(text) == whole


# Pieces that meet at every edge of the piece reading: names joined by one space or by a gap of
# numbers and signs, words that break a run, numbers with percent words in every case, handles, URLs.
PIECE_PARTS = ["Paul", "Rowlett", "NASA", "The", "José", "ÉCLAIR", "Éclair", "éclair", "iPhone", "²b", "_a", "2nd", "x",
               "5", "1 000", "3,5", "%", "Per", "per", "Cent", "cent", "PCT", "Percent", "@nos", "#Tag", "@", "#",
               "www.", ".com", "://", " ", " ", " ", "  ", ", ", ". ", "\n", "-", "'"]
PIECE_NAMES = anchors.Names(frozenset({"paul", "rowlett", "jose", "cent", "per", "percent", "tag"}))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECE_PARTS), max_size=24).map("".join))
def test_reading_a_text_in_pieces_finds_what_reading_it_whole_finds(text):
    whole = anchors._located_anchors(text, anchors.scan(text, anchors.Names(PIECE_NAMES.keys)))
    assert text_anchors(text, PIECE_NAMES) == whole


def test_pieces_read_before_serve_the_next_chunks_and_start_afresh_when_many(monkeypatch):
    import pickle

    names = anchors.Names(frozenset({"paul", "rowlett"}))
    received = pickle.loads(pickle.dumps(names))  # as a worker receives it with each chunk
    assert pickle.loads(pickle.dumps(names)) is received and received == names
    monkeypatch.setattr(anchors, "PIECES_KEPT", 3)
    texts = [f"Paul Rowlett met {i} people in Paris and NASA, said The Times {i % 7}." for i in range(50)]
    found = [text_anchors(text, received) for text in texts]
    assert found == [text_anchors(text, names) for text in texts]
    assert found[0] == ["r:paul rowlett", "w:paul", "w:rowlett", "n:0", "w:nasa"]
    assert len(received.pieces) <= max(3, len(set(anchors._PIECE.findall(texts[-1]))))  # one text's pieces are kept


def test_case_counts_merged_over_chunks_equal_those_of_all_texts_at_once():
    texts = [f"In Paris {i} people met Mayor Hidalgo. paris is big; The mayor spoke." for i in range(2500)]
    texts += ["the Paris of Paul", "PARIS and Paris"] * 300
    whole = CaseStats()
    whole.add(case_counts(unicodedata.normalize("NFKC", text) for text in texts))
    chunked = anchors.case_stats(texts)  # chunks of 1,000 and more texts, added up
    assert chunked.upper == whole.upper and chunked.lower == whole.lower
    assert chunked.names() == whole.names() and "paris" in whole.names().keys


def test_both_anchor_passes_run_on_one_fork_of_the_pool():
    from newsmill.workers import Pool

    texts = [f"Mayor Jose Muller of Paris spoke to {i} people." for i in range(2500)]
    with Pool(2) as pool:
        found = anchor_table(texts, jobs=2).sequences()
        assert pool.starts == 1
    assert found == anchor_table(texts, jobs=1).sequences()


@pytest.mark.parametrize(
    ("text", "piece", "expected"),
    [
        ("rose 7% today", "7%", ["p:7%"]),
        ("rose 3,5 procent", "3,5 procent", ["p:3.5%"]),
        ("rose 5 per\ncent", "5 per\ncent", ["p:5%"]),
        ("rose 5 PCT Rise", "5 ", ["p:5%", "r:pct rise", "w:pct", "w:rise"]),  # the word is a piece of its own
        ("rose 5 per Cent", "5 ", ["p:5%", "w:cent"]),
        ("rose 5PCT", "5PCT", ["p:5%"]),  # a letter after a digit starts no piece
        ("rose 5Per Cent", "5Per", ["p:5%", "w:cent"]),
        ("rose 1 000 % and 1 000 people", "1 000 %", ["p:1000%", "n:1000"]),
        ("rose 5 percentage points", "5", ["n:5"]),
    ],
)
def test_a_number_piece_is_longer_than_its_number_exactly_for_a_percentage(text, piece, expected):
    names = anchors.Names(frozenset({"rise", "cent"}))
    assert piece in anchors._PIECE.findall(text)
    assert text_anchors(text, names) == expected == anchors._located_anchors(text, anchors.scan(text, names))


@pytest.mark.parametrize(
    ("members", "others", "plain"),
    [
        (".!?:;\n", "…", r"[.!?:;\n…]"),
        ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:.@#", None, r"[0-9A-Z:.@#\x80-\U0010FFFF]"),
    ],
)
def test_a_scanned_class_holds_the_characters_of_the_plain_one(members, others, plain):
    scanned, written = re.compile(anchors._scanned_class(members, others)), re.compile(plain)
    every = "".join(map(chr, range(0x110000)))
    assert scanned.findall(every) == written.findall(every)
