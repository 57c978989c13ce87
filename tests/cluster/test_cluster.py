"""``--engine dask`` runs the whole pipeline on the cluster and writes what the local engine writes.

Generated corpora (JSONL cut into byte ranges, gzip JSONL, text dumps) on a
LocalCluster of two in-process workers, and on real ``dask scheduler`` and
``dask worker`` processes on loopback ports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from helpers import SHARED

import newsmill
from benchmarks.corpus import generate_corpus
from newsmill.boilerplate.near import near_groups
from newsmill.cli import app
from newsmill.cluster import run_on_cluster
from newsmill.cluster.boilerplate import (
    ARTICLES_PER_ROUND,
    _in_round,
    _paragraph_table,
    near_groups_on_cluster,
    verify_rounds,
)
from newsmill.cluster.inputs import Partition, count_lines, plan
from newsmill.config import Config
from newsmill.dedupe.dask_engine import spread
from newsmill.errors import InputError
from newsmill.explain import explain
from newsmill.pipeline import ConservationError, Ledger
from newsmill.record import Article, Paragraph, Source
from newsmill.results.read import ResultsDir
from newsmill.results.write import DUPLICATES
from newsmill.text import text_hash

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="needs ../shared/data for generated corpora"),
]

#: Byte ranges this small cut the test corpus's JSONL file into several partitions.
SMALL_BLOCKS = 40_000


def results_of(directory: Path) -> dict:
    """Everything a results directory says, as the readers see it, without timing."""
    results = ResultsDir.open(directory)
    report = dict(results.report)
    report.pop("timing")
    report["config"] = {k: v for k, v in report["config"].items() if k not in ("engine", "scheduler", "jobs")}
    stories = directory / "stories.jsonl"
    return {
        "articles": list(results.articles()),
        "duplicates": list(results.duplicates()),
        "removed": list(results.removed()),
        "pairs": list(results.pairs()),
        "stories": stories.read_text(encoding="utf-8") if stories.exists() else None,
        "report": report,
    }


def local_results(inputs: list[Path], config: Config, out: Path) -> dict:
    newsmill.clean(inputs, config).write(out)
    return results_of(out)


def test_the_corpus_is_cut_into_byte_ranges_and_files(corpus_dir):
    partitions = plan([corpus_dir], Config(), block_bytes=SMALL_BLOCKS)
    big = [p for p in partitions if p.name == "big.jsonl"]
    assert len(big) > 3 and big[0].start == 0 and all(a.end == b.start for a, b in zip(big, big[1:], strict=False))
    assert [p.whole for p in partitions if p.name != "big.jsonl"] == [True] * 4  # gzip JSONL, 3 dumps


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"keep": "source-order", "keep_duplicates": True, "gzip": True, "strip_junk": True},
        {"keep": "lang:nl", "drop_story_duplicates": True, "dry_run": True},
    ],
    ids=["defaults", "keep-duplicates-gzip-junk", "dry-run"],
)
def test_the_cluster_writes_what_the_local_engine_writes(corpus_dir, scheduler, tmp_path, options):
    config = Config(translate=False, **options)
    expected = local_results([corpus_dir], config, tmp_path / "local")
    dask_config = Config(translate=False, engine="dask", scheduler=scheduler, **options)
    report = run_on_cluster([corpus_dir], dask_config, tmp_path / "dask", block_bytes=SMALL_BLOCKS)
    found = results_of(tmp_path / "dask")
    assert found == expected
    assert report["counts"] == expected["report"]["counts"]
    layout = "removed" if options.get("dry_run") else "articles"
    assert len(list((tmp_path / "dask" / layout).glob("part-*"))) > 5  # one part per partition
    if not options.get("dry_run"):
        counts = expected["report"]["counts"]
        assert counts["dedupe"]["near_duplicates"] and counts["boilerplate"]["paragraphs_removed"]
        assert counts["stories"]["stories"] and counts["ingest"]["signature_lines"]


def test_inputs_at_an_fsspec_url_are_read_by_the_workers(corpus_dir, scheduler, tmp_path):
    """A ``memory://`` directory (the workers here share this process) stands for ``s3://``."""
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    for path in sorted(p for p in (corpus_dir / "dumps").rglob("*") if p.is_file()):
        memory.pipe(f"/url-test/{path.relative_to(corpus_dir / 'dumps').as_posix()}", path.read_bytes())
    config = Config(translate=False)
    expected = local_results([corpus_dir / "dumps"], config, tmp_path / "local")
    dask_config = Config(translate=False, engine="dask", scheduler=scheduler)
    run_on_cluster(["memory://url-test"], dask_config, tmp_path / "dask")
    found = results_of(tmp_path / "dask")
    # The same articles and decisions; the files are named by their URL where errors would name them.
    assert found["articles"] == expected["articles"] and found["removed"] == expected["removed"]
    assert found["report"]["counts"] == expected["report"]["counts"]


