"""Where a run's time went: report.json's ``timing`` and the summary line."""

from __future__ import annotations

from pathlib import Path

import newsmill
from newsmill.pipeline import iter_summary_lines, run_stage
from newsmill.timing import timing_line

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def test_a_run_reports_every_stage_seconds_and_peak_memory():
    results = newsmill.clean([EXAMPLES], newsmill.Config(translate=False))
    timing = results.report["timing"]
    assert list(timing["seconds"]) == ["ingest", "langid", "boilerplate", "dedupe", "translate", "stories"]
    assert all(seconds >= 0 for seconds in timing["seconds"].values())
    assert abs(timing["total_seconds"] - sum(timing["seconds"].values())) < 0.01
    assert timing["peak_memory_mb"]["main"] > 10  # a Python process with numpy loaded
    assert "timing" not in results.report["counts"]


def test_a_stage_command_times_ingest_and_its_stage():
    results = run_stage("dedupe", [EXAMPLES], newsmill.Config())
    assert list(results.report["timing"]["seconds"]) == ["ingest", "dedupe", "stories"]
    split = run_stage("split", [EXAMPLES], newsmill.Config())
    assert list(split.report["timing"]["seconds"]) == ["ingest"]


def test_the_summary_shows_timing_only_for_long_runs():
    results = newsmill.clean([EXAMPLES], newsmill.Config(translate=False))
    report = dict(results.report)
    assert not any(line.startswith("time:") for line in iter_summary_lines(report))
    report["timing"] = {
        "seconds": {"ingest": 2.0, "langid": 8.0},
        "total_seconds": 10.0,
        "peak_memory_mb": {"main": 1234.0, "workers": 56.0},
    }
    assert list(iter_summary_lines(report))[-1] == (
        "time: 10.0 s (ingest 2.0 s (20%), langid 8.0 s (80%)); peak memory 1,234 MB, workers 56 MB"
    )
    assert timing_line(report["timing"]).startswith("time: 10.0 s")
