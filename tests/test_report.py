"""The HTML report: content, escaping, offline, caps on large runs, CLI entry points."""

from __future__ import annotations

import json
import re
import time

import pytest
from typer.testing import CliRunner

from newsmill.cli import app
from newsmill.report import Limits, render_report
from newsmill.report.histogram import Histogram

from helpers import EXAMPLES
from report_fixtures import BOILERPLATE, SCRIPT, example_results, hostile_results, synthetic_results


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    return example_results(tmp_path_factory.mktemp("report") / "out")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_results(tmp_path_factory.mktemp("report") / "out")


def test_report_shows_every_part_of_the_run(examples):
    html = render_report(examples)
    assert html.count('<section class="cluster"') == 2
    assert "Subscribe to Coast Daily for unlimited access to local news." in html
    assert 'data-kept="coast-daily.txt#1"' in html and "harbour-wire.txt#3" in html
    assert "<del>around</del>" in html and "<ins>some</ins>" in html  # the near duplicate's word diff
    assert html.count("exact copy</span>") == 2  # same text, a different headline: not a near duplicate
    assert "headline <q>City council approves new harbour ferry line after long debate</q>" in html
    assert "threshold 0.7" in html and "<svg" in html and "(1 pair reached it)" in html
    assert "no argos model installed for nl→en" in html
    for count in ("13", "10"):  # articles read and kept
        assert f"<b>{count}</b>" in html


def test_article_text_is_escaped_everywhere(hostile):
    html = render_report(hostile)
    assert "<script" not in html
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in html
    assert "Read more at &lt;b&gt;Example &amp; Co&lt;/b&gt; today." in html
    assert BOILERPLATE not in html and SCRIPT not in html


def test_report_is_self_contained(examples):
    html = render_report(examples)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "<link" not in html and "@import" not in html and "<script" not in html


def test_large_runs_are_capped_and_say_what_was_cut(tmp_path):
    results = synthetic_results(tmp_path / "big", clusters=3000, members=3, paragraphs=500)
    started = time.perf_counter()
    html = render_report(results, Limits(clusters=50, members=2, paragraphs=20))
    assert time.perf_counter() - started < 30
    assert html.count('<section class="cluster"') == 50
    assert "Showing 50 of 3,000 clusters" in html and "Showing 20 of 500 distinct paragraphs" in html
    assert "and 1 more duplicate, in duplicates.jsonl." in html
    assert "9,000 candidate pairs" in html and "(9,000 pairs reached it)" in html


def test_translation_coverage_is_counted_from_the_records(tmp_path):
    out = example_results(tmp_path / "out")
    lines = (out / "articles.jsonl").read_text().splitlines()
    marked = []
    for line in lines:
        record = json.loads(line)
        if record["lang"] == "nl":
            record.update(translated=record["id"] != "nieuws.txt#3", translation_model={
                "name": "translate-nl_en", "version": "1.9", "source": "nl", "target": "en"})
            if not record["translated"]:
                record["translation_reason"] = "longer than the length limit"
        marked.append(json.dumps(record))
    (out / "articles.jsonl").write_text("\n".join(marked) + "\n")
    html = render_report(out)
    assert "Translation did not run." not in html
    assert re.search(r"<td>translated</td><td class=\"num\">2</td>", html)
    assert "translate-nl_en 1.9 (nl→en)" in html and "longer than the length limit" in html


def test_histogram_bins_put_bin_edges_above_and_one_in_the_last_bin():
    histogram = Histogram([0] * 20)
    for similarity in (0.0, 0.35, 0.7, 0.6999, 1.0):
        histogram.add(similarity)
    assert [i for i, n in enumerate(histogram.counts) if n] == [0, 7, 13, 14, 19]


def test_run_report_and_report_command_write_the_same_page(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(EXAMPLES), "-o", str(out), "--report", str(tmp_path / "a.html")])
    assert result.exit_code == 0, result.output
    assert f"report: {tmp_path / 'a.html'}" in result.stderr
    assert runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "b.html")]).exit_code == 0
    assert runner.invoke(app, ["report", str(out), "-q"]).exit_code == 0
    page = (tmp_path / "a.html").read_bytes()
    assert page == (tmp_path / "b.html").read_bytes() == (out / "report.html").read_bytes()


def test_report_path_that_is_a_directory_fails_before_anything_is_written(tmp_path):
    result = CliRunner().invoke(app, ["run", str(EXAMPLES), "-o", str(tmp_path / "out"), "--report", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr
    assert not (tmp_path / "out").exists()


def test_damaged_results_name_the_file_and_line(tmp_path):
    out = example_results(tmp_path / "out")
    with (out / "pairs.jsonl").open("a") as pairs:
        pairs.write("{oops\n")
    result = CliRunner().invoke(app, ["report", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"newsmill: error: {out / 'pairs.jsonl'}:4: malformed JSON"
    assert not (out / "report.html").exists()
