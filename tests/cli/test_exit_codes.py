"""The exit-code contract (README, "Exit codes"), one test per code for every subcommand.

0 success; 1 findings (``check``, ``fix``); 2 usage or input error (one
line, nothing written); 3 internal error (one line naming the tracker,
traceback only with --debug).

``COMMANDS`` holds, for every command of the CLI, a successful invocation,
an invocation with bad input (None where the command reads no input) and
the function to break for an internal error (None where nothing can fail);
a new command must be added to it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import typer.main
from helpers import EXAMPLES
from report_fixtures import example_results
from typer.testing import CliRunner

from newsmill.cli import app
from newsmill.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, ISSUE_TRACKER

STAGES = ("split", "langid", "boilerplate", "dedupe", "translate")
#: Commands that work on the git work tree around the current directory (outside one: exit 2).
IN_CORPUS = ("check", "fix", "index build", "index update", "index stats", "index verify", "index clear")
FRESH = "new.txt"  # an article the corpus does not hold yet
FRESH_TEXT = (
    "A quiet headline about the ferry timetable change\n\n"
    "The ferry timetable changes next month, with three extra crossings on weekdays and a later "
    "last boat on Fridays, the operator said on Monday in a statement to passengers.\n"
)

#: command → (success args, input-error args, "module.function" to break). ``{tmp}`` is the
#: test's empty temporary directory, ``{results}`` example results, ``{model}`` the tiny argos model.
COMMANDS: dict[str, tuple[list[str], list[str] | None, str | None]] = {
    "run": (["{examples}", "-o", "{tmp}/out"], ["{tmp}/missing", "-o", "{tmp}/out"], "newsmill.cli.pipeline.clean"),
    "report": (
        ["{results}", "-o", "{tmp}/r.html"], ["{examples}", "-o", "{tmp}/r.html"], "newsmill.cli.pipeline.write_report"
    ),
    "explain": (["feed-003", "--results", "{results}"], ["nope", "--results", "{results}"],
                "newsmill.cli.pipeline.explain_article"),
    **{
        stage: (
            ["{examples}", "-o", "{tmp}/out"], ["{tmp}/missing", "-o", "{tmp}/out"], "newsmill.cli.pipeline.run_stage"
        )
        for stage in STAGES
    },
    "version": ([], None, None),
    "models list": ([], None, "newsmill.translate.installed_models"),
    "models install": (["{model}"], ["{tmp}/missing.argosmodel"], "newsmill.translate.install_model_file"),
    "models remove": (["nl", "en"], ["xx", "yy"], "newsmill.translate.remove_model"),
    "cache stats": (["--cache-dir", "{tmp}/cache"], None, "newsmill.translate.TranslationCache"),
    "cache clear": (["--cache-dir", "{tmp}/cache"], None, "newsmill.translate.TranslationCache"),
    "check": ([FRESH], [FRESH], "newsmill.hook.open_index"),
    "fix": ([FRESH], [FRESH], "newsmill.hook.open_index"),
    "index build": ([], [], "newsmill.cli.hooks.open_index"),
    "index update": ([], [], "newsmill.cli.hooks.open_index"),
    "index stats": ([], [], "newsmill.cli.hooks.open_index"),
    "index verify": ([], [], "newsmill.cli.hooks.open_index"),
    "index clear": ([], [], "newsmill.cli.hooks.open_index"),
}


def in_git(commands: Iterable[str]) -> list[Any]:
    """``commands`` as test parameters, those run in a git work tree (:data:`IN_CORPUS`) marked slow."""
    return [pytest.param(c, marks=pytest.mark.slow) if c in IN_CORPUS else c for c in commands]


def leaf_commands() -> list[str]:
    """Every runnable command of the CLI, sub-apps included (``models list``)."""
    names: list[str] = []

    def walk(command, path: list[str]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            names.append(" ".join(path))

    walk(typer.main.get_command(app), [])
    return names


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    return example_results(tmp_path_factory.mktemp("exit") / "out")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A git work tree with one committed dump, its index built, and an uncommitted fresh article."""
    repo = tmp_path / "corpus"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "test")
    shutil.copy(EXAMPLES / "harbour-wire.txt", repo)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "corpus")
    monkeypatch.chdir(repo)
    assert invoke(["index", "build"]).exit_code == EXIT_OK
    (repo / FRESH).write_text(FRESH_TEXT)
    return repo


