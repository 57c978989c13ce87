"""Progress bars: a time-remaining estimate wherever the total is known, and totals for long steps."""

from __future__ import annotations

import contextlib
import io

import pytest
from helpers import EXAMPLES, body
from rich.console import Console

from newsmill.config import Config
from newsmill.dedupe import dedupe
from newsmill.ingest.read import discover, read_articles
from newsmill.pipeline import load
from newsmill.progress import BYTES, Progress, progress_bars


class Recording(Progress):
    """Remembers every counted step: description → (total, unit, amounts reported)."""

    def __init__(self) -> None:
        self.steps: dict[str, tuple[int, str, list[int]]] = {}

    @contextlib.contextmanager
    def counting(self, description, total, unit=""):
        amounts: list[int] = []
        self.steps[description] = (total, unit, amounts)
        yield amounts.append


def test_reading_counts_the_bytes_of_the_whole_input():
    files = discover([EXAMPLES])
    progress = Recording()
    articles = list(read_articles(files, Config(), progress))
    assert len(articles) == 13
    size = sum(f.path.stat().st_size for f in files)
    total, unit, amounts = progress.steps["read"]
    assert (total, unit, sum(amounts)) == (size, BYTES, size)
    dumps = sum(f.path.stat().st_size for f in files if f.format == "text")
    assert progress.steps["scan"][0] == sum(progress.steps["scan"][2]) == dumps


def test_reading_jsonl_alone_has_no_scan_step(tmp_path):
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text('{"id": "a", "text": "One paragraph."}\n', encoding="utf-8")
    progress = Recording()
    assert len(list(read_articles(discover([corpus]), Config(), progress))) == 1
    assert "scan" not in progress.steps  # the first pass is the text dumps' only
    assert progress.steps["read"][0] == corpus.stat().st_size


def test_dedupe_counts_texts_sketched_and_pairs_verified():
    text = body("harbour", 60)
    articles = load([{"id": str(i), "text": text if i < 3 else body(f"topic{i}", 60)} for i in range(6)], Config())
    progress = Recording()
    dedupe(articles, Config(jobs=1), progress)
    total, _, amounts = progress.steps["sketch"]
    assert total == sum(amounts) == 6
    total, _, amounts = progress.steps["verify"]
    assert total == sum(amounts)  # the candidate pairs LSH proposed (exact copies are found by hash)


def test_bars_with_a_known_total_show_the_time_remaining_and_bytes_in_units():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, color_system=None, width=140)
    with progress_bars(quiet=False, console=console) as progress:
        with progress.counting("read", 2_500_000, BYTES) as consumed:
            for _ in range(25):
                consumed(100_000)
        list(progress.track(range(10), "langid", total=10))
        with progress.busy("stories", 10):
            pass
    shown = screen.getvalue()
    assert "2.5 MB/2.5 MB" in shown and "10/10" in shown
    assert shown.count("0:00:00") >= 3  # elapsed, on every bar
    assert "00:00" in shown.replace("0:00:00", "")  # the time remaining, compact


def test_boilerplate_counts_the_article_families_and_the_paragraphs_sketched():
    from newsmill.boilerplate.stage import strip_boilerplate

    articles = load([EXAMPLES], Config())
    progress = Recording()
    strip_boilerplate(articles, Config(), progress)
    total, _, amounts = progress.steps["near variants"]
    assert total == sum(amounts) > 0
    assert progress.steps["sketch"][0] == len(articles)  # article families, found by dedupe


def test_rate_and_time_left_are_averaged_since_the_bar_started():
    from rich.progress import Progress as RichProgress

    from newsmill.progress import RemainingColumn, average_rate

    now = [0.0]
    bars = RichProgress(get_time=lambda: now[0])
    task = bars.add_task("stories", total=100)
    now[0] = 10.0
    bars.advance(task, 10)
    now[0] = 10.001
    bars.advance(task, 40)  # chunks from the workers arriving together
    state = bars.tasks[task]
    assert state.speed is not None and state.speed > 1000  # rich's rate over its last samples
    assert average_rate(state) == pytest.approx(50 / 10.001)
    assert RemainingColumn().render(state).plain == "00:10"
