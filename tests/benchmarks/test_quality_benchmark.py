"""benchmarks/quality.py's NTREX rows: copy level and story level, scored, or skipped with the reason."""

import json
from pathlib import Path

import pytest

from benchmarks.corpus import DEFAULT_DATA_DIR
from benchmarks.quality import ntrex_rows
from newsmill.config import Config

pytestmark = pytest.mark.slow  # runs the quality benchmark

NTREX = DEFAULT_DATA_DIR / "ntrex-dev.jsonl"


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]


@pytest.mark.skipif(not NTREX.is_file(), reason=f"NTREX evaluation data not found at {NTREX}")
def test_ntrex_rows_score_copies_and_stories():
    copy, story = ntrex_rows(Config())
    assert cells(copy)[6].endswith("0 false merges")
    precision, recall, f1, ari = map(float, cells(story)[2:6])
    assert "without a model" in cells(story)[1]
    assert min(precision, recall, f1, ari) >= 0.95


@pytest.mark.skipif(not NTREX.is_file(), reason=f"NTREX evaluation data not found at {NTREX}")
def test_ntrex_translated_row_scores_the_given_translation():
    # Every document "translated" to its story's label: dedupe must then group exactly the stories.
    records = [json.loads(line) for line in NTREX.read_text(encoding="utf-8").splitlines()]
    story_of = {record["text"]: record["story"] for record in records}
    rows = ntrex_rows(Config(), story_translate=lambda text, lang: f"the story called {story_of[text]} in full")
    assert len(rows) == 3
    assert cells(rows[2])[2:6] == ["1.0000"] * 4


def test_ntrex_rows_say_why_when_the_data_is_absent(tmp_path: Path):
    (row,) = ntrex_rows(Config(), data_dir=tmp_path)
    assert "skipped" in row and str(tmp_path / "ntrex-dev.jsonl") in row