def test_report_explain_stage_commands_and_the_api_read_the_parts(corpus_dir, scheduler, tmp_path):
    out = tmp_path / "out"
    run_on_cluster([corpus_dir], Config(translate=False, engine="dask", scheduler=scheduler, gzip=True), out)
    results = ResultsDir.open(out)
    duplicate = next(results.duplicates())
    explained = explain(duplicate["id"], out)
    assert not explained.kept and explained.article["duplicate_of"] == duplicate["duplicate_of"]
    html = tmp_path / "report.html"
    assert CliRunner().invoke(app, ["report", str(out), "-o", str(html), "-q"]).exit_code == 0
    assert duplicate["id"] in html.read_text(encoding="utf-8")
    # A stage command and the Python API read every article of the parts back, once each.
    again = newsmill.clean([out], Config(translate=False))
    assert sorted(a.id for a in again.articles) == sorted(r["id"] for r in results.every_article())
    piped = CliRunner().invoke(app, ["langid", str(out)])
    assert piped.exit_code == 0 and len(piped.stdout.splitlines()) == len(again.articles)


def test_a_failed_conservation_check_keeps_the_previous_results(corpus_dir, scheduler, tmp_path, monkeypatch):
    out = tmp_path / "out"
    config = Config(translate=False, stories=False, engine="dask", scheduler=scheduler)
    run_on_cluster([corpus_dir / "dumps"], config, out)
    before = results_of(out)
    counted = Ledger.count

    def duplicates_not_counted(self: Ledger, name: str, ids: Iterable[str]) -> None:  # written but not counted
        counted(self, name, [] if name == DUPLICATES else ids)

    monkeypatch.setattr(Ledger, "count", duplicates_not_counted)
    with pytest.raises(ConservationError, match="previous results were kept"):
        run_on_cluster([corpus_dir / "dumps"], config, out)
    assert results_of(out) == before
    assert not list(tmp_path.glob(".out.tmp-*"))  # no staging directory left behind


