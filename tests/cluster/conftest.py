"""Fixtures of the cluster tests: a generated corpus, and Dask processes started as a user starts them."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SHARED

from benchmarks.corpus import generate_corpus


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """A generated corpus: ``big.jsonl`` (cut into byte ranges), a gzip JSONL file and text dumps."""
    if not (SHARED / "data").is_dir():
        pytest.skip("needs ../shared/data for generated corpora")
    root = tmp_path_factory.mktemp("corpus")
    generated = generate_corpus(500, seed=11)
    records = [{k: a[k] for k in ("id", "title", "text")} for a in generated.articles]
    inputs = root / "in"
    inputs.mkdir()
    (inputs / "big.jsonl").write_text(
        "".join(  # with blank lines, which JSONL readers skip
            json.dumps(r, ensure_ascii=False) + "\n" + ("\n" if i % 7 == 0 else "") for i, r in enumerate(records[:250])
        ),
        encoding="utf-8",
    )
    without_ids = [{"text": r["text"], "title": r["title"]} for r in records[250:350]]
    with gzip.open(inputs / "more.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in without_ids)
    generate_corpus(150, seed=12).write_text_dumps(inputs / "dumps", articles_per_file=50)
    return inputs


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dask_processes():
    """A ``dask scheduler`` and a ``dask worker --nworkers 2`` on loopback ports, as a user starts them."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.skip("the dask command line is not installed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"], **common
    )
    worker = subprocess.Popen(
        [str(dask), "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
        **common,
    )
    try:
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
