import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newsmill.hashing.lsh import bucket_pairs, runs_of_rest, union_of_pairs, unique_pairs

pair_lists = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=60)


def as_array(pairs: list[tuple[int, int]]) -> np.ndarray:
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


@given(pair_lists)
def test_unique_pairs_orders_each_pair_and_drops_self_pairs_and_repeats(pairs):
    expected = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    assert [tuple(row) for row in unique_pairs(as_array(pairs)).tolist()] == expected


@given(st.lists(pair_lists, max_size=6))
def test_the_union_of_unique_pairs_is_the_unique_pairs_of_them_all(parts):
    each = [unique_pairs(as_array(part)) for part in parts]
    union = union_of_pairs(each)
    assert union.dtype == np.int64 and union.shape[1] == 2
    assert (union == unique_pairs(as_array([pair for part in parts for pair in part]))).all()


def test_pairs_of_large_numbers_keep_both_halves():
    big = [(2**32 - 1, 2**31), (5, 2**32 - 2)]
    assert unique_pairs(as_array(big)).tolist() == [[5, 2**32 - 2], [2**31, 2**32 - 1]]
    assert union_of_pairs([unique_pairs(as_array(big[:1])), unique_pairs(as_array(big))]).tolist() == [
        [5, 2**32 - 2],
        [2**31, 2**32 - 1],
    ]


@given(st.lists(st.integers(0, 2**64 - 1) | st.sampled_from([0, 1, 2**63, 2**64 - 1]), max_size=80))
def test_runs_of_rest_hold_every_position_whose_key_another_has(keys):
    positions, opens = runs_of_rest(np.array(keys, dtype=np.uint64))
    shared = [at for at, key in enumerate(keys) if keys.count(key) > 1]
    assert set(shared) <= set(positions.tolist()) and len(set(positions.tolist())) == len(positions)
    for run in np.split(positions, np.flatnonzero(opens)[1:]) if len(positions) else []:  # ascending, two or more
        assert len(run) >= 2 and (np.diff(run) > 0).all()


@given(st.lists(st.integers(0, 7), max_size=40), st.integers(0, 2**60))
def test_bucket_pairs_pair_every_two_ids_of_a_key(small, spread):
    values = [key * spread % 2**64 for key in small]  # keys that may agree in their high or low bits only
    keys = np.array(values, dtype=np.uint64)
    ids = np.arange(len(small)) * 3 + 1
    count = len(values)
    same = [(i, j) for i in range(count) for j in range(i + 1, count) if values[i] == values[j]]
    expected = sorted((int(ids[i]), int(ids[j])) for i, j in same)
    assert [tuple(pair) for pair in bucket_pairs(keys, ids).tolist()] == expected
