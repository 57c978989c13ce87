"""Anchors: numbers, names, URLs and handles that survive translation."""

import pytest

from newsmill.story.anchors import CaseStats, anchor_sequences, number_value, numbers, urls, words_of


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


def test_words_know_sentence_starts_and_joins():
    words = list(words_of("The mayor met Paul  Rowlett. Then: Rowlett left"))
    assert [(w.text, w.initial, w.joined) for w in words] == [
        ("The", True, False),
        ("mayor", False, True),
        ("met", False, True),
        ("Paul", False, True),
        ("Rowlett", False, False),
        ("Then", True, False),
        ("Rowlett", True, False),
        ("left", False, True),
    ]


def test_names_are_learnt_from_case_in_the_corpus():
    texts = [
        "Wins For Paul Rowlett As The Court Agrees\nThe court said Paul Rowlett wins, as the court agrees for once.",
        "Rowlett went home to Jackson with the FBI.",
        "The judge in Jackson agreed.",
    ]
    first, second, third = anchor_sequences(texts)
    # headline words written in lower case elsewhere are not names; the run is one anchor
    assert first == ["r:paul rowlett", "w:paul", "w:rowlett"]
    # a sentence-initial name counts once the corpus shows it capitalised inside a sentence
    assert second == ["w:rowlett", "w:jackson", "w:fbi"]
    assert third == ["w:jackson"]


def test_name_share_decides_mixed_words():
    stats = CaseStats(name_share=0.5)
    stats.add(words_of("we saw a Turkey. then a turkey and a turkey. Then Turkey again in Turkey"))
    (word,) = [w for w in words_of("in Turkey") if w.text == "Turkey"]
    assert stats.is_name(word)  # 3 capitalised of 5 in-sentence uses
    strict = CaseStats(name_share=0.6, upper=stats.upper, lower=stats.lower)
    assert not strict.is_name(word)


def test_accents_and_case_are_folded():
    assert anchor_sequences(["Mayor José Müller spoke.", "Burgemeester Jose Muller sprak."]) == [
        ["r:jose muller", "w:jose", "w:muller"],
        ["r:jose muller", "w:jose", "w:muller"],
    ]
