"""Settings by stage, the options generated from them and the stage table."""

import dataclasses
from pathlib import Path

import pytest
from helpers import EXAMPLES
from typer.testing import CliRunner

import newsmill
from newsmill import stages
from newsmill.cli import app
from newsmill.cli.docs import with_table
from newsmill.cli.options import expand, flags_of, pipeline_order
from newsmill.cli.pipeline import WHERE_IT_RUNS
from newsmill.config import FLAT_NAMES, SECTIONS, Config
from newsmill.settings import DedupeSettings, SettingError

README = Path(__file__).resolve().parents[2] / "README.md"

#: report.json's config block: every setting, in this order (the contract).
REPORTED = [
    "threshold", "ngram", "num_perm", "boilerplate_min_count", "keep", "keep_duplicates", "separator", "split",
    "jobs", "engine", "scheduler", "index", "ignore", "languages", "strip_junk", "always_keep", "always_remove",
    "dry_run", "include", "exclude", "input_format", "format", "gzip", "translate", "translate_from",
    "translate_to", "batch_size", "beam_size", "threads", "device", "max_decoding_length", "cache_dir",
    "require_translation", "stories", "story_threshold", "story_min_shared", "story_one_to_one",
    "story_translated_threshold", "story_translated_ngram", "drop_story_duplicates",
]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_every_setting_belongs_to_one_section_and_the_flat_names_map_onto_them():
    declared = [f.name for section in SECTIONS.values() for f in dataclasses.fields(section)]
    assert sorted(declared) == sorted(FLAT_NAMES) and len(set(declared)) == len(declared)
    for name, section in FLAT_NAMES.items():
        assert name in {f.name for f in dataclasses.fields(SECTIONS[section])}


def test_config_reports_every_setting_in_the_contracts_order():
    config = Config(threshold=0.8, include=["*.news"], story_min_shared=3)
    assert list(config.to_json()) == REPORTED
    assert config.to_json()["include"] == ("*.news",) and config.to_json()["split"] == {}
    assert (config.dedupe.threshold, config.threshold, config.story.story_min_shared) == (0.8, 0.8, 3)
    assert config.ingest.include == ("*.news",) and Config() == Config(threshold=0.7)


def test_sections_check_their_own_values_in_the_librarys_words():
    with pytest.raises(SettingError, match=r"^threshold must be in \(0, 1\], got 0$") as caught:
        DedupeSettings(threshold=0)
    assert (caught.value.setting, caught.value.problem) == ("threshold", "must be in (0, 1], got 0")
    with pytest.raises(newsmill.UsageError, match="^scheduler needs engine dask$"):
        Config(scheduler="tcp://127.0.0.1:8786")
    result = invoke("run", "in", "-o", "out", "--scheduler", "tcp://127.0.0.1:8786")
    assert (result.exit_code, result.stderr) == (2, "newsmill: error: --scheduler needs --engine dask\n")
    with pytest.raises(TypeError, match="no_such_setting"):
        Config(no_such_setting=1)


def test_signal_b_dedupes_with_its_own_threshold_on_the_same_workers():
    config = Config(jobs=2, num_perm=64)
    changed = config.with_changes("dedupe", threshold=0.3, ngram=2)
    assert (changed.dedupe.threshold, changed.dedupe.ngram, changed.dedupe.num_perm) == (0.3, 2, 64)
    assert changed.workers == config.workers and config.dedupe.threshold == 0.7


def test_no_two_settings_share_a_flag():
    flags = [flag for name in pipeline_order() for flag in flags_of(name)]
    assert len(flags) == len(set(flags))


def test_the_readme_options_table_is_generated_from_the_settings():
    readme = README.read_text(encoding="utf-8")
    assert with_table(readme) == readme, "run: python -m newsmill.cli.docs --write README.md"


def test_help_version_and_readable_usage():
    assert invoke("-h").exit_code == 0 and "Commands" in invoke("-h").stdout
    assert invoke("--version").stdout.strip() == newsmill.__version__
    run_help = invoke("run", "-h").stdout
    assert "run [OPTIONS] INPUT... " in run_help
    for panel in ("Ingest", "Workers", "Boilerplate", "Dedupe", "Translate", "Stories", "Output"):
        assert f"─ {panel} " in run_help
    assert "[default: 0.7]" in " ".join(run_help.split())  # the default, from the setting
    # Arguments by their metavar, flags without a value: no Python type names in help.
    for command in ((), ("run",), ("index",), ("check",)):
        assert "<" not in invoke(*command, "-h").stdout


def _options_of(command: str) -> set[str]:
    import typer

    click_command = typer.main.get_command(app).commands[command]
    return {flag for param in click_command.params for flag in param.opts if flag.startswith("--")}


@pytest.mark.parametrize("stage", ["split", "langid", "boilerplate", "dedupe", "translate"])
def test_each_stage_command_takes_the_options_of_what_it_runs(stage):
    read = (*stages.settings_of(stages.slice_for(stage)), *WHERE_IT_RUNS)
    expected = {flag for name in expand(read) for flag in flags_of(name)}
    own = {"--output", "--config", "--json", "--quiet", "--debug"}
    fixed = {"--translate"} if stage == "translate" else set()
    assert _options_of(stage) == (expected - fixed) | own


def test_every_stage_command_takes_the_workers_it_runs_on():
    for command in ("split", "langid", "boilerplate", "dedupe", "translate"):  # --engine dask runs each on Dask
        assert {"--jobs", "--engine", "--scheduler"} <= _options_of(command)
    assert "--keep" in _options_of("translate")  # the story pass it runs picks story ids by --keep


def test_the_stage_table_orders_run_and_gives_each_command_its_slice():
    assert [s.name for s in stages.STAGES] == ["langid", "boilerplate", "dedupe", "translate", "stories"]
    assert [s.name for s in stages.slice_for("dedupe")] == ["dedupe", "stories"]
    assert [s.name for s in stages.slice_for("boilerplate")] == ["boilerplate"]
    assert stages.slice_for("split") == ()


def test_a_stage_reads_only_what_its_table_entry_declares():
    from newsmill.config import UndeclaredSetting

    config = Config(threshold=0.8, story_threshold=0.2)
    boilerplate = config.only(stages.BOILERPLATE.settings)
    assert boilerplate.boilerplate.boilerplate_min_count == 2 and boilerplate.dedupe.threshold == 0.8
    assert boilerplate.workers.jobs == 0
    with pytest.raises(UndeclaredSetting, match="dedupe.keep"):
        boilerplate.dedupe.keep  # noqa: B018
    with pytest.raises(UndeclaredSetting, match="story.story_threshold"):
        boilerplate.story_threshold  # noqa: B018
    # Signal B of the story pass dedupes with its own threshold: a changed setting becomes readable.
    signal_b = config.only(stages.STORIES.settings).with_changes("dedupe", threshold=0.3, ngram=2)
    assert (signal_b.dedupe.threshold, signal_b.dedupe.ngram, signal_b.dedupe.num_perm) == (0.3, 2, 128)
    with pytest.raises(UndeclaredSetting):
        signal_b.boilerplate.boilerplate_min_count  # noqa: B018


def test_every_stage_of_a_run_reads_within_its_declaration():
    # clean() hands each stage config.only(its settings): any undeclared read would fail the run.
    results = newsmill.clean([str(EXAMPLES)], Config(translate=False, keep="lang:en"))
    assert results.kept and results.report["counts"]["dedupe"]