def test_an_id_in_two_partitions_is_an_input_error_naming_both_lines(scheduler, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.jsonl").write_text('{"id": "x", "text": "One."}\n{"id": "y", "text": "Two."}\n', encoding="utf-8")
    (inputs / "b.jsonl").write_text('\n{"id": "y", "text": "Three."}\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        run_on_cluster([inputs], Config(engine="dask", scheduler=scheduler), tmp_path / "out")
    assert str(raised.value).startswith(f"{inputs / 'b.jsonl'}:2: duplicate id 'y' (first at {inputs / 'a.jsonl'}:2)")
    assert not (tmp_path / "out").exists()


def test_a_bad_line_in_a_byte_range_is_named_by_its_line_number(scheduler, tmp_path):
    lines = [json.dumps({"id": str(i), "text": f"Article number {i} of the test."}) for i in range(400)]
    lines[321] = "{not json"
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(plan([path], Config(), block_bytes=2_000)) > 5
    with pytest.raises(InputError, match=r"bad\.jsonl:322"):
        run_on_cluster([path], Config(engine="dask", scheduler=scheduler), tmp_path / "out", block_bytes=2_000)


METER = "You have {n} free articles left this month. Subscribe for unlimited access{end}"
NOTICES = [METER.format(n=n, end=end) for n in range(1, 6) for end in (".", "!")] + [
    "You have 2 free articles left this month",  # cut after a clause
    "You have {count} free articles left this month; subscribe for unlimited access.",
    "Sign up for our newsletter to get the day's top stories in your inbox.",
    "Sign up for our newsletters to get the days top stories in your inbox every morning.",
]


def notice_articles(seed: int) -> list[Article]:
    """Generated articles, each with one of the notices, so the parts share and vary them."""
    generated = generate_corpus(90, seed=seed).articles
    return [
        Article(
            a["id"],
            Source("corpus.jsonl", i + 1, i + 1, i + 1),
            a["title"],
            [Paragraph(t) for t in a["text"].split("\n\n")] + [Paragraph(NOTICES[i % len(NOTICES)])],
        )
        for i, a in enumerate(generated)
    ]


def local_table(parts: list[list[Article]]) -> tuple[np.ndarray, np.ndarray]:
    """What the local engine groups: the distinct paragraphs, by ascending hash."""
    texts = {text_hash(p.text): p.text for part in parts for a in part for p in a.paragraphs}
    keys = np.array(sorted(texts), dtype=np.uint64)
    labels = near_groups([texts[k] for k in keys.tolist()])
    return keys[labels >= 0], labels[labels >= 0]


def test_near_groups_from_sketches_kept_per_partition_equal_the_local_groups(scheduler):
    first, second = notice_articles(3), notice_articles(4)
    # Three parts; the third repeats articles of both others, so a paragraph's sketch is in several.
    parts = [first[:60], second[:70], first[40:] + second[50:]]
    with distributed.Client(scheduler) as client:
        places = spread(client, len(parts))
        made = [
            client.submit(_paragraph_table, client.scatter([part], workers=[w])[0], workers=[w])
            for part, w in zip(parts, places, strict=True)
        ]
        heads, forms, bands = ([client.submit(itemgetter(k), m) for m in made] for k in (1, 2, 3))
        near = near_groups_on_cluster(client, heads, forms, bands, places, rounds=3)
        keys, labels = client.gather(near)
    expected_keys, expected_labels = local_table(parts)
    assert len(set(expected_labels.tolist())) >= 2  # the notices make groups to compare
    np.testing.assert_array_equal(keys, expected_keys)
    np.testing.assert_array_equal(labels, expected_labels)


def test_verification_rounds_take_each_pair_once_and_each_first_row_in_one_round():
    blocks = [np.array([[0, 5], [1, 2], [7, 9], [0, 6]]), np.array([[4, 8], [0, 3], [13, 14]])]
    rounds = [_in_round(blocks, r, 4) for r in range(4)]
    for b, block in enumerate(blocks):
        taken = np.concatenate([chosen[b] for chosen in rounds])
        np.testing.assert_array_equal(np.unique(taken, axis=0), np.unique(block, axis=0))
        assert len(taken) == len(block)
    first_rows = [set(np.concatenate([block[:, 0] for block in chosen]).tolist()) for chosen in rounds]
    assert sum(len(rows) for rows in first_rows) == len(set().union(*first_rows)) == 5
    assert sum(bool(rows) for rows in first_rows) >= 2  # the rows are spread over the rounds


def test_verification_rounds_grow_with_the_corpus():
    assert verify_rounds(0) == verify_rounds(1) == verify_rounds(ARTICLES_PER_ROUND) == 1
    assert verify_rounds(ARTICLES_PER_ROUND + 1) == 2
    assert verify_rounds(50 * ARTICLES_PER_ROUND) == 50


def test_real_scheduler_and_worker_processes_write_what_the_local_engine_writes(corpus_dir, dask_processes, tmp_path):
    expected = local_results([corpus_dir], Config(translate=False), tmp_path / "local")
    out = tmp_path / "dask"
    flags = ["--engine", "dask", "--scheduler", dask_processes, "--no-translate", "-q"]
    result = CliRunner().invoke(app, ["run", str(corpus_dir), "-o", str(out), *flags])
    assert result.exit_code == 0, result.output
    assert results_of(out) == expected


def test_a_byte_range_counts_as_records_the_lines_the_local_reader_reads(tmp_path):
    """A line of a no-break space is blank to the reader, so it must not move the made ids
    ``NAME#k`` of the partitions after it."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "One."}\n\xc2\xa0\n\n{"text": "Two."}\n')
    assert count_lines(Partition(str(path), "a.jsonl", "jsonl", 0, path.stat().st_size)) == (4, 2)