@pytest.fixture
def argv(request, results, tmp_path, tiny_argos_packages_dir, monkeypatch):
    """Builds the argument list of a command from its template, with argos isolated and,
    for corpus commands, the current directory in a corpus (``good``) or outside any."""
    work = tmp_path / "work"
    work.mkdir()

    def build(command: str, template: list[str], good: bool = True) -> list[str]:
        if command in IN_CORPUS:
            monkeypatch.chdir(request.getfixturevalue("corpus") if good else work)
        if command in ("models install", "models remove"):
            model = request.getfixturevalue("tiny_argos_model_file")
            if command == "models remove":
                request.getfixturevalue("tiny_argos_model")
        else:
            model = ""
        values = {"tmp": work, "results": results, "examples": EXAMPLES, "model": model}
        return [*command.split(), *(arg.format(**values) for arg in template)]

    build.work = work
    return build


def invoke(args: list[str]):
    return CliRunner().invoke(app, args)


def test_every_command_is_covered():
    assert sorted(leaf_commands()) == sorted(COMMANDS)


@pytest.mark.parametrize("command", in_git(COMMANDS))
def test_success_exits_0(command, argv):
    result = invoke(argv(command, COMMANDS[command][0]))
    assert result.exit_code == EXIT_OK, result.output


@pytest.mark.parametrize("command", [c for c, (_, bad, _) in COMMANDS.items() if bad])
def test_input_error_exits_2_with_one_line_and_writes_nothing(command, argv):
    result = invoke(argv(command, COMMANDS[command][1], good=False))
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.stderr.startswith("newsmill: error: ") and result.stderr.count("\n") == 1
    assert list(argv.work.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_error_exits_2(command):
    result = invoke([*command.split(), "--no-such-option"])
    assert result.exit_code == EXIT_INPUT
    assert "No such option: --no-such-option" in result.stderr


@pytest.mark.parametrize("command", in_git(c for c, (_, _, target) in COMMANDS.items() if target))
def test_internal_error_exits_3_naming_the_tracker(command, argv, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    args = argv(command, COMMANDS[command][0])
    monkeypatch.setattr(COMMANDS[command][2], broken)
    result = invoke(args)
    assert result.exit_code == EXIT_INTERNAL, result.output
    assert result.stderr.count("\n") == 1
    assert "internal error: RuntimeError: boom" in result.stderr and ISSUE_TRACKER in result.stderr
    assert "Traceback" in invoke([*args, "--debug"]).stderr


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "fix"])
def test_findings_exit_1(command, corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    shutil.copy(corpus / "harbour-wire.txt", corpus / "copy.txt")
    result = invoke([command, "copy.txt"])
    assert result.exit_code == EXIT_FINDINGS, result.output
    assert result.stdout.startswith("copy.txt:")  # one line per finding, or per file fixed


@pytest.mark.parametrize("command", ["run", *STAGES])
def test_an_output_inside_an_input_directory_exits_2_before_reading(command, tmp_path):
    """Every command that reads inputs and writes -o DIR keeps the two apart."""
    dumps = tmp_path / "dumps"
    shutil.copytree(EXAMPLES, dumps)
    result = CliRunner().invoke(app, [command, str(dumps), "-o", str(dumps / "out")])
    assert result.exit_code == EXIT_INPUT
    assert result.stderr == (
        f"newsmill: error: -o {dumps / 'out'} lies inside the input directory {dumps}; "
        "write outputs apart from what is read\n"
    )
    assert sorted(p.name for p in dumps.iterdir()) == sorted(p.name for p in EXAMPLES.iterdir())


@pytest.mark.parametrize("command", ["run", *STAGES])
def test_output_dash_exits_2_instead_of_making_a_directory_named_dash(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [command, str(EXAMPLES), "-o", "-"])
    assert result.exit_code == EXIT_INPUT
    assert result.stderr.startswith("newsmill: error: -o - is not a directory")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_closed_stdout_exits_0(tmp_path):
    """A reader that stops early (``| head``) is not an error: exit 0, nothing on stderr."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(f'{{"text": "Article number {i} about the harbour ferry."}}\n' for i in range(20_000)))
    pipe = subprocess.run(
        f"{sys.executable} -m newsmill split {feed} | head -n1 > /dev/null; echo ${{PIPESTATUS[0]}} >&2",
        shell=True, executable="/bin/bash", capture_output=True, text=True,
    )
    assert pipe.stderr == f"{EXIT_OK}\n"  # no summary (it stopped), no error line
