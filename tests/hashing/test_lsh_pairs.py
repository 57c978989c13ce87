import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newsmill.hashing.lsh import union_of_pairs, unique_pairs

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
