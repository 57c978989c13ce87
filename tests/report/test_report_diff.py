"""The word-level side-by-side diff of a near duplicate against the kept article."""

from __future__ import annotations

from newsmill.report.diff import side_by_side, tokens


def test_changed_words_are_marked_on_their_side():
    diff = side_by_side("the storm hit the coast", "the gale hit the coast hard")
    assert diff.left == "the <del>storm</del> hit the coast"
    assert diff.right == "the <ins>gale</ins> hit the coast <ins>hard</ins>"


def test_same_words_are_unmarked_and_paragraphs_stay_apart():
    diff = side_by_side("one two\n\nthree", "one  two\n\n\nthree")
    assert diff.left == diff.right == "one two <br><br> three"
    assert tokens("a\n\nb") == ["a", "\n\n", "b"]


def test_markup_in_the_texts_is_escaped():
    diff = side_by_side("<b>kept</b> & more", "<i>other</i> & more")
    assert diff.left == "<del>&lt;b&gt;kept&lt;/b&gt;</del> &amp; more"
    assert diff.right == "<ins>&lt;i&gt;other&lt;/i&gt;</ins> &amp; more"
