"""``newsmill.clean``, the stage commands, ``--format text`` and stdin with ``--engine dask``.

Each runs every stage it runs on the cluster (a two-worker LocalCluster, and
real ``dask scheduler`` + ``dask worker`` processes) and gives what the local
engine gives on the same corpus: the same articles, pairs and story pairs in
memory, the same records on stdout, the same results directory.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from dask.utils import key_split
from test_cluster import SMALL_BLOCKS, local_results, results_of

import newsmill
from newsmill import stages
from newsmill.cli import app
from newsmill.cluster import inputs, run_on_cluster, stream_from_cluster
from newsmill.cluster.run import ON_CLUSTER
from newsmill.config import Config
from newsmill.errors import InputError
from newsmill.pipeline import run_stage

pytestmark = pytest.mark.slow

#: Tasks that only the cluster forms of ingest, boilerplate and the story pass submit.
CLUSTER_TASKS = {"read_partition", "paragraph_table", "case_and_targets"}  # as dask.utils.key_split names them


def test_every_stage_has_its_cluster_form():
    assert list(ON_CLUSTER) == [stage.name for stage in stages.STAGES]


def ran_on(scheduler: str, work):
    """What ``work()`` returns, and the names of the tasks the cluster ran meanwhile."""
    with distributed.Client(scheduler) as client, distributed.get_task_stream(client) as stream:
        returned = work()
    return returned, {key_split(task["key"]) for task in stream.data}


def in_memory(results: newsmill.Results) -> dict:
    report = {k: v for k, v in results.report.items() if k not in ("timing", "config")}
    return {
        "articles": [a.to_stage_json() for a in results.articles],
        "pairs": results.pairs,
        "story_pairs": results.story_pairs,
        "report": report,
    }


def test_clean_runs_every_stage_on_the_cluster_and_gathers_what_the_local_clean_returns(corpus_dir, scheduler):
    local = newsmill.clean([corpus_dir], Config(translate=False))
    on_dask, tasks = ran_on(
        scheduler, lambda: newsmill.clean([corpus_dir], Config(translate=False, engine="dask", scheduler=scheduler))
    )
    assert CLUSTER_TASKS <= tasks
    assert in_memory(on_dask) == in_memory(local)
    assert local.duplicates and local.removals and local.story_pairs  # the corpus exercises every stage


def test_clean_scatters_article_records_given_in_memory(corpus_dir, scheduler):
    records = [json.loads(line) for line in (corpus_dir / "big.jsonl").read_text(encoding="utf-8").splitlines() if line]
    local = newsmill.clean(records, Config(translate=False))
    on_dask = newsmill.clean(records, Config(translate=False, engine="dask", scheduler=scheduler))
    assert in_memory(on_dask) == in_memory(local)
    assert local.duplicates


def test_a_dask_clean_writes_a_results_directory_the_readers_read(corpus_dir, scheduler, tmp_path):
    config = Config(translate=False, engine="dask", scheduler=scheduler)
    newsmill.clean([corpus_dir], config).write(tmp_path / "dask")
    assert results_of(tmp_path / "dask") == local_results([corpus_dir], Config(translate=False), tmp_path / "local")


def invoke(args: list[str], stdin: bytes | None = None) -> bytes:
    result = CliRunner().invoke(app, [*args, "-q"], input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize(
    "command",
    [
        ["split"],
        ["langid"],
        ["boilerplate", "--strip-junk"],
        ["dedupe", "--keep", "source-order"],
        ["boilerplate", "--format", "text"],
        ["dedupe", "--dry-run"],
        ["dedupe", "--gzip"],
    ],
    ids=["split", "langid", "boilerplate", "dedupe", "text", "dry-run", "gzip"],
)
def test_a_stage_command_prints_what_the_local_engine_prints(corpus_dir, scheduler, command):
    on_dask, tasks = ran_on(
        scheduler, lambda: invoke([*command, str(corpus_dir), "--engine", "dask", "--scheduler", scheduler])
    )
    assert "stage_records" in tasks  # the records made on the workers, one partition at a time
    assert on_dask == invoke([*command, str(corpus_dir)]) and on_dask


@pytest.mark.parametrize("command", [["split"], ["langid"], ["boilerplate"], ["dedupe", "--keep-duplicates"]])
def test_a_stage_command_with_o_has_the_workers_write_what_the_local_engine_writes(
    corpus_dir, scheduler, tmp_path, command
):
    invoke([*command, str(corpus_dir), "-o", str(tmp_path / "local")])
    invoke([*command, str(corpus_dir), "-o", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", scheduler])
    assert (tmp_path / "dask" / "articles").is_dir()  # parts written by the workers
    assert results_of(tmp_path / "dask") == results_of(tmp_path / "local")


def text_files(directory: Path) -> dict[str, bytes]:
    files = sorted(p for p in (directory / "text").rglob("*") if p.is_file())
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in files}


@pytest.mark.parametrize("gzip", [False, True])
def test_format_text_writes_the_local_engines_dumps(corpus_dir, scheduler, tmp_path, gzip):
    options = {"translate": False, "format": "text", "gzip": gzip}
    expected = local_results([corpus_dir], Config(**options), tmp_path / "local")
    dask_config = Config(engine="dask", scheduler=scheduler, **options)
    run_on_cluster([corpus_dir], dask_config, tmp_path / "dask", block_bytes=SMALL_BLOCKS)
    assert results_of(tmp_path / "dask") == expected
    dumps = text_files(tmp_path / "dask")
    # byte ranges of big.jsonl joined into its one dump; gzip dumps byte-identical too
    assert dumps == text_files(tmp_path / "local") and "text/big.jsonl.txt" + (".gz" if gzip else "") in dumps
    assert not list((tmp_path / "dask").rglob(".text-pieces"))


@pytest.fixture
def stdin(monkeypatch):
    """Sets what the process reads on stdin (its ``buffer``, as newsmill reads it)."""

    def given(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    return given


@pytest.mark.parametrize("source", ["big.jsonl", "dumps/"], ids=["jsonl", "text-dumps"])
def test_stdin_is_scattered_in_partitions_and_read_as_the_local_engine_reads_it(
    corpus_dir, scheduler, stdin, tmp_path, source, monkeypatch
):
    monkeypatch.setattr(inputs, "STDIN_CHUNK_BYTES", SMALL_BLOCKS // 7)  # several chunks make a partition
    files = sorted((corpus_dir / source).rglob("*.txt")) if source.endswith("/") else [corpus_dir / source]
    data = b"".join(f.read_bytes() for f in files)
    stdin(data)
    expected = local_results(["-"], Config(translate=False), tmp_path / "local")
    stdin(data)
    config = Config(translate=False, engine="dask", scheduler=scheduler)
    run_on_cluster(["-"], config, tmp_path / "dask", block_bytes=SMALL_BLOCKS)
    assert results_of(tmp_path / "dask") == expected
    parts = len(list((tmp_path / "dask" / "articles").glob("part-*")))
    assert parts == 1 if source == "dumps/" else parts > 3  # a dump is split as a whole; JSONL in chunks
    assert expected["duplicates"] and expected["removed"]


def test_stdin_after_a_byte_order_mark_and_blank_chunks_is_sniffed_as_locally(scheduler, stdin, tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "STDIN_CHUNK_BYTES", 100)  # the blank lines fill the first chunk
    lines = [json.dumps({"id": f"r{i}", "text": f"Record {i} read from stdin."}) for i in range(30)]
    data = "\ufeff".encode() + b"\n" * 150 + ("\n".join(lines) + "\n").encode()
    stdin(data)
    expected = local_results(["-"], Config(translate=False), tmp_path / "local")
    stdin(data)
    run_on_cluster(["-"], Config(translate=False, engine="dask", scheduler=scheduler), tmp_path / "dask")
    assert results_of(tmp_path / "dask") == expected
    read = [record["id"] for record in expected["articles"] + expected["duplicates"]]
    assert sorted(read) == sorted(f"r{i}" for i in range(30))  # records: sniffed as JSONL


def test_stdin_between_files_keeps_the_reading_order_and_streams_records(corpus_dir, scheduler, stdin):
    data = (corpus_dir / "big.jsonl").read_bytes()
    stdin(data)
    local = b"".join(line.encode("utf-8") for line in run_stage(
        "langid", [corpus_dir / "more.jsonl.gz", "-", corpus_dir / "dumps"], Config()
    ).stream())
    stdin(data)
    sink = io.BytesIO()
    config = Config(engine="dask", scheduler=scheduler)
    inputs = [corpus_dir / "more.jsonl.gz", "-", corpus_dir / "dumps"]
    stream_from_cluster(inputs, config, sink, block_bytes=SMALL_BLOCKS, chosen=stages.slice_for("langid"))
    assert sink.getvalue() == local


def test_a_bad_line_on_stdin_is_named_by_its_line_as_locally(scheduler, stdin, tmp_path):
    lines = [json.dumps({"id": str(i), "text": f"Article number {i} of the test."}) for i in range(400)]
    lines[321] = "{not json"
    data = ("\n".join(lines) + "\n").encode("utf-8")
    stdin(data)
    with pytest.raises(InputError) as local:
        newsmill.clean(["-"], Config())
    stdin(data)
    with pytest.raises(InputError) as on_dask:
        run_on_cluster(["-"], Config(engine="dask", scheduler=scheduler), tmp_path / "out", block_bytes=2_000)
    assert str(on_dask.value) == str(local.value) and str(local.value).startswith("<stdin>:322:")
    assert not (tmp_path / "out").exists()


def test_a_stage_command_exits_2_naming_a_bad_line_on_stdin(scheduler):
    flags = ["--engine", "dask", "--scheduler", scheduler]
    result = CliRunner().invoke(app, ["langid", "-", *flags], input='{"text": "One."}\n\n{oops\n')
    assert result.exit_code == 2 and "<stdin>:3: " in result.output


def test_gzip_on_stdin_is_refused_with_a_usage_error(scheduler):
    flags = ["--engine", "dask", "--scheduler", scheduler]
    result = CliRunner().invoke(app, ["langid", "-", *flags], input=gzip.compress(b'{"text": "One."}\n'))
    assert result.exit_code == 2 and "<stdin>: gzip data on stdin" in result.output


def test_stdin_given_twice_is_an_input_error(scheduler):
    flags = ["--engine", "dask", "--scheduler", scheduler]
    result = CliRunner().invoke(app, ["langid", "-", "-", *flags], input='{"text": "One."}\n')
    assert result.exit_code == 2 and "<stdin>: stdin given more than once" in result.output


def test_stage_commands_read_a_dask_results_directory_as_the_local_engine_does(corpus_dir, scheduler, tmp_path):
    run_on_cluster([corpus_dir], Config(translate=False, engine="dask", scheduler=scheduler, gzip=True), tmp_path / "d")
    local = invoke(["dedupe", str(tmp_path / "d")])
    assert invoke(["dedupe", str(tmp_path / "d"), "--engine", "dask", "--scheduler", scheduler]) == local
    assert len(local.splitlines()) == len(newsmill.clean([tmp_path / "d"], Config(translate=False)).articles)


def test_real_processes_run_a_pipe_of_stage_commands_as_the_local_engine_does(corpus_dir, dask_processes, tmp_path):
    """``split | langid | boilerplate -o`` with each command on the cluster the user started."""
    flags = ["--engine", "dask", "--scheduler", dask_processes]
    split = invoke(["split", str(corpus_dir / "dumps"), *flags])
    langid = invoke(["langid", "-", *flags], stdin=split)
    invoke(["boilerplate", "-", "-o", str(tmp_path / "dask"), "--format", "text", *flags], stdin=langid)
    local_split = invoke(["split", str(corpus_dir / "dumps")])
    assert split == local_split
    local_langid = invoke(["langid", "-"], stdin=local_split)
    invoke(["boilerplate", "-", "-o", str(tmp_path / "local"), "--format", "text"], stdin=local_langid)
    assert results_of(tmp_path / "dask") == results_of(tmp_path / "local")
    assert text_files(tmp_path / "dask") == text_files(tmp_path / "local")


def test_the_translate_command_translates_on_the_workers_as_locally(scheduler, tiny_argos_model, tmp_path):
    """With the tiny real argos model, installed where the (in-process) workers find it."""
    sentences = [f"De gemeente bouwt {n} nieuwe huizen aan de rivier in het noorden van de stad." for n in range(30)]
    records = [{"id": f"a{i}", "lang": "nl", "text": s} for i, s in enumerate(sentences)]
    records += [{"id": "en", "lang": "en", "text": "The council builds new houses by the river in the north."}]
    path = tmp_path / "nl.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    options = {"translate": True, "max_decoding_length": 8}
    translated = stages.slice_for("translate")
    local = run_stage("translate", [path], Config(cache_dir=str(tmp_path / "local-cache"), **options))
    local.write(tmp_path / "local")
    config = Config(engine="dask", scheduler=scheduler, cache_dir=str(tmp_path / "dask-cache"), **options)
    report, tasks = ran_on(
        scheduler, lambda: run_on_cluster([path], config, tmp_path / "dask", block_bytes=1_000, chosen=translated)
    )
    # Signal B dedupes the translations inside the pairing task, not with tasks of its own cluster
    # (waiting for them there could hold the only thread they could run on).
    assert "pair_parts" in tasks and "sketch_partition" not in tasks
    found, expected = results_of(tmp_path / "dask"), results_of(tmp_path / "local")
    assert found["articles"] == expected["articles"] and found["stories"] == expected["stories"]
    counts, local_counts = report["counts"]["translate"], local.report["counts"]["translate"]
    assert counts["articles_translated"] == local_counts["articles_translated"] == 30
    assert counts["sentences_translated"] > 0  # by the workers, from an empty cache
    assert len(list((tmp_path / "dask" / "articles").glob("part-*"))) > 2


def test_the_report_gives_the_cluster_workers_peak_memory_not_the_drivers_children(
    corpus_dir, scheduler, tmp_path, monkeypatch
):
    from newsmill.cluster import run as cluster_run

    monkeypatch.setattr(cluster_run, "own_peak_mb", lambda: 4321.0)  # in-process workers run the patched one
    report = run_on_cluster([corpus_dir], Config(translate=False, engine="dask", scheduler=scheduler), tmp_path / "d")
    assert report["timing"]["peak_memory_mb"]["workers"] == 4321.0
    assert json.loads((tmp_path / "d" / "report.json").read_text())["timing"]["peak_memory_mb"]["workers"] == 4321.0
