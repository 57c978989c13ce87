"""The vectorised dedupe equals the straightforward datasketch path, value for value."""

from __future__ import annotations

import operator
import os
import random
import time

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from benchmarks.corpus import DEFAULT_DATA_DIR, generate_corpus
from benchmarks.dedupe_speed import straightforward_pairs
from newsmill import workers
from newsmill.config import Config
from newsmill.dedupe import find_pairs, local
from newsmill.dedupe.sketch import exact_key, folded_keys
from newsmill.errors import UsageError
from newsmill.hashing.lsh import band_keys, bands_rows, bucket_pairs
from newsmill.hashing.minhash import SCHEME, SEED, signature
from newsmill.hashing.shingles import folded_utf8, shingle_hash, shingle_hashes, shingles
from newsmill.hashing.signatures import signatures
from newsmill.text import text_hash
from newsmill.workers import Pool, Workers, release

DATA_PRESENT = (DEFAULT_DATA_DIR / "ntrex-dev.jsonl").is_file()
ODD_TEXTS = [
    "",
    "   \n ",
    "one",
    "Two words",
    "Één, twee — drie “aanhalingstekens” en ß straße ﬁ ligature",
    "combining x\u0301y and e\u0301 e\u00e9 \u00a0nbsp\u2028line\u3000wide\x1cfs\x85nel",
    "snake_case ok_ 42 3.14 ½ ²³ ٣ digits, tabs\tand\r\nCRLF",
    "日本語のテキスト 中文 한국어 עברית العربية",
    "emoji 😀 ok 👍🏽 mixed",
    "a" * 300 + " " + "b" * 200 + " c",
]


