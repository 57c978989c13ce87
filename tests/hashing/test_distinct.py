import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newsmill.hashing.distinct import distinct, run_firsts


@given(st.lists(st.integers(0, 2**64 - 1), max_size=80), st.sampled_from([np.uint64, np.int64, np.uint32]))
def test_distinct_is_what_np_unique_gives(values, dtype):
    array = np.array([v % (2**31) if dtype is not np.uint64 else v for v in values], dtype=np.uint64).astype(dtype)
    found = distinct(array)
    assert found.dtype == array.dtype and found.tolist() == np.unique(array).tolist()


def test_distinct_flattens_like_np_unique():
    pairs = np.array([[3, 1], [1, 2], [3, 3]])
    assert distinct(pairs).tolist() == np.unique(pairs).tolist() == [1, 2, 3]


@given(st.lists(st.integers(0, 5), max_size=40))
def test_run_firsts_mark_the_first_of_each_run_of_equal_values(values):
    ordered = np.sort(np.array(values, dtype=np.int64))
    firsts = run_firsts(ordered).tolist()
    assert firsts == [at == 0 or ordered[at] != ordered[at - 1] for at in range(len(ordered))]
