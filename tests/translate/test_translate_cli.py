"""`newsmill models` and `newsmill cache` through the command line, with the tiny argos model."""

from pathlib import Path

from typer.testing import CliRunner

from newsmill.cli import app
from newsmill.translate import TranslationCache


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_models_install_list_remove(tiny_argos_model_file: Path, tiny_argos_packages_dir: Path):
    assert invoke("models", "list").stdout == ""
    installed = invoke("models", "install", str(tiny_argos_model_file))
    assert installed.exit_code == 0, installed.output
    assert "installed translate-nl_en" in installed.stderr
    listed = invoke("models", "list")
    assert listed.stdout.startswith("nl→en\ttranslate-nl_en\t") and str(tiny_argos_packages_dir) in listed.stdout
    assert invoke("models", "remove", "nl", "en").exit_code == 0
    assert invoke("models", "list").stdout == ""


def test_models_errors_exit_2_with_one_line(tmp_path: Path, tiny_argos_packages_dir: Path):
    bogus = tmp_path / "model.argosmodel"
    bogus.write_text("not a zip")
    result = invoke("models", "install", str(bogus))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "not an argos package" in result.stderr
    assert invoke("models", "remove", "nl", "en").exit_code == 2
    assert invoke("models", "install", "a", "b", "c").exit_code == 2


def test_cache_stats_and_clear(tmp_path: Path):
    with TranslationCache(tmp_path) as cache:
        cache.store("m 1", {"Hallo.": "Hello.", "Dag.": "Bye."})
        cache.store("n 2", {"Hallo.": "Hi."})
    stats = invoke("cache", "stats", "--cache-dir", str(tmp_path))
    assert "entries: 3" in stats.stdout and "m 1: 2" in stats.stdout
    cleared = invoke("cache", "clear", "--cache-dir", str(tmp_path), "--model", "m 1")
    assert "removed 2 cached translations" in cleared.stderr
    assert "entries: 1" in invoke("cache", "stats", "--cache-dir", str(tmp_path)).stdout
