"""The report rendered by a real browser: headless Chromium, screenshot and DOM.

Chromium is the Debian package at /usr/bin/chromium (``.ci/run`` installs
it); where it is absent these tests skip and say so.
"""

from __future__ import annotations

import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_fixtures import example_results, hostile_results

from newsmill.report import write_report

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1280, 2400)

pytestmark = [
    pytest.mark.slow,  # a real browser (Chromium)
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"headless Chromium not installed at {CHROMIUM} (Debian package chromium)"
    ),
]


def chromium(page: Path, profile: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``page`` offline, with a throwaway profile."""
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", f"--window-size={WINDOW[0]},{WINDOW[1]}", *mode, page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


class Dom(HTMLParser):
    """A dumped DOM: its HTML, the tag and class of each element, the text of removed-paragraph rows."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html
        self.elements: list[tuple[str, str]] = []
        self.row_texts: list[str] = []
        self._row: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        self.elements.append((tag, classes))
        if tag == "tr" and "removed" in classes.split():
            self._row = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.row_texts.append(" ".join(self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row.append(data)

    def count(self, tag: str, css_class: str) -> int:
        return sum(t == tag and css_class in c.split() for t, c in self.elements)


def render(results: Path, tmp_path: Path) -> tuple[Path, Dom]:
    page = tmp_path / "report.html"
    write_report(results, page)
    screenshot = tmp_path / "report.png"
    chromium(page, tmp_path / "profile-shot", f"--screenshot={screenshot}")
    dom = chromium(page, tmp_path / "profile-dom", "--dump-dom").stdout
    return screenshot, Dom(dom)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_browser_renders_clusters_and_removed_paragraphs(tmp_path):
    screenshot, dom = render(example_results(tmp_path / "out"), tmp_path)
    assert png_size(screenshot) == WINDOW
    assert dom.count("section", "cluster") == 2
    assert dom.count("details", "member") >= 1  # the near duplicate's diff
    assert any("Subscribe to Coast Daily for unlimited access to local news." in row for row in dom.row_texts)
    assert any(row.startswith("Harbour Wire") for row in dom.row_texts)
    assert dom.count("svg", "chart") == 2


def test_browser_shows_markup_in_articles_as_text(tmp_path):
    _, dom = render(hostile_results(tmp_path / "out"), tmp_path)
    assert not any(tag == "script" for tag, _ in dom.elements)
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom.html
    assert "<title>newsmill report: out</title>" in dom.html  # the planted script did not run
    assert dom.count("section", "cluster") == 1
    assert any("Read more at <b>Example & Co</b> today." in row for row in dom.row_texts)
