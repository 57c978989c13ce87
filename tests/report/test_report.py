"""The HTML report: content, escaping, offline, caps on large runs, CLI entry points."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import pytest
from helpers import EXAMPLES
from report_fixtures import BOILERPLATE, SCRIPT, example_results, hostile_results, synthetic_results
from typer.testing import CliRunner

from newsmill.cli import app
from newsmill.report import Limits, render_report
from newsmill.report.histogram import Histogram


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


@pytest.mark.slow
def test_large_runs_are_capped_and_say_what_was_cut(tmp_path):
    results = synthetic_results(tmp_path / "big", clusters=3000, members=3, paragraphs=500)
    started = time.perf_counter()
    html = render_report(results, Limits(clusters=50, members=2, paragraphs=20))
    assert time.perf_counter() - started < 30
    assert html.count('<section class="cluster"') == 50
    assert "Showing 50 of 3,000 clusters in full" in html and "Showing 20 of 500 distinct paragraphs" in html
    assert "Showing 1,050 of 3,000 clusters" in html  # the next 1,000 by title
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
    assert result.stderr.strip() == (
        f"newsmill: error: {out / 'pairs.jsonl'}:4: malformed JSON: Expecting property name enclosed in double quotes"
    )
    assert not (out / "report.html").exists()


LAYOUTS = {
    "gzip": ["--gzip"],
    "dry-run": ["--dry-run"],
    "text": ["--format", "text"],
    "text+gzip": ["--format", "text", "--gzip"],
    "gzipped by hand": [],
    "gunzipped by hand": ["--gzip"],
}


def _gzip_by_hand(out: Path) -> None:
    for path in out.glob("*.jsonl"):
        path.with_name(f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes()))
        path.unlink()


def _gunzip_by_hand(out: Path) -> None:
    for path in out.glob("*.jsonl.gz"):
        path.with_name(path.name.removesuffix(".gz")).write_bytes(gzip.decompress(path.read_bytes()))
        path.unlink()


#: Results files compressed, or decompressed, by a user after the run (``report.json`` says otherwise).
BY_HAND = {"gzipped by hand": _gzip_by_hand, "gunzipped by hand": _gunzip_by_hand}


@pytest.fixture(scope="module", params=list(LAYOUTS))
def written(request, tmp_path_factory):
    """A results directory of every layout newsmill writes, with its report from ``run --report``."""
    tmp = tmp_path_factory.mktemp(request.param)
    out, page = tmp / "out", tmp / "report.html"
    result = CliRunner().invoke(
        app, ["run", str(EXAMPLES), "-o", str(out), "--report", str(page), "-q", *LAYOUTS[request.param]]
    )
    assert result.exit_code == 0, result.output
    if request.param in BY_HAND:
        BY_HAND[request.param](out)
    return request.param, out, page


def test_every_layout_written_is_read_by_the_report(written):
    layout, out, page = written
    html = page.read_text()
    assert "<b>13</b>" in html  # articles read, from report.json
    assert "Subscribe to Coast Daily for unlimited access to local news." in html  # removed.jsonl, read
    if layout == "dry-run":
        assert "Dry run: only removed.jsonl and report.json were written" in html
        assert '<section class="cluster"' not in html
    else:
        assert html.count('<section class="cluster"') == 2  # duplicates.jsonl and articles.jsonl, read
    again = CliRunner().invoke(app, ["report", str(out), "-q"])  # and by newsmill report
    assert again.exit_code == 0, again.output
    assert "<b>13</b>" in (out / "report.html").read_text()


def test_every_layout_written_is_read_by_explain(written):
    layout, out, _ = written
    result = CliRunner().invoke(app, ["explain", "coast-daily.txt#1", "--results", str(out)])
    assert result.exit_code == 0, result.output
    if layout == "dry-run":
        assert result.stdout.startswith("coast-daily.txt#1: dry run: 2 paragraphs would be removed\n")
    else:
        assert result.stdout.startswith("coast-daily.txt#1: kept, 2 paragraphs removed\n")
    assert "'Subscribe to Coast Daily for unlimited access to local news.'  repeated" in result.stdout


def test_every_layout_written_is_read_by_the_stage_commands_and_the_library(written):
    layout, out, _ = written
    result = CliRunner().invoke(app, ["dedupe", str(out), "-q", "--no-stories"])
    if layout == "dry-run":  # a dry run writes no article
        assert result.exit_code == 2
        assert (
            result.stderr
            == f"newsmill: error: {out}: dry-run results hold no articles; rerun without --dry-run to read them\n"
        )
        return
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 13 and sum(r["duplicate_of"] is not None for r in records) == 3
    import newsmill

    again = newsmill.clean([out], newsmill.Config(translate=False))
    assert len(again.articles) == 13 and len(again.kept) == 10


def _cards(html: str) -> dict[str, int]:
    return {
        label: int(n.replace(",", ""))
        for n, label in re.findall(r'<div class="card"><b>([\d,]+)</b><span>([^<]+)</span>', html)
    }


def _stage_details(html: str, stage: str) -> dict[str, str]:
    cell = re.search(rf"<tr><td>{stage}</td>(?:<td[^>]*>[^<]*</td>){{2}}<td>(.*?)</td></tr>", html).group(1)
    return dict(part.split(": ", 1) for part in cell.split("; "))


def test_every_count_in_the_page_is_the_one_in_report_json(examples):
    """Cards, the stage table and the sections quote report.json: one count per concept."""
    html = render_report(examples)
    counts = json.loads((examples / "report.json").read_text())["counts"]
    boiler, ingest = counts["boilerplate"], counts["ingest"]
    assert boiler["paragraphs_removed"] == 8 and ingest["signature_lines"] == 7  # both kinds occur
    assert _cards(html) == {
        "articles read from 4 files": ingest["articles"],
        "articles kept": counts["output"]["articles"],
        "duplicates set aside": counts["output"]["duplicates"],
        "boilerplate paragraphs removed": boiler["paragraphs_removed"],
        "signature lines removed": ingest["signature_lines"],
    }
    row = _stage_details(html, "boilerplate")
    assert (row["paragraphs removed"], row["distinct paragraphs"]) == (
        str(boiler["paragraphs_removed"]),
        str(boiler["distinct_paragraphs"]),
    )
    assert _stage_details(html, "ingest")["signature lines"] == str(ingest["signature_lines"])
    section = html[html.index('<section id="boilerplate">') :]
    assert (
        f"{boiler['paragraphs_removed']} boilerplate paragraphs removed, {boiler['distinct_paragraphs']} distinct, "
        f"from {boiler['articles_touched']} articles." in section
    )
    assert f"{ingest['signature_lines']} signature lines removed by the splitter" in section
    table = section[: section.index("<h3>Signature lines</h3>")]  # the boilerplate rows add up to the count
    assert sum(int(n) for n in re.findall(r'<td class="para">[^<]*</td><td class="num">(\d+)</td>', table)) == 8
    assert len(re.findall(r'<td class="para">', table)) == boiler["distinct_paragraphs"]


def test_the_stage_table_shows_no_unset_value_and_no_install_hint(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(EXAMPLES), "-o", str(out), "-q", "--report", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())["counts"]["translate"]
    assert report["model"] is None and report["install_hint"]  # no model is installed in the tests
    html = (tmp_path / "r.html").read_text()
    row = _stage_details(html, "translate")
    assert "model" not in row and "sentence splitter" not in row and "install hint" not in row
    assert "None" not in re.sub(r"<footer>.*</footer>", "", html, flags=re.S)  # the configuration may say null
    from html import escape

    assert html.count(escape(report["install_hint"])) == 1  # the hint, once, in the translation section
    assert html.index(escape(report["install_hint"])) > html.index('<section id="translation">')


def test_language_numbers_have_separators_and_room(tmp_path):
    from newsmill.report.svg import WIDTH, language_svg

    svg = language_svg({"en": 16245, "nl": 3}, {"en": 13963, "nl": 3})
    assert "16,245 read, 13,963 kept" in svg
    x = float(re.search(r'<text class="tick" x="([\d.]+)"[^>]*>16,245', svg).group(1))
    assert x + 7.5 * len("16,245 read, 13,963 kept") <= WIDTH


@pytest.mark.slow
def test_the_report_size_is_bounded_by_its_limits_not_by_the_corpus(tmp_path):
    """2,000 clusters of 5 articles of 600 words (long news articles): the page shows the
    largest clusters in full, lists the next by title with the explain command, and
    stays under 2 MB, however many more clusters a larger run has."""
    results = synthetic_results(tmp_path / "big", clusters=2_000, members=4, paragraphs=5_000, words=600)
    html = render_report(results)
    size = len(html.encode("utf-8"))
    assert size < 2_000_000, size
    limits = Limits()
    assert html.count('<section class="cluster"') == limits.clusters
    assert html.count("<code>newsmill explain ") == limits.listed
    assert f"<code>newsmill explain k{limits.clusters} --results {results}</code>" in html