def synthetic_texts(count: int, seed: int) -> list[str]:
    """Data-free corpus: random-word articles, a third of them exact or lightly edited copies."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(3000)]
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.33:
            words = rng.choice(texts).split()
            for _ in range(rng.randint(0, 8)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
        else:
            words = [rng.choice(vocabulary) for _ in range(rng.randint(30, 200))]
        texts.append(" ".join(words))
    return texts


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    if DATA_PRESENT:
        texts = [a["text"] for a in generate_corpus(400, seed=3).articles]
    else:
        texts = synthetic_texts(400, seed=3)
    return texts + ODD_TEXTS


def test_fast_shingle_hashes_equal_the_definition(corpus_texts):
    for text in corpus_texts:
        for ngram in (1, 3, 5):
            expected = [shingle_hash(s.encode("utf-8")) for s in shingles(text, ngram)]
            assert shingle_hashes(text, ngram).tolist() == expected, text[:40]


def test_exact_key_equals_text_hash(corpus_texts):
    assert [exact_key(t) for t in corpus_texts] == [text_hash(t) for t in corpus_texts]


def test_batched_exact_keys_equal_text_hash(corpus_texts):
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    alphabet = spaces + ["a", "\u00e9", "\u2019", "\u1681", "\u3001", "\U0001f600", "\u00c2"]
    rng = random.Random(5)
    odd = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(2000)]
    for texts in (corpus_texts, odd, odd[::-1], []):
        assert folded_keys([folded_utf8(t) for t in texts]).tolist() == [text_hash(t) for t in texts]


def test_vectorised_signatures_equal_datasketch_byte_for_byte(corpus_texts):
    texts = [t for t in corpus_texts if shingles(t, 3)]
    ours = signatures([shingle_hashes(t, 3) for t in texts], 128)
    for text, row in zip(texts, ours, strict=False):
        reference = MinHash(num_perm=128, seed=SEED, scheme=SCHEME, hashfunc=shingle_hash)
        reference.update_batch([s.encode("utf-8") for s in shingles(text, 3)])
        assert row.tobytes() == reference.hashvalues.tobytes()
        assert signature(text, 3, 128).hashvalues.tobytes() == reference.hashvalues.tobytes()


def test_signatures_span_blocks_and_other_widths():
    rng = np.random.default_rng(0)
    hashes = [rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32) for size in (1, 20_000, 7, 3)]
    for num_perm in (16, 256):
        ours = signatures(hashes, num_perm)
        for values, row in zip(hashes, ours, strict=False):
            reference = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, hashfunc=int)
            reference.update_batch(values.tolist())
            assert (row == reference.hashvalues).all()


def test_signatures_work_in_datasketch_lsh():
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    base = " ".join(f"word{i}" for i in range(200))
    lsh.insert("base", signature(base, 3, 128))
    near = signature(base.replace("word50", "other"), 3, 128)
    assert lsh.query(near) == ["base"]
    buffer = bytearray(near.bytesize())
    near.serialize(buffer)
    assert LeanMinHash.deserialize(buffer) == near


def test_band_keys_match_equal_bands_only():
    sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [9, 9, 3, 4], [3, 4, 1, 2]], dtype=np.uint32)
    keys = band_keys(sigs, bands=2, rows=2)
    assert keys[0, 0] == keys[1, 0] and keys[0, 1] == keys[2, 1]
    assert keys[0, 0] != keys[3, 1] and keys[0, 1] != keys[3, 0]  # same values, other band
    pairs = bucket_pairs(keys.ravel(), np.repeat(np.arange(4), 2))
    assert pairs.tolist() == [[0, 1], [0, 2]]


def test_bucket_pairs_pairs_every_member_of_large_buckets():
    keys = np.array([5, 5, 5, 5, 7, 7, 8], dtype=np.uint64)
    ids = np.array([3, 1, 2, 0, 4, 6, 5])
    assert bucket_pairs(keys, ids).tolist() == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [4, 6]]


def test_bands_rows_are_datasketchs():
    lsh = MinHashLSH(threshold=0.6, num_perm=128)
    assert bands_rows(0.6, 128) == (lsh.b, lsh.r)


@pytest.mark.slow
@pytest.mark.parametrize("config", [Config(), Config(ngram=5, threshold=0.5, num_perm=64)])
def test_find_pairs_equals_the_straightforward_datasketch_path(corpus_texts, config):
    ours = [(p.a, p.b, p.similarity, p.exact, p.duplicate) for p in find_pairs(corpus_texts, config)]
    assert ours == straightforward_pairs(corpus_texts, config)
    assert any(p[3] for p in ours) and any(p[4] and not p[3] for p in ours)


def test_processes_give_the_same_pairs(corpus_texts, monkeypatch):
    one = find_pairs(corpus_texts, Config(jobs=1))
    monkeypatch.setattr(workers, "CHUNK_TEXTS", 50)
    monkeypatch.setattr(local, "CHUNK_PAIRS", 7)
    monkeypatch.setattr(local, "MIN_CHUNK_PAIRS", 3)
    assert find_pairs(corpus_texts, Config(jobs=2)) == one


def _worker_pid(shared: int, item: int) -> int:
    time.sleep(0.01)  # so that both workers take items
    return os.getpid()


def test_workers_keep_order_and_serve_several_maps_with_the_same_processes():
    with Workers(0, jobs=2) as workers:
        assert list(workers.map(operator.sub, range(-40, 0))) == list(range(40, 0, -1))
        first = set(workers.map(_worker_pid, range(20)))
        second = set(workers.map(_worker_pid, range(20)))
    assert len(first) == 2 and second == first and os.getpid() not in first


def _shared_and_pid(shared: list[str], item: int) -> tuple[tuple[str, ...], int]:
    time.sleep(0.01)
    return tuple(shared), os.getpid()


def test_workers_in_a_pool_use_its_processes_forked_again_only_for_a_new_shared_value():
    texts, other = ["a", "b"], ["c"]
    with Pool(2) as pool:
        with Workers(texts, jobs=2) as workers:
            first = set(workers.map(_shared_and_pid, range(20)))
        with Workers(texts, jobs=2) as workers:  # the same value: the same processes, still up
            assert set(workers.map(_shared_and_pid, range(20))) == first
        assert pool.starts == 1
        with Workers(other, jobs=2) as workers:
            then = set(workers.map(_shared_and_pid, range(20)))
        assert {shared for shared, _ in then} == {("c",)}
        assert pool.starts == 2 and not {pid for _, pid in then} & {pid for _, pid in first}
        with Workers(texts, jobs=3) as workers:  # another number of processes: its own, not the pool's
            list(workers.map(_shared_and_pid, range(20)))
        assert pool.starts == 2
    assert {shared for shared, _ in first} == {("a", "b")}


def test_released_values_leave_the_pool_and_others_stay():
    texts, other = ["a", "b"], ["c"]
    with Pool(2) as pool:
        with Workers(texts, jobs=2) as workers:
            first = set(workers.map(_shared_and_pid, range(20)))
        release(other)  # not the value the processes hold: they stay up
        with Workers(texts, jobs=2) as workers:
            assert set(workers.map(_shared_and_pid, range(20))) == first and pool.starts == 1
        release(texts)  # done with: the processes go, and with them the pool's hold on the value
        with Workers(texts, jobs=2) as workers:
            again = set(workers.map(_shared_and_pid, range(20)))
        assert pool.starts == 2 and not {pid for _, pid in again} & {pid for _, pid in first}
    release(texts)  # no pool open: nothing to do


def test_a_map_started_while_another_runs_on_the_pool_does_not_cancel_it():
    with Pool(2) as pool, Workers(["a"], jobs=2) as outer, Workers(["b"], jobs=2) as inner:
        results = []
        for shared, _ in outer.map(_shared_and_pid, range(10)):  # still in flight while the inner maps run
            results.append(shared)
            results.extend(shared for shared, _ in inner.map(_shared_and_pid, range(4)))
        assert pool.maps == 0 and pool.starts == 1  # the inner maps ran on processes of their own
    assert results.count(("a",)) == 10 and results.count(("b",)) == 40


@pytest.mark.parametrize(
    "settings, name",
    [({"jobs": -1}, "jobs"), ({"engine": "spark"}, "engine"), ({"scheduler": "tcp://h:1"}, "scheduler")],
)
def test_bad_scale_settings_are_usage_errors(settings, name):
    with pytest.raises(UsageError, match=f"^{name} "):  # the library names the setting (the CLI its flag)
        Config(**settings)


def test_an_article_longer_than_a_block_gets_the_same_signature():
    from newsmill.hashing.signatures import BLOCK_ROWS

    rng = np.random.default_rng(7)
    long = rng.integers(0, 2**32, size=2 * BLOCK_ROWS + 17, dtype=np.uint64).astype(np.uint32)
    short = rng.integers(0, 2**32, size=50, dtype=np.uint64).astype(np.uint32)
    got = signatures([short, long, short], 64)
    for row, hashes in zip(got, (short, long, short), strict=False):
        expected = MinHash(num_perm=64, seed=1, scheme="affine32", hashfunc=int)
        expected.update_batch([int(h) for h in hashes])
        assert (row == expected.hashvalues).all()
