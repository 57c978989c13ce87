"""The SQLite translation cache: keys, stats, clearing, location, two writers at once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsmill.translate import TranslationCache, default_cache_dir

MODEL = "translate-nl_en 1.9"


def test_lookup_is_keyed_by_model_and_sentence(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        cache.store(MODEL, {"Goedemorgen.": "Good morning.", "Dag.": "Bye."})
        assert cache.lookup(MODEL, ["Dag.", "Nieuw.", "Dag."]) == {"Dag.": "Bye."}
        assert cache.lookup("translate-nl_en 1.8", ["Dag."]) == {}


def test_lookup_of_many_sentences(tmp_path: Path) -> None:
    sentences = {f"Zin {i}.": f"Sentence {i}." for i in range(2500)}
    with TranslationCache(tmp_path) as cache:
        cache.store(MODEL, sentences)
        assert cache.lookup(MODEL, list(sentences) + ["Nieuw."]) == sentences


def test_stats_and_clear(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        cache.store(MODEL, {"a": "A", "b": "B"})
        cache.store("other 1.0", {"a": "X"})
        stats = cache.stats()
        assert stats.entries == 3 and stats.entries_per_model == {MODEL: 2, "other 1.0": 1}
        assert stats.path == tmp_path / "translations.sqlite3" and stats.size_bytes > 0
        assert cache.clear("other 1.0") == 1
        assert cache.clear() == 2
        assert cache.stats().entries == 0


def test_location_follows_env_and_platform_convention(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSMILL_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    assert TranslationCache().path == tmp_path / "mine" / "translations.sqlite3"
    monkeypatch.delenv("NEWSMILL_CACHE_DIR")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert default_cache_dir() == tmp_path / "xdg" / "newsmill"


BATCHES = 150
WRITER = """
import sys, time
from pathlib import Path
from newsmill.translate import TranslationCache

cache_dir, writer, batches = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
(cache_dir / f"ready-{writer}").touch()
while not (cache_dir / "go").exists():  # start together, opening the database included
    time.sleep(0.001)
with TranslationCache(cache_dir) as cache:
    for batch in range(batches):
        # Both writers write the shared keys, and each its own.
        shared = {f"shared {batch} {i}": f"S{batch}.{i}" for i in range(50)}
        own = {f"{writer} {batch} {i}": f"{writer}{batch}.{i}" for i in range(50)}
        cache.store("model 1", {**shared, **own})
        assert cache.lookup("model 1", list(own)) == own
"""


@pytest.mark.slow
def test_two_processes_can_write_at_once(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name, str(BATCHES)],
                         stderr=subprocess.PIPE, text=True)
        for name in ("first", "second")
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{name}").exists() for name in ("first", "second")):
        assert time.monotonic() < deadline and all(w.poll() is None for w in writers), "a writer did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    with TranslationCache(tmp_path) as cache:
        assert cache.stats().entries == BATCHES * 50 * 3


def test_cache_commands_use_the_cache_dir_of_the_configuration_file(tmp_path):
    from typer.testing import CliRunner

    from newsmill.cli import app

    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.newsmill]\ncache_dir = "{tmp_path / "from-file"}"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["cache", "stats", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert f"cache: {tmp_path / 'from-file'}" in result.stdout
