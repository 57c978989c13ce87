"""Killed and interrupted runs: the results directory holds a whole result or none, never a mixture."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import comparable

from newsmill.results.write import recover_interrupted
from newsmill.translate import TranslationCache

pytestmark = pytest.mark.slow  # kills real runs

WORDS = (
    "council harbour ferry storm bakery museum library railway university energy wind market "
    "price river bridge school hospital police court minister election budget festival"
).split()


def write_corpus(path: Path, articles: int, seed: int) -> None:
    rng = random.Random(seed)
    lines = []
    for number in range(articles):
        lines.append(f"Report number {number} on the {rng.choice(WORDS)} of the city today")
        for _ in range(4):
            lines += ["", " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "."]
        lines += ["", "Example Wire", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def newsmill(*args: str, env: dict | None = None, **options: Any) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newsmill", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **options
    )


def snapshot(directory: Path) -> dict[str, bytes | dict]:
    return {p.name: comparable(p) for p in sorted(directory.iterdir())} if directory.exists() else {}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    old, new = root / "old.txt", root / "new.txt"
    write_corpus(old, 60, seed=1)
    write_corpus(new, 120, seed=2)
    results = {}
    for name, source in (("old", old), ("new", new)):
        started = time.monotonic()
        process = newsmill("run", str(source), "-o", str(root / f"reference-{name}"), "-q", "--no-translate")
        assert process.wait() == 0, process.stderr.read()
        results[name] = (snapshot(root / f"reference-{name}"), time.monotonic() - started)
    return root, new, results


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_sigkill_at_a_random_moment_leaves_the_old_result_or_the_new_one(corpus, seed):
    root, new, results = corpus
    old_files, _ = results["old"]
    new_files, seconds = results["new"]
    out = root / f"out-{seed}"
    out.mkdir()
    for path in (root / "reference-old").iterdir():
        shutil.copy(path, out / path.name)
    process = newsmill("run", str(new), "-o", str(out), "-q", "--no-translate")
    time.sleep(random.Random(seed).uniform(0.1, seconds * 1.1))
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(out) in (old_files, new_files)
    recover_interrupted(out)
    assert not [p for p in root.iterdir() if p.name.startswith(f".{out.name}.")]
    assert snapshot(out) in (old_files, new_files)


def test_kill_between_the_two_renames_puts_the_previous_result_back(tmp_path):
    out = tmp_path / "out"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    retired = tmp_path / f".out.old-{dead.stdout.strip()}-abc"
    retired.mkdir()
    (retired / "report.json").write_text("{}")
    recover_interrupted(out)
    assert (out / "report.json").read_text() == "{}" and not retired.exists()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see how far the run got")
def test_sigint_stops_cleanly_with_a_message_and_writes_nothing(tmp_path):
    corpus = tmp_path / "big.txt"
    write_corpus(corpus, 10_000, seed=3)  # enough work to be still running after 3 CPU seconds (about 12)
    out = tmp_path / "interrupted"
    # One process, so the CPU seconds counted below are the run's own progress (workers' are not).
    process = newsmill("run", str(corpus), "-o", str(out), "--no-translate", "--jobs", "1")
    # interrupt once the run is well past start-up (imports take about a CPU second)
    while process.poll() is None and cpu_seconds(process.pid) < 3.0:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.decode().strip().splitlines()[-1] == "newsmill: interrupted; nothing was written"
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".interrupted.")]


def test_killed_translation_run_leaves_a_cache_that_opens_and_is_reused(
    tmp_path, tiny_argos_model, tiny_argos_packages_dir
):
    corpus = tmp_path / "nl.jsonl"
    sentences = [f"De gemeente bouwt {n} nieuwe huizen aan de rivier in het noorden van de stad." for n in range(400)]
    corpus.write_text(
        "".join(f'{{"id": "a{i}", "lang": "nl", "text": "{s}"}}\n' for i, s in enumerate(sentences)), encoding="utf-8"
    )
    cache_dir = tmp_path / "cache"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tiny_argos_packages_dir), "NEWSMILL_CACHE_DIR": str(cache_dir)}
    args = ["run", str(corpus), "-o", str(tmp_path / "out"), "-q", "--max-decoding-length", "8", "--batch-size", "64"]
    process = newsmill(*args, env=env)
    time.sleep(2.0)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with TranslationCache(cache_dir) as cache:
        cached = cache.stats().entries
    finished = newsmill(*args, "--json", env=env)
    stdout, stderr = finished.communicate(timeout=300)
    assert finished.returncode == 0, stderr
    import json

    translate = json.loads(stdout)["counts"]["translate"]
    assert translate["cache_hits"] >= cached
    assert translate["cache_hits"] + translate["sentences_translated"] == translate["sentences_unique"]


def test_the_pipeline_checks_conservation_before_replacing_results(tmp_path, monkeypatch):
    from helpers import EXAMPLES

    import newsmill
    from newsmill import pipeline
    from newsmill.pipeline import ConservationError
    from newsmill.results.write import DUPLICATES

    out = tmp_path / "out"
    results = newsmill.clean([EXAMPLES])
    results.write(out)
    before = snapshot(out)
    kept, duplicates = len(results.kept), len(results.duplicates)
    assert kept + duplicates == results.report["counts"]["ingest"]["articles"] == len(results.articles)
    # a writer that lost an article on the way out is caught, and the old results stay
    written_whole = pipeline.article_file_lines

    def losing_a_duplicate(
        articles: list[Any], span: range, name: str, keep_duplicates: bool
    ) -> tuple[bytes, list[str]]:
        lines, ids = written_whole(articles, span, name, keep_duplicates)
        if name == DUPLICATES and ids:
            lines, ids = lines.split(b"\n", 1)[1], ids[1:]
        return lines, ids

    monkeypatch.setattr(pipeline, "article_file_lines", losing_a_duplicate)
    with pytest.raises(ConservationError, match="13 articles read but 10 written to articles.jsonl and 2"):
        results.write(out)
    assert snapshot(out) == before


def _alive(pid: str) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting to be reaped does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _workers_of(process: subprocess.Popen) -> list[str]:
    """The pids of ``process``'s children, once it has started some (a run's worker processes)."""
    children: list[str] = []
    deadline = time.monotonic() + 120
    while process.poll() is None and not children and time.monotonic() < deadline:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        time.sleep(0.02)
    assert children, "the run ended before it started worker processes"
    return children


def _still_alive(pids: list[str]) -> list[str]:
    """Those of ``pids`` still running after waiting up to 10 s for them to end."""
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if _alive(pid)]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the run's worker processes")
def test_the_workers_of_a_killed_run_end_with_it(tmp_path):
    corpus = tmp_path / "big.txt"
    write_corpus(corpus, 3000, seed=4)
    process = newsmill("run", str(corpus), "-o", str(tmp_path / "out"), "-q", "--no-translate", "--jobs", "2")
    children = _workers_of(process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not _still_alive(children)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the run's worker processes")
def test_ctrl_c_stops_a_run_with_one_line_and_leaves_no_worker_nor_temporary_file(tmp_path):
    corpus = tmp_path / "big.txt"
    write_corpus(corpus, 3000, seed=4)
    spill = tmp_path / "tmp"
    spill.mkdir()
    process = newsmill(
        "run", str(corpus), "-o", str(tmp_path / "out"), "-q", "--jobs", "2",
        env={**os.environ, "TMPDIR": str(spill)},
        start_new_session=True,  # its own process group, which a terminal's Ctrl-C signals as a whole
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    children = _workers_of(process)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode() == "newsmill: interrupted; nothing was written\n"
    assert not _still_alive(children)
    assert not list(spill.iterdir()) and not (tmp_path / "out").exists()
