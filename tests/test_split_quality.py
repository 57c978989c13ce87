"""Boundary precision and recall of the splitter on the annotated dumps in tests/data/split/."""

from benchmarks.split_quality import DATA_DIR, Score, load_annotated, score_directory

from test_split import split
from helpers import body


def test_every_delimiting_pattern_is_split_where_annotated():
    scores = score_directory()
    for name in ("signatures.txt", "headlines.txt", "nos_style.txt", "separators.txt"):
        assert (scores[name].precision, scores[name].recall) == (1.0, 1.0), name


def test_known_misses_are_the_only_errors():
    # A headline ending in "?" is not taken for one, and a headline-shaped
    # sub-heading between two body paragraphs is: one miss, one false start.
    assert score_directory()["hard_cases.txt"] == Score(found=3, annotated=3, correct=2)


def test_overall_precision_and_recall():
    total = sum(score_directory().values(), Score(0, 0, 0))
    assert (total.found, total.annotated, total.correct) == (18, 18, 17)
    assert round(total.precision, 3) == round(total.recall, 3) == 0.944


def test_annotation_lines_are_removed_and_mark_the_next_text_line():
    dump = load_annotated(DATA_DIR / "separators.txt")
    assert not any(line.startswith(">>>") for line in dump.lines)
    assert dump.lines[0] == "Water board raises the dikes along the river bend"
    assert min(dump.starts) == 1 and len(dump.starts) == 4


def test_separator_lines_split_alone_and_short_articles_stay_apart():
    dump = "\n\n".join(["First title", body("alpha"), "=====", "Short", "Two words.", "* * * * *", body("beta")])
    (pieces,) = split(dump)
    assert [p.title.text if p.title else None for p in pieces] == ["First title", "Short", None]
    assert [p.text for p in pieces[1].body] == ["Two words."]


def test_three_marks_are_a_scene_break_not_a_separator():
    dump = "\n\n".join(["A title for the story here", body("alpha"), "***", body("beta")])
    (pieces,) = split(dump)
    assert len(pieces) == 1 and "***" in [p.text for p in pieces[0].body]
