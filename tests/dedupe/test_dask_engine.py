"""The Dask engine gives the local engine's pairs and clusters (LocalCluster, 2 in-process workers)."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed")

from helpers import EXAMPLES
from test_dedupe_scale import DATA_PRESENT, ODD_TEXTS, synthetic_texts

import newsmill
from benchmarks.corpus import generate_corpus
from newsmill.cli import app
from newsmill.config import Config
from newsmill.dedupe import dedupe, find_pairs, to_pairs
from newsmill.dedupe.dask_engine import HeapThresholds, connect, find_checked, restore_heap_thresholds
from newsmill.record import Article, Paragraph, Source
from newsmill.results.read import ResultsDir

pytestmark = pytest.mark.slow  # a real Dask cluster


@pytest.fixture(scope="module")
def texts() -> list[str]:
    if DATA_PRESENT:
        return [a["text"] for a in generate_corpus(600, seed=9).articles] + ODD_TEXTS
    return synthetic_texts(600, seed=9) + ODD_TEXTS


@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_dask_pairs_equal_local_pairs(texts, scheduler, partitions):
    config = Config(engine="dask", scheduler=scheduler)
    local = find_pairs(texts, Config())
    assert to_pairs(find_checked(texts, config, partitions=partitions), config.threshold) == local
    assert any(p.exact for p in local) and any(p.duplicate and not p.exact for p in local)


def test_a_shuffle_sends_one_piece_per_source_and_worker(texts, scheduler):
    """Eight partitions on two workers: the four shuffles (exact keys, band keys, the two halves of
    the verification join) move 8 × 2 pieces each, not 8 × 8, and the pairs are the local engine's."""
    config = Config(engine="dask", scheduler=scheduler)
    with distributed.Client(scheduler) as client, distributed.get_task_stream(client) as stream:
        checked = find_checked(texts, config, partitions=8)
    pieces = [t for t in stream.data if t["key"].startswith("_pieces-")]
    assert len(pieces) == 4 * 8 * 2
    assert to_pairs(checked, config.threshold) == find_pairs(texts, Config())


def test_dask_dedupe_marks_the_same_clusters(texts, scheduler):
    def articles() -> list[Article]:
        return [Article(f"a{i}", Source("x.txt", i, i, i), "", [Paragraph(t)]) for i, t in enumerate(texts)]

    on_dask, here = articles(), articles()
    dask_pairs, dask_summary = dedupe(on_dask, Config(engine="dask", scheduler=scheduler))
    local_pairs, local_summary = dedupe(here, Config())
    assert (dask_pairs, dask_summary) == (local_pairs, local_summary)
    assert [(a.cluster, a.duplicate_of, a.similarity) for a in on_dask] == [
        (a.cluster, a.duplicate_of, a.similarity) for a in here
    ]


def test_every_worker_gets_glibc_heap_thresholds_back():
    """Dask's nanny fixes glibc's thresholds low (MALLOC_TRIM_THRESHOLD_); a newsmill client gives
    each worker glibc's own back, the workers there now and one that joins afterwards."""
    assert restore_heap_thresholds() is sys.platform.startswith("linux")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster, connect(Config(engine="dask", scheduler=cluster.scheduler_address)) as client:
        assert list(client.run(_has_heap_plugin).values()) == [True]
        cluster.scale(2)
        client.wait_for_workers(2)
        assert list(client.run(_has_heap_plugin).values()) == [True, True]


def _has_heap_plugin(dask_worker: distributed.Worker) -> bool:
    return HeapThresholds.name in dask_worker.plugins


def test_dask_on_no_texts(scheduler):
    assert find_pairs([], Config(engine="dask", scheduler=scheduler)) == []


def test_a_run_on_dask_starts_one_cluster_and_equals_the_local_run(monkeypatch):
    started = []

    class CountedCluster(distributed.LocalCluster):
        def __init__(self, **kwargs):
            started.append(kwargs["n_workers"])
            super().__init__(**kwargs, processes=False)

    monkeypatch.setattr(distributed, "LocalCluster", CountedCluster)
    on_dask = newsmill.clean([EXAMPLES], Config(engine="dask", jobs=2, translate=False))
    local = newsmill.clean([EXAMPLES], Config(translate=False))
    assert started == [2]  # boilerplate's families and dedupe share it
    assert [a.to_stage_json() for a in on_dask.articles] == [a.to_stage_json() for a in local.articles]
    assert any(a.is_duplicate for a in local.articles) and local.removals


def test_cli_run_on_an_existing_scheduler_writes_what_the_local_engine_writes(scheduler, tmp_path):
    outputs = {}
    for name, flags in (("local", []), ("dask", ["--engine", "dask", "--scheduler", scheduler])):
        out = tmp_path / name
        result = CliRunner().invoke(app, ["run", str(EXAMPLES), "-o", str(out), "--no-translate", *flags])
        assert result.exit_code == 0, result.output
        results = ResultsDir.open(out)
        outputs[name] = [list(results.articles()), list(results.duplicates()), list(results.pairs())]
    assert (tmp_path / "dask" / "articles" / "part-00000.jsonl").is_file()  # written by the cluster's workers
    with distributed.Client(scheduler) as client:  # and the scheduler it was given ran them
        ran = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.task_prefixes))
    assert {"read_partition", "write_part"} <= set(ran)
    assert outputs["dask"] == outputs["local"]
    assert outputs["local"][1]
